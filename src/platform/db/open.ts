import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

/** PostgreSQL when a URL is configured, otherwise PGlite in the data folder. */
export function openDatabase(config: DatabaseConfig): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.poolSize) : openPglite(config.dataDir);
}
