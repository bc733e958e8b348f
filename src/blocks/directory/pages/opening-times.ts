import type { Translate } from '../../../platform/web/i18n.js';
import { formatTime, joinList, ukDate } from './format.js';

/** The parts of an ORUK 3.0 `schedule` that say when a service is open. */
export interface ScheduleInput {
  freq?: string | null;
  byday?: string | null;
  opens_at?: string | null;
  closes_at?: string | null;
  interval?: number | null;
  description?: string | null;
  notes?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
}

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const ORDINALS = new Set([1, 2, 3, 4, 5, -1]);

interface ByDay {
  day: number;
  ordinal?: number;
}

function parseByDay(byday: string | null | undefined): ByDay[] | undefined {
  if (!byday) return undefined;
  const out: ByDay[] = [];
  for (const part of byday.split(',')) {
    const m = /^\s*([+-]?\d{1,2})?\s*(MO|TU|WE|TH|FR|SA|SU)\s*$/i.exec(part);
    if (!m) return undefined;
    out.push({ day: DAY_CODES.indexOf(m[2].toUpperCase() as (typeof DAY_CODES)[number]), ordinal: m[1] ? Number(m[1]) : undefined });
  }
  return out;
}

/** 'HH:MM' for sorting and comparing, whatever precision the time arrived with. */
const hhmm = (value: string | null | undefined) => /^(\d{1,2}):(\d{2})/.exec(value ?? '')?.slice(1, 3).map((p) => p.padStart(2, '0')).join(':');

/** "9am to 5pm", "from 9am", "until 5pm"; undefined when neither time is known. */
function timeRange(t: Translate, opens: string | null | undefined, closes: string | null | undefined): string | undefined {
  if (hhmm(opens) === '00:00' && (hhmm(closes) ?? '') >= '23:59') return t('directory.hours.all_day');
  const to = formatTime(t, closes, true);
  if (!opens) return to ? t('directory.hours.until_time', { to }) : undefined;
  if (!to) {
    const from = formatTime(t, opens, true);
    return from ? t('directory.hours.from_time', { from }) : undefined;
  }
  const from = formatTime(t, opens);
  if (from) return t('directory.hours.time_range', { from, to });
  return undefined;
}

type DayForm = 'start' | 'soft';

/**
 * Days as people say them: "Monday to Friday", "Monday, Wednesday and Friday",
 * "Saturday and Sunday". `first` picks the form of the first day: Welsh mutates a day
 * after "ar gau" (closed), so "Ar gau ddydd Sul".
 */
export function describeDays(t: Translate, days: number[], first: DayForm = 'start'): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === day - 1) run.push(day);
    else runs.push([day]);
  }
  const name = (day: number, position: number, form?: DayForm) =>
    t(`directory.day.${form === 'soft' ? 'soft' : position === 0 ? 'start' : 'mid'}.${DAY_CODES[day].toLowerCase()}`);
  const phrases: string[] = [];
  let position = 0;
  for (const run of runs) {
    const startForm = position === 0 ? first : undefined;
    if (run.length >= 3) {
      phrases.push(t('directory.hours.day_range', { from: name(run[0], position, startForm), to: name(run[run.length - 1], 1, 'soft') }));
      position++;
    } else {
      for (const day of run) {
        phrases.push(name(day, position, position === 0 ? first : undefined));
        position++;
      }
    }
  }
  return joinList(t, phrases);
}

function isCurrent(schedule: ScheduleInput, today: string): boolean {
  if (schedule.valid_to && schedule.valid_to.slice(0, 10) < today) return false;
  return true;
}

/**
 * Opening times as people read them, one line each: "Monday to Friday, 9am to 5pm",
 * "Saturday, 10am to 1pm", "Closed Sunday", "First Monday of the month, 10am to midday".
 * Schedules that only have a description are shown as written. "Closed" lines appear only
 * when every schedule is a plain weekly one, so they never contradict a description.
 */
