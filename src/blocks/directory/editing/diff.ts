import type { Translate } from '../../../platform/web/i18n.js';
import { formatDate, formatMoney } from '../pages/format.js';
import { describeOpeningTimes, type ScheduleInput } from '../pages/opening-times.js';
import { translatorFor } from './messages.js';

/**
 * A readable difference between two versions of a listing, field by field and in words, for
 * the managers' queue and the history's comparison: "Opening times: Monday, 10am to 2pm →
 * Monday, 10am to 3pm". Lists (opening times, places, phones, costs, ...) are compared item by
 * item — matched by id, else by what they say — so reordering is not a change and one edited
 * item is one line, never a JSON dump.
 */

type Doc = Record<string, unknown>;
type Item = Record<string, unknown>;

export interface DiffLine {
  kind: 'changed' | 'added' | 'removed';
  before?: string;
  after?: string;
}

export interface DiffRow {
  /** What the field is called, in the reader's language. */
  label: string;
  lines: DiffLine[];
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
const list = (v: unknown): Item[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Item[]) : []);
const parts = (...values: unknown[]) => values.map(text).filter(Boolean).join(', ');

/** How each field's value is put into words. */
type Describe = (value: unknown, t: Translate) => string;

const plain: Describe = (v) => text(v);
const status: Describe = (v, t) => (text(v) ? t(`changes.status.${text(v).replace(/ /g, '_')}`) : '');
const date: Describe = (v, t) => formatDate(t, text(v)) ?? text(v);
const age: Describe = (v, t) => (v === null || v === undefined || v === '' ? '' : t('changes.value.age', { age: String(v) }));

/** An opening time in words, without the "Closed on other days" line a whole week's summary adds. */
function schedule(item: Item, t: Translate): string {
  const quiet: Translate = (key, vars) => (key === 'directory.hours.closed' ? '' : t(key, vars));
  const { valid_from, valid_to, ...timing } = item as ScheduleInput & Item;
  const lines = describeOpeningTimes(quiet, [timing as ScheduleInput], new Date(0)).filter(Boolean);
  const description = text(item.description);
  if (description && !lines.includes(description)) lines.push(description);
  const from = formatDate(t, text(valid_from));
  const to = formatDate(t, text(valid_to));
  if (from && to) lines.push(t('changes.value.valid_between', { from, to }));
  else if (from) lines.push(t('changes.value.valid_from', { from }));
  else if (to) lines.push(t('changes.value.valid_to', { to }));
  return lines.join('; ');
}

function term(item: Item): string {
  const named = item.taxonomy_term as Item | undefined;
  return text(named?.name) || text(item.label) || text(item.value) || text(item.taxonomy_term_id);
}

function place(item: Item, t: Translate): string {
  const location = (item.location as Item | undefined) ?? {};
  const address = list(location.addresses)[0] ?? {};
  const access = [...list(location.accessibility).map((a) => parts(a.description, a.details)), ...list(location.attributes).map(term)].filter(Boolean);
  const where = parts(location.name, address.address_1, address.address_2, address.city, address.postal_code) || text(item.location_id);
  return access.length ? t('changes.value.place_access', { place: where, access: access.join('; ') }) : where;
}

function phone(item: Item): string {
  return parts(item.number, item.extension && `ext. ${text(item.extension)}`, item.description);
}

function cost(item: Item, t: Translate): string {
  const amount = typeof item.amount === 'number' ? formatMoney(item.amount, item.currency as string | undefined) : '';
  const when = item.valid_from || item.valid_to ? schedule({ valid_from: item.valid_from, valid_to: item.valid_to }, t) : '';
  return parts(item.option, amount, item.amount_description, when);
}

function contact(item: Item): string {
  return parts(item.name, item.title, item.department, item.email, ...list(item.phones).map(phone));
}

/** A service's fields in the order the service page shows them. */
const SERVICE_FIELDS: [string, Describe][] = [
  ['name', plain], ['alternate_name', plain], ['status', status], ['alert', plain], ['description', plain], ['url', plain], ['email', plain],
  ['eligibility_description', plain], ['minimum_age', age], ['maximum_age', age], ['fees_description', plain], ['fees', plain],
  ['application_process', plain], ['wait_time', plain], ['interpretation_services', plain], ['accreditations', plain], ['licenses', plain],
  ['assured_date', date], ['assurer_email', plain],
];
const SERVICE_LISTS: [string, (item: Item, t: Translate) => string][] = [
  ['schedules', schedule], ['service_at_locations', place], ['phones', phone], ['contacts', contact], ['cost_options', cost],
  ['languages', (i) => parts(i.name, i.note) || text(i.code)], ['service_areas', (i) => parts(i.name, i.description, i.service_area)],
  ['required_documents', (i) => parts(i.document, i.uri)], ['funding', (i) => text(i.source)], ['attributes', term],
];
const ORGANIZATION_FIELDS: [string, Describe][] = [
  ['name', plain], ['description', plain], ['email', plain], ['website', plain], ['logo', plain], ['uri', plain],
];
const ORGANIZATION_LISTS: [string, (item: Item, t: Translate) => string][] = [
  ['organization_identifiers', (i) => parts(i.identifier_scheme, i.identifier_type, i.identifier)], ['attributes', term],
];

