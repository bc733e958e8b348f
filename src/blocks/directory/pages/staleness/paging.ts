import type { Translate } from '../../../../platform/web/i18n.js';

/** GOV.UK pagination for a staff list: first, last and two either side of the current page. */
export function pagination(t: Translate, page: number, pages: number, href: (n: number) => string) {
  if (pages <= 1) return undefined;
  return {
    landmarkLabel: t('directory.staleness.pagination.label'),
    previous: page > 1 ? { href: href(page - 1), text: t('directory.staleness.pagination.previous') } : undefined,
    next: page < pages ? { href: href(page + 1), text: t('directory.staleness.pagination.next') } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
      .flatMap((n, i, shown) => [
        ...(i > 0 && n - shown[i - 1] > 1 ? [{ ellipsis: true }] : []),
        { number: String(n), href: href(n), current: n === page, visuallyHiddenText: t('directory.staleness.pagination.page', { number: n }) },
      ]),
  };
}
