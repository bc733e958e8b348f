import type { Translate } from '../../../platform/web/i18n.js';

/**
 * The warning on a card and a service page past HEARTH_STALE_FLAG_MONTHS: the existing "over a
 * year" wording at the default of 12 months, else the number of months the council chose.
 */
export function staleWarning(t: Translate, flagMonths: number): string {
  return flagMonths === 12 ? t('directory.stale') : t('directory.staleness.flag', { months: flagMonths });
}
