import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase, testEngine } from '../../support/db.js';

describe('PostgreSQL pool', () => {
  it('carries on when the server ends an idle connection, and closes whole', async (ctx) => {
    if (testEngine !== 'postgres') return ctx.skip('needs HEARTH_TEST_DATABASE_URL (a PostgreSQL server)');
    const database = await freshDatabase();
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const { rows } = await database.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Another connection ends the pool's idle one, as a restart or an administrator would.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await database.db.query<{ one: number }>('SELECT 1 AS one');
      assert.equal(again.rows[0].one, 1, 'the next query opens another connection');
      assert.ok(warnings.some((w) => /a database connection was closed by the server/.test(w)), warnings.join(''));
    } finally {
      process.stderr.write = write;
      // Dropping the database (WITH FORCE) straight after close finds no connection still ending.
      await database.close();
    }
  });
});
