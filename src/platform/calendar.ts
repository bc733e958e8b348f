/**
 * Calendar dates as the UK writes them in data (YYYY-MM-DD), without a time or a time zone:
 * arithmetic on the date itself, so a clock change never moves a day.
 */

/** The date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
