import { dayIndex } from '../search/opening-hours.js';

/**
 * The flat sheet's opening times: a simple syntax a volunteer can type in a spreadsheet cell,
 * read as weekly ORUK schedules and written back the same way.
 *
 *   Mon-Fri 09:00-17:00; Sat 10:00-12:30
 *   Mon,Wed 10:00-14:00
 *
 * Parts are separated by `;`. Each is days then times: a day, a range of days (`Mon-Fri`) or a
 * list (`Mon,Wed,Fri`), in English (Mon, Monday) or Welsh (Llun, Dydd Llun); then opening and
 * closing times in 24-hour HH:MM. Anything else (monthly patterns, exceptions) belongs in the
 * per-table form, which carries every schedule field.
 */

export interface WeeklyHours {
  /** RFC 5545 day codes, e.g. ['MO', 'TU']. */
  days: string[];
  /** 'HH:MM:SS'. */
  opens: string;
  closes: string;
}

const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Welsh day names, with or without "Dydd". */
const WELSH = ['llun', 'mawrth', 'mercher', 'iau', 'gwener', 'sadwrn', 'sul'];
const WELSH_SHORT = ['llun', 'maw', 'mer', 'iau', 'gwe', 'sad', 'sul'];

function day(text: string): number | undefined {
  const s = text.trim().toLowerCase().replace(/^dydd\s+/, '');
  const welsh = WELSH.indexOf(s);
  if (welsh >= 0) return welsh;
  const welshShort = WELSH_SHORT.indexOf(s);
  if (welshShort >= 0) return welshShort;
  return dayIndex(s);
}

function time(text: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}:00`;
}

/** The cell's schedules, or the reason it cannot be read (for the error report). */
export function parseOpeningTimes(cell: string): { hours: WeeklyHours[] } | { error: string } {
  const hours: WeeklyHours[] = [];
  for (const part of cell.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s+(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})$/.exec(part);
    if (!m) return { error: `"${part}" is not days then times, such as "Mon-Fri 09:00-17:00"` };
    const days = new Set<number>();
    for (const item of m[1].split(',').map((d) => d.trim()).filter(Boolean)) {
      const range = item.split(/\s*[-–]\s*/);
      if (range.length > 2) return { error: `"${item}" is not a day or a range of days` };
      const from = day(range[0]);
      const to = range.length === 2 ? day(range[1]) : from;
      if (from === undefined || to === undefined) return { error: `"${item}" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)` };
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
    }
    const opens = time(m[2]);
    const closes = time(m[3]);
    if (!opens || !closes) return { error: `"${part}" has a time that is not HH:MM (24-hour)` };
    if (closes <= opens) return { error: `"${part}" closes before it opens` };
    hours.push({ days: [...days].sort((a, b) => a - b).map((d) => CODES[d]), opens, closes });
  }
  return { hours };
}

/** A weekly schedule in the cell syntax, or undefined when the syntax cannot say it. */
export function formatWeekly(byday: string | undefined, opens: string | undefined, closes: string | undefined): string | undefined {
  if (!byday || !opens || !closes) return undefined;
  const indexes = byday.split(',').map((c) => CODES.indexOf(c.trim().toUpperCase()));
  if (indexes.some((i) => i < 0)) return undefined;
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  // Runs of consecutive days as ranges: Mon-Fri rather than Mon,Tue,Wed,Thu,Fri.
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j - i >= 2 ? `${SHORT[sorted[i]]}-${SHORT[sorted[j]]}` : sorted.slice(i, j + 1).map((d) => SHORT[d]).join(','));
    i = j + 1;
  }
  return `${runs.join(',')} ${opens.slice(0, 5)}-${closes.slice(0, 5)}`;
}
