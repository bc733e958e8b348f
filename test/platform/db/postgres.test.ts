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

  it('hears notifications committed on other connections, and listens again when its connection is lost', async (ctx) => {
    if (testEngine !== 'postgres') return ctx.skip('needs HEARTH_TEST_DATABASE_URL (a PostgreSQL server)');
    const database = await freshDatabase();
    const write = process.stderr.write.bind(process.stderr);
    const warnings: string[] = [];
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    let heard = 0;
    const until = async (check: () => Promise<boolean> | boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return check();
    };
    const listener = async () =>
      (await database.db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN hearth_test'")).rows[0]?.pid;
    try {
      const stop = await database.db.listen('hearth_test', () => heard++);
      assert.equal(heard, 1, 'once on listening, for what came before');
      await database.db.transaction((tx) => tx.query("SELECT pg_notify('hearth_test', '')"));
      assert.ok(await until(() => heard === 2, 2000), 'a committed notification is heard');
      await assert.rejects(database.db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('hearth_test', '')");
        throw new Error('rolled back');
      }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(heard, 2, 'a rolled-back one is not');
      // The server ends the listening connection: within five seconds it listens again.
      const pid = await listener();
      await database.db.query('SELECT pg_terminate_backend($1)', [pid]);
      assert.ok(await until(async () => ((await listener()) ?? pid) !== pid, 8000), 'listening again');
      assert.ok(warnings.some((w) => /listening on hearth_test was lost/.test(w)), warnings.join(''));
      await new Promise((resolve) => setTimeout(resolve, 200)); // its wake on listening again, counted
      const before = heard;
      await database.db.query("SELECT pg_notify('hearth_test', '')");
      assert.ok(await until(() => heard > before, 2000), 'heard on the new connection');
      await stop();
      assert.equal(await until(async () => (await listener()) === undefined, 2000), true, 'stopped listening');
    } finally {
      process.stderr.write = write;
      await database.close();
    }
  });
});
