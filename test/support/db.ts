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
  /** The restricted role Hearth runs as, when asked for (`restricted`). */
  role?: string;
  /** PostgreSQL with a restricted role: a superuser's connection to the same database, for what Hearth may not do. */
  admin?: () => Promise<Db>;
  close(): Promise<void>;
}

/**
 * Run as a role that is neither a superuser nor BYPASSRLS (the role production runs as, README
 * "The role Hearth connects as"), so that row-level security holds: for a test that asks, or for
 * every test file with HEARTH_TEST_RESTRICTED_ROLE=1, to try a flow that way. (A test that reads
 * the vault's tables itself, to check what was written, then sees nothing there unless it reads
 * inside `inCouncil` too.)
 */
const restrictedByDefault = process.env.HEARTH_TEST_RESTRICTED_ROLE === '1';

/**
 * A fresh, empty database for one test file: PGlite in memory, or a new database on the
 * PostgreSQL server named by HEARTH_TEST_DATABASE_URL, dropped again on close. `restricted`:
 * Hearth's connections are a fresh role's, NOSUPERUSER NOBYPASSRLS, that owns the database (and
 * so the tables its migrations make), as in production; `admin` is a superuser's way in.
 */
export async function freshDatabase(options: { restricted?: boolean } = {}): Promise<TestDatabase> {
  const restricted = options.restricted ?? restrictedByDefault;
  const adminUrl = process.env.HEARTH_TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await openPglite('memory://');
    if (!restricted) return { db, close: () => db.close() };
    // PGlite's one connection is its superuser's: the role is taken for the session, before any migration.
    const role = 'hearth_restricted';
    await db.exec(`CREATE ROLE ${role} NOSUPERUSER NOBYPASSRLS; GRANT CREATE ON DATABASE ${await currentDatabase(db)} TO ${role}; GRANT ALL ON SCHEMA public TO ${role}; SET ROLE ${role}`);
    return { db, role, close: () => db.close() };
  }
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const role = restricted ? `${name}_role` : undefined;
  const password = randomBytes(12).toString('hex');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (role) await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
  await admin.query(`CREATE DATABASE ${name}${role ? ` OWNER ${role}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const adminOfDb = url.toString();
  if (role) {
    url.username = role;
    url.password = password;
  }
  const db = await openPostgres(url.toString(), 10);
  return {
    db,
    url: url.toString(),
    ...(role ? { role, admin: () => openPostgres(adminOfDb, 2) } : {}),
    async close() {
      await db.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (role) await drop.query(`DROP ROLE IF EXISTS ${role}`);
      await drop.end();
    },
  };
}

async function currentDatabase(db: Db): Promise<string> {
  const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
  return `"${rows[0].name}"`;
}
