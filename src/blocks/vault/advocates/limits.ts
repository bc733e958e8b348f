/**
 * How long an advocate may be appointed for, and how long an invitation waits to be answered.
 * An appointment always has an end date: at most HEARTH_VAULT_MAX_ADVOCACY_DAYS away (a whole
 * number of days, 1 to 3660; 366 unless configured). A bad value stops the start, named.
 */

export const DEFAULT_MAX_ADVOCACY_DAYS = 366;
/** An invitation not answered within this many days (or before the appointment would end) is used up. */
export const INVITATION_DAYS = 14;

export function maxAdvocacyDays(env: NodeJS.ProcessEnv): number {
  const raw = env.HEARTH_VAULT_MAX_ADVOCACY_DAYS?.trim();
  if (!raw) return DEFAULT_MAX_ADVOCACY_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > 3660) throw new Error(`HEARTH_VAULT_MAX_ADVOCACY_DAYS must be a whole number of days from 1 to 3660; it is "${raw}"`);
  return days;
}