/** A line of a kept difference: the values themselves (a field's value, or a list's item), in no language. */
export interface KeptLine {
  kind: 'changed' | 'added' | 'removed';
  before?: unknown;
  after?: unknown;
}

/**
 * A difference kept as data (`listing_change.difference`): the fields, and the items of lists,
 * that differ, with their values. Put into words for each reader by `differenceInWords`.
 */
export interface KeptRow {
  field: string;
  lines: KeptLine[];
}

/** Items compared: by id first, then what is left by what it says; reordering alone is no change. */
function compareLists(before: Item[], after: Item[], describe: (item: Item) => string): KeptLine[] {
  const lines: KeptLine[] = [];
  const afterById = new Map(after.filter((a) => a.id).map((a) => [a.id, a]));
  const leftBefore: Item[] = [];
  const matched = new Set<Item>();
  for (const b of before) {
    const a = b.id ? afterById.get(b.id) : undefined;
    if (!a) {
      leftBefore.push(b);
      continue;
    }
    matched.add(a);
    if (describe(b) !== describe(a)) lines.push({ kind: 'changed', before: b, after: a });
  }
  const leftAfter = after.filter((a) => !matched.has(a)).map((item) => ({ item, words: describe(item) }));
  for (const b of leftBefore) {
    const same = leftAfter.findIndex((a) => a.words === describe(b));
    if (same >= 0) leftAfter.splice(same, 1);
    else lines.push({ kind: 'removed', before: b });
  }
  for (const { item } of leftAfter) lines.push({ kind: 'added', after: item });
  return lines;
}

/**
 * What differs from `before` to `after` (a service or an organisation, as ORUK documents), as
 * data. Items are matched, and values compared, by their words in English: what says the same
 * in one language says the same in the other. `before` undefined: everything is new.
 */
export function differenceOf(kind: 'service' | 'organization', before: Doc | undefined, after: Doc): KeptRow[] {
  const t = translatorFor('en');
  const was = before ?? {};
  const rows: KeptRow[] = [];
  for (const [field, describe] of kind === 'service' ? SERVICE_FIELDS : ORGANIZATION_FIELDS) {
    if (describe(was[field], t) === describe(after[field], t)) continue;
    rows.push({ field, lines: [{ kind: 'changed', before: was[field], after: after[field] }] });
  }
  for (const [field, describe] of kind === 'service' ? SERVICE_LISTS : ORGANIZATION_LISTS) {
    const lines = compareLists(list(was[field]), list(after[field]), (item) => describe(item, t));
    if (lines.length) rows.push({ field, lines });
  }
  return rows;
}

const SCALARS = new Map([...SERVICE_FIELDS, ...ORGANIZATION_FIELDS]);
const ITEMS = new Map([...SERVICE_LISTS, ...ORGANIZATION_LISTS]);

/** A kept difference in the reader's language; a line that reads the same in it is left out. */
export function differenceInWords(kept: KeptRow[], t: Translate): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const row of kept) {
    const scalar = SCALARS.get(row.field);
    const item = ITEMS.get(row.field);
    if (!scalar && !item) continue;
    const words = (value: unknown) => (value === undefined ? '' : scalar ? scalar(value, t) : item!(value as Item, t));
    const lines: DiffLine[] = [];
    for (const kept of row.lines) {
      const [b, a] = [words(kept.before), words(kept.after)];
      if (b === a) continue;
      lines.push(!b ? { kind: 'added', after: a } : !a ? { kind: 'removed', before: b } : { kind: 'changed', before: b, after: a });
    }
    if (lines.length) rows.push({ label: t(`changes.field.${row.field}`), lines });
  }
  return rows;
}

/**
 * What changed from `before` to `after` (a service or an organisation, as ORUK documents), in
 * the reader's language. `before` undefined: everything is new (a service being added).
 */
export function describeDifference(kind: 'service' | 'organization', before: Doc | undefined, after: Doc, t: Translate): DiffRow[] {
  return differenceInWords(differenceOf(kind, before, after), t);
}
