import { EMAIL, MAX_EMAIL } from '../../../identity/index.js';
import { normalisePostcode } from '../../../../platform/geo/postcode.js';
import type { CategoryKind } from '../../categories.js';

/**
 * What each kind of category holds, and how a resident's form becomes a value: every field
 * checked, each problem named by field (a message key `vault.record.error.<field>.<reason>`),
 * what was typed kept to show again. The value shapes are documented in README ("The vault").
 */

export type Inputs = Record<string, string | string[]>;
export interface FieldError {
  field: string;
  reason: string;
}
export type Read = { value: unknown; inputs: Inputs; errors: FieldError[] };

export { BENEFITS, CHANNELS, FORMATS, LANGUAGES } from '../../value-lists.js';
import { BENEFITS, CHANNELS, FORMATS, LANGUAGES } from '../../value-lists.js';

export const LIMITS = { name: 200, short: 100, details: 1000, other: 500 } as const;

/** One line of text as typed: control characters become spaces, runs of spaces one. */
const line = (v: unknown) => (typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim() : '');
/** Several lines (details): line breaks kept as `\n`, other control characters dropped. */
const lines = (v: unknown) =>
  typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').trim() : '';
/** The values of checkboxes (one, several or none arrive). */
const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

const PHONE_CHARS = /^\+?[0-9 ()-]+$/;
/** A UK number (01…, 07…, +44…) or an international one (+ and 7 to 15 digits). */
export function phoneOk(value: string): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/[^0-9+]/g, '');
  return /^(?:0\d{9,10}|\+44\d{9,10}|\+[1-9]\d{6,14})$/.test(digits);
}

