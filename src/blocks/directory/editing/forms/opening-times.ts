import type { Schedule, Service } from '../../oruk/schemas.js';
import { isStatusClosure } from './status.js';
import { dateParts, emptyDate, field, newId, parseDate, parseTime, partsOf, checkText, LIMITS, type DateParts, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * Opening times as an editor gives them — sessions per day of the week (a day with none is
 * closed), and dated closures (a bank holiday, a week at Christmas, a summer break) — and as
 * ORUK 3.0 `schedule` rows:
 *
 * - each set of days with the same session is one weekly row (`freq` WEEKLY, `byday`
 *   MO,TU,..., `opens_at`, `closes_at`), as `pages/opening-times.ts` puts into words;
 * - each closure is a row with `valid_from`/`valid_to` and no days or times, its words in
 *   `description` (shown to residents as written) and the editor's reason in `notes`.
 *
 * Rows the form cannot express (monthly, fortnightly, one location's own times, seasonal hours,
 * times given only in words) are kept exactly as they are, and listed on the form as kept; so is
 * a closure the status form wrote (status.ts), which that form changes with the service's status
 * and its words (here it would lose the link between them).
 */

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];
export const MAX_SESSIONS = 6;
export const MAX_CLOSURES = 20;

export interface SessionValues {
  opens: string;
  closes: string;
}

export interface ClosureValues {
  from: DateParts;
  to: DateParts;
  reason: string;
}

export interface OpeningTimesValues {
  days: Record<Day, SessionValues[]>;
  closures: ClosureValues[];
}

const dayId = (day: Day) => day.toLowerCase();

/** What a closure says to residents, in the editor's words and language (the page supplies it). */
export type ClosureWords = (from: string, to: string, reason: string) => string;

function isWeekly(s: Schedule): boolean {
  return Boolean(
    s.byday && s.opens_at && s.closes_at && !s.service_at_location_id && !s.valid_from && !s.valid_to && !s.bymonthday &&
      (!s.freq || s.freq === 'WEEKLY') && (s.interval ?? 1) === 1 &&
      s.byday.split(',').every((d) => (DAYS as readonly string[]).includes(d.trim().toUpperCase())),
  );
}

function isClosure(s: Schedule): boolean {
  return Boolean(s.valid_from && !s.byday && !s.opens_at && !s.closes_at && !s.freq && !s.service_at_location_id && !s.bymonthday);
}

/** A closure this form edits: a dated closure other than the status form's. */
const ourClosure = (service: Service) => {
  const statusClosure = isStatusClosure(service);
  return (s: Schedule) => isClosure(s) && !statusClosure(s);
};

const hhmm = (time: string | undefined) => (time ?? '').slice(0, 5);

/** Rows the form leaves alone. */
export const keptSchedules = (service: Service) => {
  const closure = ourClosure(service);
  return (service.schedules ?? []).filter((s) => !isWeekly(s) && !closure(s));
};

export function openingTimesValues(service: Service): OpeningTimesValues {
  const days = Object.fromEntries(DAYS.map((d) => [d, [] as SessionValues[]])) as Record<Day, SessionValues[]>;
  const closures: ClosureValues[] = [];
  const closure = ourClosure(service);
  for (const s of service.schedules ?? []) {
    if (isWeekly(s)) {
      for (const d of s.byday!.split(',')) days[d.trim().toUpperCase() as Day].push({ opens: hhmm(s.opens_at), closes: hhmm(s.closes_at) });
    } else if (closure(s)) {
      closures.push({ from: partsOf(s.valid_from), to: partsOf(s.valid_to ?? s.valid_from), reason: s.notes ?? s.description ?? '' });
    }
  }
  for (const d of DAYS) days[d].sort((a, b) => a.opens.localeCompare(b.opens));
  return { days, closures };
}

/**
 * The form as posted, with the button pressed applied: "Add another session" on a day, "Add
 * another closure", or "Remove" on a row (these post the form and come back, so no script is needed).
 * Returns whether the button changed the rows (then the form is shown again, nothing checked).
 */
export function readOpeningTimes(body: FormBody): { values: OpeningTimesValues; rowsChanged: boolean } {
  const days = {} as Record<Day, SessionValues[]>;
  for (const d of DAYS) {
    const rows: SessionValues[] = [];
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const opens = field(body, `${dayId(d)}-${i}-opens`);
      const closes = field(body, `${dayId(d)}-${i}-closes`);
      if (`${dayId(d)}-${i}-opens` in body || `${dayId(d)}-${i}-closes` in body) rows.push({ opens, closes });
    }
    days[d] = rows;
  }
  const closures: ClosureValues[] = [];
  for (let i = 0; i < MAX_CLOSURES; i++) {
    if (!(`closure-${i}-reason` in body)) continue;
    closures.push({ from: dateParts(body, `closure-${i}-from`), to: dateParts(body, `closure-${i}-to`), reason: field(body, `closure-${i}-reason`) });
  }
  const action = field(body, 'action');
  let rowsChanged = false;
  const add = /^add-(mo|tu|we|th|fr|sa|su)$/.exec(action);
  const remove = /^remove-(mo|tu|we|th|fr|sa|su)-(\d)$/.exec(action);
  const removeClosure = /^remove-closure-(\d{1,2})$/.exec(action);
  if (add) {
    const list = days[add[1].toUpperCase() as Day];
    if (list.length < MAX_SESSIONS) list.push({ opens: '', closes: '' });
    rowsChanged = true;
  } else if (remove) {
    days[remove[1].toUpperCase() as Day].splice(Number(remove[2]), 1);
    rowsChanged = true;
  } else if (action === 'add-closure') {
    if (closures.length < MAX_CLOSURES) closures.push({ from: partsOf(undefined), to: partsOf(undefined), reason: '' });
    rowsChanged = true;
  } else if (removeClosure) {
    closures.splice(Number(removeClosure[1]), 1);
    rowsChanged = true;
  }
  return { values: { days, closures }, rowsChanged };
}

