import { monthsEarlier, ukDate } from '../pages/format.js';

/** Midnight at the start of a UK date (YYYY-MM-DD), as an instant: 00:00 in London, GMT or BST. */
export function londonMidnight(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  // London is UTC+0 or UTC+1: try both and keep the one whose London date and hour are right.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(Date.UTC(year, month - 1, day) - offsetHours * 3600_000);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(candidate);
    if (ukDate(candidate) === date && Number(hour) === 0) return candidate;
  }
  return new Date(Date.UTC(year, month - 1, day));
}

/** The instant a listing must have been checked since, to be under `months` months old on `now`'s UK date. */
export function monthsAgo(now: Date, months: number): Date {
  const [year, month, day] = ukDate(now)!.split('-').map(Number);
  const p = monthsEarlier({ year, month, day }, months);
  return londonMidnight(`${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`);
}

export const DAY_MS = 24 * 3600_000;
