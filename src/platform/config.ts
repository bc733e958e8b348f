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
    blocks: (env.HEARTH_BLOCKS || 'directory')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: env.HEARTH_PUBLIC_URL?.replace(/\/$/, '') || undefined,
    production: env.NODE_ENV === 'production',
  };
}
