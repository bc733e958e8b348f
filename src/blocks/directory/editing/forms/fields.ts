import { randomUUID } from 'node:crypto';

/**
 * What every editing form shares: reading a posted form's fields, and problems named by field
 * with a message key (the pages put them into the reader's language, so these functions stay
 * pure and testable without a request).
 */

/** One problem with one field: the field's id (the error summary links to it) and why, as a message key. */
export interface FieldError {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/** A posted form as Fastify's form parser gives it: a field may come once, twice (a list) or not at all. */
export type FormBody = Record<string, unknown>;

/** Limits on what people type: long enough for real listings, short enough to read on a phone. */
export const LIMITS = {
  name: 200,
  description: 4000,
  short: 200,
  email: 254,
  url: 500,
  phone: 40,
  reason: 500,
  note: 1000,
} as const;

/**
 * A field's text: the first value if posted twice (a double-submitted or forged form), line
 * endings as `\n`, trimmed. Anything that is not text counts as empty.
 */
export function field(body: FormBody, name: string): string {
  let value = body[name];
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

/** Every value of a field that may repeat (checkboxes). */
export function fieldList(body: FormBody, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
export const length = (text: string) => [...text].length;

/** Control characters other than line breaks and tabs never belong in a listing. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Check a text field: required or not, and at most `max` characters. */
export function checkText(errors: FieldError[], id: string, value: string, options: { required?: boolean; max: number; what: string }): void {
  if (!value) {
    if (options.required) errors.push({ field: id, key: 'directory.edit.error.required', params: { what: options.what } });
    return;
  }
  if (length(value) > options.max) errors.push({ field: id, key: 'directory.edit.error.too_long', params: { what: options.what, max: options.max } });
  else if (CONTROL.test(value)) errors.push({ field: id, key: 'directory.edit.error.control', params: { what: options.what } });
}

const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]{2,}$/;

export function checkEmail(errors: FieldError[], id: string, value: string, what: string): void {
  if (value && (value.length > LIMITS.email || !EMAIL.test(value))) errors.push({ field: id, key: 'directory.edit.error.email', params: { what } });
}

/** A web address people type ("www.example.org" included); https is assumed without a scheme. */
export function normaliseUrl(value: string): string | undefined {
  if (!value) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname.includes('.') || url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function checkUrl(errors: FieldError[], id: string, value: string, what: string): string | undefined {
  if (!value) return undefined;
  const url = normaliseUrl(value);
  if (!url || url.length > LIMITS.url) {
    errors.push({ field: id, key: 'directory.edit.error.url', params: { what } });
    return undefined;
  }
  return url;
}

/** A UK phone number as people write it: digits, spaces, brackets, a leading +, 5 to 15 digits. */
export function checkPhone(errors: FieldError[], id: string, value: string, what: string): void {
  if (!value) return;
  const digits = value.replace(/\D/g, '');
  if (!/^\+?[\d\s()-]+$/.test(value) || digits.length < 5 || digits.length > 15) errors.push({ field: id, key: 'directory.edit.error.phone', params: { what } });
}

/** A whole number of years, 0 to 120; undefined for empty; NaN for anything else. */
export function parseAge(value: string): number | undefined {
  if (!value) return undefined;
  if (!/^\d{1,3}$/.test(value)) return Number.NaN;
  const n = Number(value);
  return n <= 120 ? n : Number.NaN;
}

/** A GOV.UK date input's three fields (`<id>-day`, `-month`, `-year`). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const dateParts = (body: FormBody, id: string): DateParts => ({
  day: field(body, `${id}-day`),
  month: field(body, `${id}-month`),
  year: field(body, `${id}-year`),
});

export const emptyDate = (parts: DateParts) => !parts.day && !parts.month && !parts.year;

export function partsOf(date: string | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' };
}

/**
 * `YYYY-MM-DD` from a date input; undefined when empty. Problems are added (the GOV.UK
 * messages: what is missing, or that it must be a real date) and give `null`.
 */
export function parseDate(errors: FieldError[], id: string, parts: DateParts, what: string, required = false): string | null | undefined {
  if (emptyDate(parts)) {
    if (required) {
      errors.push({ field: `${id}-day`, key: 'directory.edit.error.date_missing', params: { what } });
      return null;
    }
    return undefined;
  }
  const missing = (['day', 'month', 'year'] as const).find((p) => !parts[p]);
  if (missing) {
    errors.push({ field: `${id}-${missing}`, key: `directory.edit.error.date_missing_${missing}`, params: { what } });
    return null;
  }
  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  const valid =
    /^\d{1,2}$/.test(parts.day) && /^\d{1,2}$/.test(parts.month) && /^\d{4}$/.test(parts.year) &&
    year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!valid) {
    errors.push({ field: `${id}-day`, key: 'directory.edit.error.date_real', params: { what } });
    return null;
  }
  return `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A time of day as people type it — "9", "9:30", "9.30", "9am", "2:30pm", "14:00", "midday",
 * "noon", "midnight" (as a closing time: the end of the day) — as `HH:MM`; undefined if it is not one.
 */
export function parseTime(value: string, closing = false): string | undefined {
  const text = value.trim().toLowerCase().replace(/\s+/g, '');
  if (!text) return undefined;
  if (text === 'midday' || text === 'noon' || text === 'canoldydd' || text === 'hanner dydd') return '12:00';
  if (text === 'midnight' || text === 'hannernos') return closing ? '24:00' : '00:00';
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|yb|yh)?$/.exec(text);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  const half = m[3];
  if (minutes > 59) return undefined;
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    if (half === 'am' || half === 'yb') hours = hours === 12 ? 0 : hours;
    else hours = hours === 12 ? 12 : hours + 12;
  }
  if (hours === 24 && minutes === 0 && closing) return '24:00';
  if (hours > 23) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A new row's id. Rows that already exist keep theirs, so a change's diff shows what really changed. */
export const newId = () => randomUUID();

export { UUID } from '../../../../platform/uuid.js';

/** A form's outcome: the changed document, or the problems (nothing is changed). */
export type FormResult<T> = { document: T; errors?: undefined } | { errors: FieldError[]; document?: undefined };

/** Leave out empty optional text (ORUK: an empty optional field is left out, never null). */
export function optional<T extends object, K extends string>(target: T, key: K, value: string | number | undefined): T {
  const out = { ...target } as Record<string, unknown>;
  if (value === undefined || value === '') delete out[key];
  else out[key] = value;
  return out as T;
}