/** The whole service with its weekly sessions and closures replaced by the form's; other rows kept. */
export function applyOpeningTimes(service: Service, values: OpeningTimesValues, words: ClosureWords): FormResult<Service> {
  const errors: FieldError[] = [];
  const sessions = new Map<string, Day[]>();
  for (const d of DAYS) {
    const times: Array<[string, string, number]> = [];
    values.days[d].forEach((row, i) => {
      const id = `${dayId(d)}-${i}`;
      const what = { day: d.toLowerCase(), n: i + 1 };
      if (!row.opens && !row.closes) return;
      if (!row.opens) return errors.push({ field: `${id}-opens`, key: 'directory.edit.error.opens_missing', params: what });
      if (!row.closes) return errors.push({ field: `${id}-closes`, key: 'directory.edit.error.closes_missing', params: what });
      const opens = parseTime(row.opens);
      const closes = parseTime(row.closes, true);
      if (!opens) return errors.push({ field: `${id}-opens`, key: 'directory.edit.error.time', params: what });
      if (!closes) return errors.push({ field: `${id}-closes`, key: 'directory.edit.error.time', params: what });
      if (closes <= opens) return errors.push({ field: `${id}-closes`, key: 'directory.edit.error.closes_before_opens', params: what });
      times.push([opens, closes, i]);
    });
    times.sort((a, b) => a[0].localeCompare(b[0]));
    for (let k = 1; k < times.length; k++) {
      if (times[k][0] < times[k - 1][1]) {
        errors.push({ field: `${dayId(d)}-${times[k][2]}-opens`, key: 'directory.edit.error.sessions_overlap', params: { day: d.toLowerCase(), n: times[k][2] + 1 } });
      }
    }
    for (const [opens, closes] of times) {
      const key = `${opens}-${closes}`;
      const list = sessions.get(key) ?? [];
      if (!list.includes(d)) list.push(d);
      sessions.set(key, list);
    }
  }
  const closures: Array<{ from: string; to: string; reason: string }> = [];
  values.closures.forEach((row, i) => {
    const id = `closure-${i}`;
    if (emptyDate(row.from) && emptyDate(row.to) && !row.reason) return;
    const n = { n: i + 1 };
    const from = parseDate(errors, `${id}-from`, row.from, 'closure_from', true);
    const to = parseDate(errors, `${id}-to`, row.to, 'closure_to');
    checkText(errors, `${id}-reason`, row.reason, { required: true, max: LIMITS.reason, what: 'closure_reason' });
    if (from && to && to < from) errors.push({ field: `${id}-to-day`, key: 'directory.edit.error.closure_order', params: n });
    if (from && to !== null) closures.push({ from, to: to ?? from, reason: row.reason });
  });
  if (errors.length) return { errors };

  const existing = service.schedules ?? [];
  const closure = ourClosure(service);
  const weekly: Schedule[] = [...sessions.entries()]
    .sort((a, b) => DAYS.indexOf(a[1][0]) - DAYS.indexOf(b[1][0]) || a[0].localeCompare(b[0]))
    .map(([key, days]) => {
      const [opens, closes] = key.split('-');
      const byday = days.join(',');
      // The same row as before keeps its id (and notes), so the change shows only what changed.
      const same = existing.find((s) => isWeekly(s) && s.byday!.toUpperCase().replace(/\s/g, '') === byday && hhmm(s.opens_at) === opens && hhmm(s.closes_at) === closes);
      const row: Schedule = { id: same?.id ?? newId(), freq: 'WEEKLY', byday, opens_at: opens, closes_at: closes };
      if (same?.notes) row.notes = same.notes;
      return row;
    });
  const dated: Schedule[] = closures
    .sort((a, b) => a.from.localeCompare(b.from))
    .map(({ from, to, reason }) => {
      const same = existing.find((s) => closure(s) && s.valid_from === from && (s.valid_to ?? s.valid_from) === to && (s.notes ?? s.description) === reason);
      return { id: same?.id ?? newId(), valid_from: from, valid_to: to, description: words(from, to, reason), notes: reason };
    });
  return { document: { ...service, schedules: [...weekly, ...dated, ...keptSchedules(service)] } };
}
