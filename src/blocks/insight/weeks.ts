/**
 * ISO 8601 weeks (`2026-W49`) by the calendar in London: the only time the insight block
 * keeps. (The directory computes the week of its events itself; blocks share no internals.)
 */

export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export function londonIsoWeek(at: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() || 7; // Monday 1 .. Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The `count` weeks up to and including the week of `at`, oldest first. */
export function recentWeeks(at: Date, count: number): string[] {
  const weeks: string[] = [];
  for (let i = count - 1; i >= 0; i--) weeks.push(londonIsoWeek(new Date(at.getTime() - i * 7 * 86_400_000)));
  return weeks;
}

/** The Monday a week starts on (UTC date), for showing a week as a date. */
export function weekStart(week: string): Date {
  const match = WEEK_PATTERN.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const [year, n] = [Number(match[1]), Number(match[2])];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000);
  return new Date(monday1.getTime() + (n - 1) * 7 * 86_400_000);
}
