import type { Db } from '../db/db.js';

/**
 * pg-boss's database adapter (`db` option: an object with `executeSql(text, values)`) over
 * Hearth's own `Db`, so the job queue shares the server's connections on both engines: the one
 * PGlite connection (pg-boss has its own adapter for a bare PGlite, but Hearth's is wrapped, and
 * must stay the only way in, or its statements would interleave with a transaction), or the
 * PostgreSQL pool. pg-boss sends parameterised single statements, and parameterless scripts of
 * several (`BEGIN; SELECT pg_advisory_xact_lock(…); … RETURNING …; COMMIT`) whose rows it reads:
 * those go through `Db.script`, which keeps every statement's rows.
 */
export function pgBossDatabase(db: Db) {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
      if (values?.length) return { rows: (await db.query(text, values)).rows };
      return { rows: await db.script(text) };
    },
  };
}
