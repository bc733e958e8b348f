import { readKeyRing, useKeyRing } from '../crypto/key-ring.js';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** For the key ring that seals secrets held in the database (HEARTH_ENCRYPTION_KEYS). */
  env?: NodeJS.ProcessEnv;
  production?: boolean;
}

/**
 * PostgreSQL when a URL is configured, otherwise PGlite in the data folder; with the key ring
 * (crypto/key-ring.ts) that opens the secrets it holds. A missing key in production is refused
 * before the database is opened.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  const ring = readKeyRing(config.env ?? {}, { production: config.production ?? false, dataDir: config.dataDir });
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl, config.poolSize) : await openPglite(config.dataDir);
  useKeyRing(db, ring);
  return db;
}
