import type { Translate } from '../../../../platform/web/i18n.js';
import type { CategoryKind } from '../../categories.js';
import type { RecordItem } from '../../record.js';
import { inputsOf } from './values.js';

/** A record's values as lines of text in the reader's language, and where each came from. */

const LONG_DATE = { en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }), cy: new Intl.DateTimeFormat('cy-GB', { dateStyle: 'long', timeZone: 'Europe/London' }) };

/** A UK date: 3 December 2026 (3 Rhagfyr 2026). */
export const ukDate = (date: Date | string, locale: string): string => (locale === 'cy' ? LONG_DATE.cy : LONG_DATE.en).format(new Date(date));

/** A date of birth held as 'YYYY-MM-DD', as a UK date (it has no time zone: read as written). */
const dayDate = (iso: string, locale: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? ukDate(`${iso}T12:00:00Z`, locale) : iso);

/** Who gave a value: you, someone acting for you, or a team or partner by name. */
export function sourceText(t: Translate, source: RecordItem['source']): string {
  if (source.kind === 'resident') return t('vault.record.source.resident');
  return t(`vault.record.source.${source.kind}`, { name: source.name });
}

/** The lines a value reads as (an empty list for a value with nothing in it). */
export function valueLines(t: Translate, kind: CategoryKind, value: unknown, locale: string): string[] {
  const v = inputsOf(kind, value);
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const list = (k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : []);
  switch (kind) {
    case 'name':
      return [s('fullName'), s('preferredName') ? t('vault.record.value.preferred', { name: s('preferredName') }) : ''].filter(Boolean);
    case 'contact':
      return [s('email'), s('phone')].filter(Boolean);
    case 'preferences':
      return [
        s('channel') ? t('vault.record.value.channel', { channel: t(`vault.record.channel.${s('channel')}`) }) : '',
        s('language') ? t('vault.record.value.language', { language: t(`vault.record.language.${s('language')}`) }) : '',
        list('formats').length ? t('vault.record.value.formats', { formats: list('formats').map((f) => t(`vault.record.format.${f}`)).join(', ') }) : '',
      ].filter(Boolean);
    case 'address':
      return [s('line1'), s('line2'), s('town'), s('postcode'), s('uprn') ? t('vault.record.value.uprn', { uprn: s('uprn') }) : ''].filter(Boolean);
    case 'household': {
      const born = [s('dateOfBirth-year'), s('dateOfBirth-month').padStart(2, '0'), s('dateOfBirth-day').padStart(2, '0')].join('-');
      return [
        s('relationship') ? t('vault.record.value.member', { name: s('memberName'), relationship: s('relationship') }) : s('memberName'),
        s('dateOfBirth-year') ? t('vault.record.value.born', { date: dayDate(born, locale) }) : '',
      ].filter(Boolean);
    }
    case 'benefits': {
      const held = list('held').map((b) => t(`vault.record.benefit.${b}`));
      if (s('other')) held.push(s('other'));
      return held.length ? held : [t('vault.record.value.no_benefits')];
    }
    case 'circumstance':
      return [s('applies') === 'yes' ? t('vault.record.value.yes') : s('applies') === 'no' ? t('vault.record.value.no') : '', s('details')].filter(Boolean);
  }
}
