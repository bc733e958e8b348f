import { readKeyRing } from './crypto/key-ring.js';
import ipaddr from 'ipaddr.js';

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
  /**
   * Public base URL (HEARTH_PUBLIC_URL): every absolute address Hearth gives out for a council
   * without a host name of its own (see http/public-origin.ts). Required in production.
   */
  publicUrl?: string;
  /**
   * The proxies whose X-Forwarded-* headers are believed (HEARTH_TRUST_PROXY): none (false),
   * a hop count, or addresses, CIDR ranges and the names `loopback`, `linklocal`, `uniquelocal`.
   */
  trustProxy: false | number | string[];
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
    templateIds: { 'sign-in-link': string; 'staff-invitation': string; 'feedback-received'?: string; message: string };
  };
  /** `/metrics` in Prometheus format: off unless HEARTH_METRICS=on; then behind HEARTH_METRICS_TOKEN when set. */
  metrics: { enabled: boolean; token?: string };
  /** Run the blocks' scheduled jobs (the nightly reindex) in this process; HEARTH_SCHEDULER=off leaves them to others. */
  scheduler: boolean;
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

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be on or off; it is "${env[name]}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const publicUrl = publicBaseUrl(env);
  // Without it, a link in a message could only come from what a request claims its host is.
  if (production && !publicUrl) {
    throw new ConfigError('HEARTH_PUBLIC_URL must be set in production (NODE_ENV=production): the address residents and staff reach Hearth at, e.g. https://help.example.gov.uk');
  }
  const config: Config = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.HEARTH_DATABASE_URL || undefined,
    dataDir: env.HEARTH_DATA_DIR || './.hearth',
    poolSize: integer(env, 'HEARTH_DB_POOL_SIZE', 20, 1, 500),
    blocks: (env.HEARTH_BLOCKS || 'directory,identity,insight,vault')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    trustProxy: trustedProxies(env),
    production,
    sessions: {
      idleSeconds: integer(env, 'HEARTH_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60,
      absoluteSeconds: integer(env, 'HEARTH_SESSION_MAX_HOURS', 12, 1, 24 * 30) * 3600,
    },
    notify: notifySettings(env, production),
    metrics: metricsSettings(env, production),
    scheduler: onOff(env, 'HEARTH_SCHEDULER', true),
    env,
  };
  // A missing (in production) or malformed HEARTH_ENCRYPTION_KEYS stops the start, named; the
  // key ring itself is made where the database is opened (db/open.ts), as it may need a file.
  if (production || env.HEARTH_ENCRYPTION_KEYS?.trim()) readKeyRing(env, { production, dataDir: '' });
  return config;
}

/** HEARTH_PUBLIC_URL without its trailing slash: an http(s) address with no query or fragment. */
function publicBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.HEARTH_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`HEARTH_PUBLIC_URL must be an absolute address such as https://help.example.gov.uk; it is "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`HEARTH_PUBLIC_URL must be an http or https address with no user, query or fragment; it is "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/$/, '');
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * HEARTH_TRUST_PROXY: unset trusts no proxy (X-Forwarded-* ignored: the peer is the client).
 * A whole number trusts that many hops in front of Hearth; otherwise a comma-separated list of
 * addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 */
function trustedProxies(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = env.HEARTH_TRUST_PROXY?.trim();
  if (!raw) return false;
  if (/^\d+$/.test(raw)) return integer(env, 'HEARTH_TRUST_PROXY', 0, 0, 20) || false;
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!PROXY_NAMES.includes(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry)) {
      throw new ConfigError(
        `HEARTH_TRUST_PROXY must be a number of hops, or addresses and CIDR ranges separated by commas (or loopback, linklocal, uniquelocal); "${entry}" is none of these`,
      );
    }
  }
  return entries;
}

function metricsSettings(env: NodeJS.ProcessEnv, production: boolean): Config['metrics'] {
  const switched = (env.HEARTH_METRICS ?? '').trim().toLowerCase();
  if (!['', 'on', 'off'].includes(switched)) throw new ConfigError(`HEARTH_METRICS must be on or off; it is "${env.HEARTH_METRICS}"`);
  const token = env.HEARTH_METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new ConfigError('HEARTH_METRICS_TOKEN must be at least 16 characters (a long random value)');
  // Outside production an open /metrics is a warning (http/metrics.ts); in production, where the
  // server faces residents, it is refused: request counts by route and the outbox's backlog are
  // not for anyone who finds the address.
  if (production && switched === 'on' && !token) {
    throw new ConfigError('HEARTH_METRICS=on in production (NODE_ENV=production) needs HEARTH_METRICS_TOKEN, a long random value Prometheus sends as a bearer token');
  }
  return { enabled: switched === 'on', ...(token ? { token } : {}) };
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
      message: template('HEARTH_NOTIFY_TEMPLATE_MESSAGE'),
    },
  };
}
