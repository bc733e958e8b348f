/**
 * Time for the "open now" and "open on" filters. The index stores opening hours as minutes
 * of the week in Europe/London local time (Monday 00:00 = 0), because that is how schedules
 * are written; a moment is converted to the same scale here rather than in SQL, so that the
 * query stays a plain range test that both engines answer alike.
 */
export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export const DAY_CODES = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type DayCode = (typeof DAY_CODES)[number];

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** What the `day` parameter accepts: two letters, three, or the whole name, in any case. */
export const DAY_PATTERN = (() => {
  const forms = ['mo(n(day)?)?', 'tu(e(s(day)?)?)?', 'we(d(s|nesday)?)?', 'th(u(r(s(day)?)?)?)?', 'fr(i(day)?)?', 'sa(t(urday)?)?', 'su(n(day)?)?'];
  const caseless = (p: string) => p.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
  return `^(${forms.map(caseless).join('|')})$`;
})();

export const TIME_PATTERN = '^([01]?[0-9]|2[0-3]):[0-5][0-9]$';

/** 0 for Monday ... 6 for Sunday; undefined for anything else. */
export function dayIndex(input: string): number | undefined {
  const s = input.trim().toLowerCase();
  if (s.length < 2) return undefined;
  const i = DAY_NAMES.findIndex((name) => name.startsWith(s.slice(0, 2)));
  if (i < 0) return undefined;
  return new RegExp(DAY_PATTERN).test(input.trim()) ? i : undefined;
}

/** 'HH:MM' → minutes since midnight; undefined when malformed. */
export function minutesOfDay(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The last answer, by UTC minute: London is a whole number of hours from UTC, so every moment of
 * one UTC minute has the same London day and minute, and searches (two calls each) mostly ask
 * within the same minute as the last.
 */
let lastMinute: { utcMinute: number; answer: { day: number; minute: number } } | undefined;

/** Day of the week (0 = Monday) and minutes since midnight of `moment` in Europe/London. */
export function londonDayAndMinute(moment: Date): { day: number; minute: number } {
  const utcMinute = Math.floor(moment.getTime() / 60_000);
  if (lastMinute?.utcMinute === utcMinute) return { ...lastMinute.answer };
  const parts = Object.fromEntries(londonParts.formatToParts(moment).map((p) => [p.type, p.value]));
  const answer = { day: WEEKDAYS.indexOf(parts.weekday), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  lastMinute = { utcMinute, answer };
  return { ...answer };
}

/** Minute of the week of `moment` in Europe/London. */
export function londonMinuteOfWeek(moment: Date): number {
  const { day, minute } = londonDayAndMinute(moment);
  return day * MINUTES_PER_DAY + minute;
}

/**
 * The stretch of the week a `day`/`time` filter asks about, as [from, to) minutes:
 * day and time → that minute; day alone → the whole day; time alone → that time today.
 */
export function openingWindow(
  day: string | undefined,
  time: string | undefined,
  now: Date,
): { from: number; to: number } | undefined {
  if (day === undefined && time === undefined) return undefined;
  const today = londonDayAndMinute(now).day;
  const d = day !== undefined ? dayIndex(day) : today;
  if (d === undefined) return undefined;
  if (time === undefined) return { from: d * MINUTES_PER_DAY, to: (d + 1) * MINUTES_PER_DAY };
  const m = minutesOfDay(time);
  if (m === undefined) return undefined;
  return { from: d * MINUTES_PER_DAY + m, to: d * MINUTES_PER_DAY + m + 1 };
}

const RANGE = /\[(-?\d+),(-?\d+)\)/g;

/** An int4multirange's text ('{[540,1020),[1980,2460)}') as [from, to, from, to, ...]. */
export function multirangeBounds(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(RANGE)) out.push(Number(m[1]), Number(m[2]));
  return out;
}

/**
 * When a service closed at `nowMinute` next opens, as a minute of the week, from its opening
 * ranges ([from, to, ...] as multirangeBounds gives); null when it is open now or its times are
 * unknown. A range starting on Monday at 00:00 that carries on from Sunday night is not an opening.
 */
export function nextOpening(bounds: number[], nowMinute: number): number | null {
  let best: number | null = null;
  let wait = Infinity;
  const runsPastSunday = bounds.some((b, k) => k % 2 === 1 && b === MINUTES_PER_WEEK);
  for (let k = 0; k < bounds.length; k += 2) {
    const [from, to] = [bounds[k], bounds[k + 1]];
    if (from <= nowMinute && nowMinute < to) return null;
    if (from === 0 && runsPastSunday) continue;
    const until = (from - nowMinute + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    if (until < wait) [wait, best] = [until, from];
  }
  return best;
}
