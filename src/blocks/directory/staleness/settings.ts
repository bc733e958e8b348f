import { ConfigError, type Config } from '../../../platform/config.js';

/**
 * When listings count as due for a check, how often editors are reminded, and when the public
 * pages flag a listing as not checked for too long. Read from the environment at start (a bad
 * value stops the server, naming the variable); a listing past the flag limit is flagged on
 * its card and page, never removed.
 */
export interface StalenessSettings {
  /** HEARTH_STALE_NUDGE_MONTHS: editors are emailed once a listing was last checked this many months ago. */
  nudgeMonths: number;
  /** HEARTH_STALE_REMIND_DAYS: and again this many days after each email while it stays unchecked. */
  remindDays: number;
  /** HEARTH_STALE_FLAG_MONTHS: past this, residents see the listing flagged as not checked for a long time. */
  flagMonths: number;
  /** How long a "still correct" link works: until a little after the next reminder would bring a fresh one. */
  linkDays: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${env[name]}"`);
  return value;
}

export function readStalenessSettings(env: NodeJS.ProcessEnv): StalenessSettings {
  const nudgeMonths = whole(env, 'HEARTH_STALE_NUDGE_MONTHS', 6, 1, 120);
  const remindDays = whole(env, 'HEARTH_STALE_REMIND_DAYS', 28, 1, 365);
  const flagMonths = whole(env, 'HEARTH_STALE_FLAG_MONTHS', 12, 1, 240);
  // Nudging after the public flag would tell editors only once residents already see the warning.
  if (flagMonths < nudgeMonths) {
    throw new ConfigError(`HEARTH_STALE_FLAG_MONTHS (${flagMonths}) must not be less than HEARTH_STALE_NUDGE_MONTHS (${nudgeMonths}): editors are asked to check a listing before residents see it flagged`);
  }
  return { nudgeMonths, remindDays, flagMonths, linkDays: remindDays + 14 };
}

const cache = new WeakMap<Config, StalenessSettings>();

/** The settings of this server's configuration (read once). */
export function stalenessSettings(config: Config): StalenessSettings {
  let settings = cache.get(config);
  if (!settings) cache.set(config, (settings = readStalenessSettings(config.env)));
  return settings;
}
