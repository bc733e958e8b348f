/**
 * Configuration comes from environment variables only (twelve-factor). Every variable is
 * listed in the README; `readConfig` is the one place that reads them.
 */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Hearth uses embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data folder. */
  dataDir: string;
  poolSize: number;
  /** Enabled blocks, e.g. ['directory']. */
  blocks: string[];
  logLevel: string;
  /** Public base URL, used in absolute links such as the ORUK feed's `openapi_url`. */
  publicUrl?: string;
  production: boolean;
  sessions: {
    /** A session unused for this long ends. */
    idleSeconds: number;
    /** A session ends this long after sign-in, however busy. */
    absoluteSeconds: number;
  };
  /** GOV.UK Notify; absent: messages are recorded in the database and printed (development, the demo). */
  notify?: {
    apiKey: string;
    baseUrl?: string;
    /** feedback-received is optional: without it, feedback is kept but not emailed to the council. */
    templateIds: { 'sign-in-link': string; 'staff-invitation': string; 'feedback-received'?: string };
  };
  /** The environment as read: blocks read their own settings from it (OIDC, say). */
  env: NodeJS.ProcessEnv;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.HEARTH_DATABASE_URL || undefined,
    dataDir: env.HEARTH_DATA_DIR || './.hearth',
    poolSize: integer(env, 'HEARTH_DB_POOL_SIZE', 20, 1, 500),
    blocks: (env.HEARTH_BLOCKS || 'directory,identity')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: env.HEARTH_PUBLIC_URL?.replace(/\/$/, '') || undefined,
    production: env.NODE_ENV === 'production',
    sessions: {
      idleSeconds: integer(env, 'HEARTH_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60,
      absoluteSeconds: integer(env, 'HEARTH_SESSION_MAX_HOURS', 12, 1, 24 * 30) * 3600,
    },
    notify: notifySettings(env, env.NODE_ENV === 'production'),
    env,
  };
}

function notifySettings(env: NodeJS.ProcessEnv, production: boolean): Config['notify'] {
  const apiKey = env.HEARTH_NOTIFY_API_KEY;
  const recordOnly = (env.HEARTH_NOTIFY_RECORD_ONLY ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(recordOnly)) throw new ConfigError(`HEARTH_NOTIFY_RECORD_ONLY must be true or false; it is "${env.HEARTH_NOTIFY_RECORD_ONLY}"`);
  // Without Notify every message, sign-in links included, is printed on the console: fine on a
  // laptop, an account takeover for whoever reads a live site's logs.
  if (production && !apiKey && recordOnly !== 'true') {
    throw new ConfigError(
      'HEARTH_NOTIFY_API_KEY must be set in production (NODE_ENV=production): without GOV.UK Notify every sign-in link would be printed on the console. ' +
        'For a test or staging site that must not send email, set HEARTH_NOTIFY_RECORD_ONLY=true instead.',
    );
  }
  if (!apiKey) return undefined;
  const template = (name: string) => {
    const id = env[name];
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new ConfigError(`${name} must be the id of a GOV.UK Notify email template when HEARTH_NOTIFY_API_KEY is set`);
    return id;
  };
  return {
    apiKey,
    baseUrl: env.HEARTH_NOTIFY_BASE_URL || undefined,
    templateIds: {
      'sign-in-link': template('HEARTH_NOTIFY_TEMPLATE_SIGN_IN'),
      'staff-invitation': template('HEARTH_NOTIFY_TEMPLATE_INVITATION'),
      ...(env.HEARTH_NOTIFY_TEMPLATE_FEEDBACK ? { 'feedback-received': template('HEARTH_NOTIFY_TEMPLATE_FEEDBACK') } : {}),
    },
  };
}