/** A date of birth from GOV.UK's date input: '' when left empty, 'YYYY-MM-DD', or a problem. */
export function readDate(day: string, month: string, year: string, today: Date): { date: string } | { reason: 'incomplete' | 'invalid' | 'future' } {
  if (!day && !month && !year) return { date: '' };
  if (!day || !month || !year) return { reason: 'incomplete' };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { reason: 'invalid' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { reason: 'invalid' };
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (iso > today.toISOString().slice(0, 10)) return { reason: 'future' };
  return { date: iso };
}

type Body = Record<string, unknown>;

function readName(body: Body): Read {
  const inputs = { fullName: line(body.fullName), preferredName: line(body.preferredName) };
  const errors: FieldError[] = [];
  if (!inputs.fullName) errors.push({ field: 'fullName', reason: 'missing' });
  else if (inputs.fullName.length > LIMITS.name) errors.push({ field: 'fullName', reason: 'too_long' });
  if (inputs.preferredName.length > LIMITS.short) errors.push({ field: 'preferredName', reason: 'too_long' });
  return { inputs, errors, value: { fullName: inputs.fullName, ...(inputs.preferredName ? { preferredName: inputs.preferredName } : {}) } };
}

function readContact(body: Body): Read {
  const inputs = { email: line(body.email), phone: line(body.phone) };
  const errors: FieldError[] = [];
  if (inputs.email.length > MAX_EMAIL) errors.push({ field: 'email', reason: 'too_long' });
  else if (inputs.email && !EMAIL.test(inputs.email)) errors.push({ field: 'email', reason: 'invalid' });
  if (inputs.phone && !phoneOk(inputs.phone)) errors.push({ field: 'phone', reason: 'invalid' });
  return { inputs, errors, value: { ...(inputs.email ? { email: inputs.email } : {}), ...(inputs.phone ? { phone: inputs.phone } : {}) } };
}

function readPreferences(body: Body): Read {
  const inputs = { channel: line(body.channel), language: line(body.language), formats: many(body.formats) };
  const errors: FieldError[] = [];
  if (!(CHANNELS as readonly string[]).includes(inputs.channel)) errors.push({ field: 'channel', reason: 'missing' });
  if (!(LANGUAGES as readonly string[]).includes(inputs.language)) errors.push({ field: 'language', reason: 'missing' });
  if (inputs.formats.some((f) => !(FORMATS as readonly string[]).includes(f))) errors.push({ field: 'formats', reason: 'invalid' });
  return { inputs, errors, value: { channel: inputs.channel, language: inputs.language, formats: FORMATS.filter((f) => inputs.formats.includes(f)) } };
}

function readAddress(body: Body): Read {
  const inputs = { line1: line(body.line1), line2: line(body.line2), town: line(body.town), postcode: line(body.postcode), uprn: line(body.uprn) };
  const errors: FieldError[] = [];
  for (const field of ['line1', 'line2', 'town'] as const) {
    if (!inputs[field] && field !== 'line2') errors.push({ field, reason: 'missing' });
    else if (inputs[field].length > LIMITS.short) errors.push({ field, reason: 'too_long' });
  }
  const postcode = /^[A-Za-z0-9 ]{5,8}$/.test(inputs.postcode) ? normalisePostcode(inputs.postcode) : undefined;
  if (!inputs.postcode) errors.push({ field: 'postcode', reason: 'missing' });
  else if (!postcode) errors.push({ field: 'postcode', reason: 'invalid' });
  if (inputs.uprn && !/^\d{1,12}$/.test(inputs.uprn)) errors.push({ field: 'uprn', reason: 'invalid' });
  return {
    inputs,
    errors,
    value: {
      lines: [inputs.line1, inputs.line2].filter(Boolean),
      town: inputs.town,
      postcode: postcode ?? inputs.postcode,
      ...(inputs.uprn ? { uprn: inputs.uprn.replace(/^0+(?=\d)/, '') } : {}),
    },
  };
}

/** One person of the household. */
export function readMember(body: Body, today: Date): Read {
  const inputs = {
    memberName: line(body.memberName),
    relationship: line(body.relationship),
    'dateOfBirth-day': line(body['dateOfBirth-day']),
    'dateOfBirth-month': line(body['dateOfBirth-month']),
    'dateOfBirth-year': line(body['dateOfBirth-year']),
  };
  const errors: FieldError[] = [];
  if (!inputs.memberName) errors.push({ field: 'memberName', reason: 'missing' });
  else if (inputs.memberName.length > LIMITS.name) errors.push({ field: 'memberName', reason: 'too_long' });
  if (!inputs.relationship) errors.push({ field: 'relationship', reason: 'missing' });
  else if (inputs.relationship.length > LIMITS.short) errors.push({ field: 'relationship', reason: 'too_long' });
  const born = readDate(inputs['dateOfBirth-day'], inputs['dateOfBirth-month'], inputs['dateOfBirth-year'], today);
  if ('reason' in born) errors.push({ field: 'dateOfBirth', reason: born.reason });
  const dateOfBirth = 'date' in born ? born.date : '';
  return { inputs, errors, value: { name: inputs.memberName, relationship: inputs.relationship, ...(dateOfBirth ? { dateOfBirth } : {}) } };
}

function readCircumstance(body: Body): Read {
  const inputs = { applies: line(body.applies), details: lines(body.details) };
  const errors: FieldError[] = [];
  if (inputs.applies !== 'yes' && inputs.applies !== 'no') errors.push({ field: 'applies', reason: 'missing' });
  if (inputs.details.length > LIMITS.details) errors.push({ field: 'details', reason: 'too_long' });
  return { inputs, errors, value: { applies: inputs.applies === 'yes', ...(inputs.details ? { details: inputs.details } : {}) } };
}

function readBenefits(body: Body): Read {
  const inputs = { held: many(body.held), other: lines(body.other) };
  const errors: FieldError[] = [];
  if (inputs.held.some((b) => !(BENEFITS as readonly string[]).includes(b))) errors.push({ field: 'held', reason: 'invalid' });
  if (inputs.other.length > LIMITS.other) errors.push({ field: 'other', reason: 'too_long' });
  return { inputs, errors, value: { held: BENEFITS.filter((b) => inputs.held.includes(b)), ...(inputs.other ? { other: inputs.other } : {}) } };
}

/** The form of a category of this kind, read (household members are read one at a time: `readMember`). */
export function readValue(kind: Exclude<CategoryKind, 'household'>, body: Body): Read {
  switch (kind) {
    case 'name':
      return readName(body);
    case 'contact':
      return readContact(body);
    case 'preferences':
      return readPreferences(body);
    case 'address':
      return readAddress(body);
    case 'benefits':
      return readBenefits(body);
    case 'circumstance':
      return readCircumstance(body);
  }
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The form's fields filled from a value held (read defensively: a value written by a partner system may lack a field). */
export function inputsOf(kind: CategoryKind, value: unknown): Inputs {
  const v = obj(value);
  switch (kind) {
    case 'name':
      return { fullName: text(v.fullName), preferredName: text(v.preferredName) };
    case 'contact':
      return { email: text(v.email), phone: text(v.phone) };
    case 'preferences':
      return { channel: text(v.channel), language: text(v.language), formats: texts(v.formats) };
    case 'address': {
      const [line1 = '', line2 = ''] = texts(v.lines);
      return { line1, line2, town: text(v.town), postcode: text(v.postcode), uprn: text(v.uprn) };
    }
    case 'household': {
      const [year = '', month = '', day = ''] = text(v.dateOfBirth).split('-');
      return { memberName: text(v.name), relationship: text(v.relationship), 'dateOfBirth-day': day.replace(/^0/, ''), 'dateOfBirth-month': month.replace(/^0/, ''), 'dateOfBirth-year': year };
    }
    case 'benefits':
      return { held: texts(v.held), other: text(v.other) };
    case 'circumstance':
      return { applies: v.applies === true ? 'yes' : v.applies === false ? 'no' : '', details: text(v.details) };
  }
}