export function describeOpeningTimes(t: Translate, schedules: ScheduleInput[] | null | undefined, now = new Date()): string[] {
  // London's today, as the service page's closure and alert read it (between midnight and 1am in
  // summer the UTC date is still yesterday's, and a closure ending yesterday would still show).
  const today = ukDate(now)!;
  const current = (schedules ?? []).filter((s) => isCurrent(s, today));
  const weekly = new Map<number, Array<{ opens?: string; closes?: string; text?: string }>>();
  const other: string[] = [];
  const notes: string[] = [];
  let allWeekly = current.length > 0;

  for (const schedule of current) {
    const freq = (schedule.freq ?? '').toUpperCase();
    const byday = parseByDay(schedule.byday);
    const times = timeRange(t, schedule.opens_at, schedule.closes_at);
    const description = schedule.description?.trim();
    const interval = schedule.interval ?? 1;
    const monthly = byday?.some((d) => d.ordinal !== undefined) || freq === 'MONTHLY';
    // A structured schedule is put into words in the reader's language; its description
    // usually says the same in English, so only its notes are added. Anything we cannot
    // put into words reliably is shown as the listing describes it.
    let understood = true;
    if (byday && byday.length && !monthly && interval === 1) {
      for (const { day } of byday) {
        const list = weekly.get(day) ?? [];
        list.push({ opens: hhmm(schedule.opens_at), closes: hhmm(schedule.closes_at), text: times });
        weekly.set(day, list);
      }
    } else if (byday && byday.length && !monthly && interval === 2) {
      allWeekly = false;
      const every = t('directory.hours.fortnightly', { days: describeDays(t, byday.map((d) => d.day), 'soft') });
      other.push(times ? t('directory.hours.line', { days: every, times }) : every);
    } else if (byday && byday.length && monthly && interval === 1 && byday.every((d) => d.ordinal !== undefined && ORDINALS.has(d.ordinal))) {
      allWeekly = false;
      for (const { day, ordinal } of byday) {
        const code = DAY_CODES[day].toLowerCase();
        const when = t(`directory.hours.monthly.${ordinal === -1 ? 'last' : ordinal}`, {
          day: t(`directory.day.start.${code}`),
          day_mid: t(`directory.day.mid.${code}`),
          day_soft: t(`directory.day.soft.${code}`),
        });
        other.push(times ? t('directory.hours.line', { days: when, times }) : when);
      }
    } else if (freq === 'DAILY' && !byday && times && interval === 1) {
      for (let day = 0; day < 7; day++) {
        const list = weekly.get(day) ?? [];
        list.push({ opens: hhmm(schedule.opens_at), closes: hhmm(schedule.closes_at), text: times });
        weekly.set(day, list);
      }
    } else {
      understood = false;
      allWeekly = false;
      if (description) other.push(description);
      else if (times) other.push(times);
    }
    const note = schedule.notes?.trim();
    if (understood && note) notes.push(note);
  }

  // Days with the same hours share a line; lines follow the week from Monday.
  const groups = new Map<string, { days: number[]; times: string[] }>();
  for (const [day, intervals] of [...weekly.entries()].sort((a, b) => a[0] - b[0])) {
    const sorted = [...intervals].sort((a, b) => (a.opens ?? '').localeCompare(b.opens ?? ''));
    const unique = sorted.filter((iv, i) => i === 0 || iv.text !== sorted[i - 1].text);
    const key = unique.map((iv) => iv.text ?? '').join('|');
    const group = groups.get(key) ?? { days: [], times: unique.map((iv) => iv.text).filter((x): x is string => Boolean(x)) };
    group.days.push(day);
    groups.set(key, group);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const days = group.days.length === 7 ? t('directory.hours.every_day') : describeDays(t, group.days);
    const times = group.times.length > 1 ? t('directory.hours.times_and', { items: group.times.slice(0, -1).join(', '), last: group.times[group.times.length - 1] }) : group.times[0];
    lines.push(times ? t('directory.hours.line', { days, times }) : days);
  }
  if (allWeekly && weekly.size > 0 && weekly.size < 7) {
    const closed = [0, 1, 2, 3, 4, 5, 6].filter((d) => !weekly.has(d));
    lines.push(t('directory.hours.closed', { days: describeDays(t, closed, 'soft') }));
  }
  return [...new Set([...lines, ...other, ...notes])];
}
