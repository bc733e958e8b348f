import { safeReturnPath } from './common.js';

/**
 * Links between search pages: the same search on another page, without a filter, or widened.
 * Parameters are written in a stable order and defaults are left out, so links stay short.
 */
export type QueryValues = Record<string, string | number | boolean | Array<string | number> | undefined | null>;

const ORDER = ['q', 'near', 'radius', 'age', 'free', 'open_now', 'day', 'time', 'language', 'accessibility', 'delivery', 'taxonomy_term', 'per_page', 'page'];
const DEFAULTS: Record<string, string> = { page: '1', per_page: '10' };

export function searchQueryString(values: QueryValues): string {
  const params = new URLSearchParams();
  const keys = [...ORDER, ...Object.keys(values).filter((k) => !ORDER.includes(k)).sort()];
  for (const key of keys) {
    const value = values[key];
    if (value === undefined || value === null || value === '' || value === false) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = String(item);
      if (text !== '' && DEFAULTS[key] !== text) params.append(key, text);
    }
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function searchUrl(basePath: string, values: QueryValues): string {
  return `${basePath}/search${searchQueryString(values)}`;
}

/** The same values less some keys (and back on the first page). */
export function without(values: QueryValues, ...keys: string[]): QueryValues {
  const copy: QueryValues = { ...values, page: undefined };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Page numbers to offer: the first, the last, and two either side of the current one. */
export function pageNumbers(current: number, total: number): Array<number | 'gap'> {
  const pages: Array<number | 'gap'> = [];
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - current) <= 2) pages.push(n);
    else if (pages[pages.length - 1] !== 'gap') pages.push('gap');
  }
  return pages;
}

/**
 * The results page a service page was reached from, from its `from` parameter: kept only when it
 * is this council's own search page (a path, never an address elsewhere), else undefined.
 */
export function resultsPathFrom(basePath: string, value: unknown): string | undefined {
  const path = safeReturnPath(basePath, value, '');
  if (!path) return undefined;
  const url = new URL(path, 'http://hearth.invalid');
  return url.pathname === `${basePath}/search` && url.search ? path : undefined;
}

/** A service's page, remembering the results it was found in. */
export function serviceHref(basePath: string, id: string, from?: string): string {
  return `${basePath}/services/${id}${from ? `?from=${encodeURIComponent(from)}` : ''}`;
}
