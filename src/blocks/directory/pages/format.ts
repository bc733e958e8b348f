import type { Translate } from '../../../platform/web/i18n.js';

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' });

/** Year, month (1-12) and day of a date-only string or of an instant as it falls in the UK. */
function dateParts(value: string | Date): { year: number; month: number; day: number } | undefined {
  if (typeof value === 'string') {
    // A date without a time has no time zone: read it as written rather than via Date.
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (dateOnly) return { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]) };
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const parts = Object.fromEntries(LONDON_DATE.formatToParts(date).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** The same day `months` calendar months earlier (31 March less one month is 28 or 29 February). */
export function monthsEarlier(p: { year: number; month: number; day: number }, months: number): { year: number; month: number; day: number } {
  const index = p.year * 12 + (p.month - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(p.day, lastDay) };
}

/**
 * Whether a listing last checked on this date (a date, or an instant read as its UK date) was
 * checked more than `months` months before `now`'s UK date: with 12, 2 March 2025 is over a year
 * before 3 March 2026. The public pages flag such a listing (HEARTH_STALE_FLAG_MONTHS).
 */
export function checkedLongAgo(value: string | Date | null | undefined, now: Date, months: number): boolean {
  if (value === null || value === undefined || value === '') return false;
  const checked = dateParts(value);
  const today = dateParts(now);
  if (!checked || !today) return false;
  const key = (p: { year: number; month: number; day: number }) => p.year * 10000 + p.month * 100 + p.day;
  return key(checked) < key(monthsEarlier(today, months));
}

/** Over a year: `checkedLongAgo` with the default limit of 12 months. */
export function checkedOverAYearAgo(value: string | Date | null | undefined, now: Date): boolean {
  return checkedLongAgo(value, now, 12);
}

/** The UK date of an instant (or a date as written), as YYYY-MM-DD. */
export function ukDate(value: string | Date): string | undefined {
  const p = dateParts(value);
  return p && `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** GOV.UK date style: "3 March 2026" ("3 Mawrth 2026"). */
export function formatDate(t: Translate, value: string | Date | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const parts = dateParts(value);
  if (!parts) return undefined;
  return t('directory.date', { day: parts.day, month: t(`directory.month.${parts.month}`), year: parts.year });
}

/**
 * GOV.UK time style: "9am", "5:30pm", "midday", "midnight" (Welsh: "9yb", "5:30yh", ...).
 * `mutated` is the form after a word that mutates what follows in Welsh ("i ganol dydd").
 */
export function formatTime(t: Translate, value: string | null | undefined, mutated = false): string | undefined {
  const m = /^(\d{1,2}):(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 24 || minutes > 59) return undefined;
  if (minutes === 0 && (hours === 0 || hours === 24)) return t('directory.time.midnight');
  if (minutes === 0 && hours === 12) return t(mutated ? 'directory.time.midday_mutated' : 'directory.time.midday');
  const clock = `${hours % 12 === 0 ? 12 : hours % 12}${minutes ? `:${m[2]}` : ''}`;
  return t(hours < 12 || hours === 24 ? 'directory.time.am' : 'directory.time.pm', { time: clock });
}

/** "0.8 miles away": people in the UK read road distances in miles, to one decimal place. */
export function formatDistance(t: Translate, metres: number | null | undefined): string | undefined {
  if (typeof metres !== 'number' || !Number.isFinite(metres) || metres < 0) return undefined;
  const miles = (metres / 1609.344).toFixed(1);
  return t('directory.distance.away', { miles });
}

/** Who a service is for, by age: "Ages 16 to 25", "Ages 18 and over", "Ages up to 11". */
export function formatAges(t: Translate, min: number | null | undefined, max: number | null | undefined): string | undefined {
  const hasMin = typeof min === 'number' && min > 0;
  const hasMax = typeof max === 'number' && max < 120;
  if (hasMin && hasMax) return t('directory.ages.between', { min: min!, max: max! });
  if (hasMin) return t('directory.ages.min', { min: min! });
  if (hasMax) return t('directory.ages.max', { max: max! });
  return undefined;
}

/** "£5", "£2.50" (GOV.UK style: no ".00"); another currency keeps its code. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  const whole = Number.isInteger(amount);
  const text = whole ? amount.toLocaleString('en-GB') : amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const code = (currency ?? 'GBP').toUpperCase();
  return code === 'GBP' ? `£${text}` : `${text} ${code}`;
}

/** The first sentences of a description, cut at a word boundary, for a results list. */
export function shortText(text: string | null | undefined, max = 220): string {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** Join phrases as people write them: "a", "a and b", "a, b and c" (Welsh: "a, b a c"). */
export function joinList(t: Translate, items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return t('directory.list.and', { items: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}
