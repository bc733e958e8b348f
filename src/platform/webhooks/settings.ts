import { ConfigError } from '../config.js';

/** How webhook delivery behaves, from `HEARTH_WEBHOOK_*` (read once at start; a bad value stops it, named). */
export interface WebhookSettings {
  /** Attempts before a delivery is dead-lettered (HEARTH_WEBHOOK_MAX_ATTEMPTS, default 8). */
  maxAttempts: number;
  /** The time limit of one attempt, in milliseconds (HEARTH_WEBHOOK_TIMEOUT_MS, default 10 000). */
  timeoutMs: number;
  /** The wait before the second attempt, doubled for each after it (HEARTH_WEBHOOK_RETRY_SECONDS, default 30). */
  firstRetrySeconds: number;
  /** The longest wait between attempts, Retry-After included (6 hours). */
  maxRetrySeconds: number;
  /** Days a delivered message stays listed (HEARTH_WEBHOOK_KEEP_DAYS, default 30); a failed one is kept three times as long. */
  keepDays: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { maxAttempts: 8, timeoutMs: 10_000, firstRetrySeconds: 30, maxRetrySeconds: 6 * 3600, keepDays: 30 };

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; "${raw}" is not`);
  return value;
}

export function readWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  return {
    maxAttempts: whole(env, 'HEARTH_WEBHOOK_MAX_ATTEMPTS', DEFAULT_WEBHOOK_SETTINGS.maxAttempts, 1, 50),
    timeoutMs: whole(env, 'HEARTH_WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_SETTINGS.timeoutMs, 100, 60_000),
    firstRetrySeconds: whole(env, 'HEARTH_WEBHOOK_RETRY_SECONDS', DEFAULT_WEBHOOK_SETTINGS.firstRetrySeconds, 1, 3600),
    maxRetrySeconds: DEFAULT_WEBHOOK_SETTINGS.maxRetrySeconds,
    keepDays: whole(env, 'HEARTH_WEBHOOK_KEEP_DAYS', DEFAULT_WEBHOOK_SETTINGS.keepDays, 1, 3650),
  };
}
