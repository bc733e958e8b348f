import { addDays } from '../../../../platform/calendar.js';

/**
 * UK dates for the sharing pages: a grant lasts until the end of the day the resident chose,
 * in London (GMT or BST), and "today" is London's today.
 */

/** The UK date (YYYY-MM-DD) of an instant. */
export function londonDate(at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** 00:00 in London at the start of a UK date (YYYY-MM-DD). */
export function londonMidnight(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  // London is UTC+0 or UTC+1: of the two candidates, the one that is midnight of that date there.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(Date.UTC(year, month - 1, day) - offsetHours * 3600_000);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(candidate);
    if (londonDate(candidate) === date && Number(hour) === 0) return candidate;
  }
  return new Date(Date.UTC(year, month - 1, day));
}


/** The end of a UK date: when a grant "until" that date stops (midnight at the start of the next). */
export const endOfDay = (date: string): Date => londonMidnight(addDays(date, 1));

/**
 * The last date a grant made now may run until, when grants last at most `maxDays` days: the
 * latest date whose end is no more than `maxDays` days away.
 */
export function lastAllowedDate(now: Date, maxDays: number): string {
  let date = addDays(londonDate(now), maxDays);
  while (endOfDay(date).getTime() - now.getTime() > maxDays * 24 * 3600_000) date = addDays(date, -1);
  return date;
}

export type DateProblem = 'missing' | 'missing_day' | 'missing_month' | 'missing_year' | 'invalid';

/** A GOV.UK date input's three fields as a UK date, or what is wrong with them. */
export function readDateInput(day: string, month: string, year: string): { date: string } | { problem: DateProblem } {
  const parts = { day: day.trim(), month: month.trim(), year: year.trim() };
  if (!parts.day && !parts.month && !parts.year) return { problem: 'missing' };
  if (!parts.day) return { problem: 'missing_day' };
  if (!parts.month) return { problem: 'missing_month' };
  if (!parts.year) return { problem: 'missing_year' };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) return { problem: 'invalid' };
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { problem: 'invalid' };
  return { date: date.toISOString().slice(0, 10) };
}
