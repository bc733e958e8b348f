import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/platform/db/db.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';

/** The engine the suite runs on: PostgreSQL when HEARTH_TEST_DATABASE_URL is set, else PGlite. */
export const testEngine = process.env.HEARTH_TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Db;
  /** Connection string of the fresh database (PostgreSQL only). */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: PGlite in memory, or a new database on the
 * PostgreSQL server named by HEARTH_TEST_DATABASE_URL, dropped again on close.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.HEARTH_TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await openPglite('memory://');
    return { db, close: () => db.close() };
  }
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 10);
  return {
    db,
    url: url.toString(),
    async close() {
      await db.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
