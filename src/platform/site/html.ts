import type { Locale, Translate } from '../web/i18n.js';
import { escapeHtml } from './markup.js';

/**
 * A catalogue message that holds HTML (a `*_html` key: a sentence with a link in it), with
 * every value put into it escaped. Output it with `| safe`.
 */
export function tHtml(t: Translate, key: string, vars: Record<string, string | number> = {}): string {
  const escaped: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) escaped[name] = typeof value === 'string' ? escapeHtml(value) : value;
  return t(key, escaped);
}

/** A day (YYYY-MM-DD) as people write it: "3 December 2026", "3 Rhagfyr 2026". */
export function formatDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A moment as people read it, in London time. */
export function formatWhen(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(date));
}
