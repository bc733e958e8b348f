import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHearth } from '../../../src/main.js';
import { ConfigError, readConfig } from '../../../src/platform/config.js';
import { JOB_SCHEMA } from '../../../src/platform/jobs/queue.js';
import { createLogger } from '../../../src/platform/log.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

/** A serving Hearth (as `hearth serve` starts one) puts the blocks' scheduled jobs on the job queue, and stops cleanly. */
describe('the job queue in a serving process', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database?.close());

  const schedules = async () =>
    (await database.db.query<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule ORDER BY name`).catch(() => ({ rows: [] }))).rows;

  it('a bad HEARTH_SCHEDULE_* stops the start, naming the variable', async () => {
    const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', HEARTH_SCHEDULE_DIRECTORY_REINDEX: 'nightly' });
    await assert.rejects(
      createHearth(config, { db: database.db, log: createLogger('silent'), quietNotifications: true }),
      (error: Error) => error instanceof ConfigError && /HEARTH_SCHEDULE_DIRECTORY_REINDEX/.test(error.message),
    );
  });

  it('with HEARTH_SCHEDULER=off, keeps no timetable', async () => {
    const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', HEARTH_SCHEDULER: 'off' });
    const hearth = await createHearth(config, { db: database.db, log: createLogger('silent'), quietNotifications: true });
    await hearth.close();
    assert.deepEqual(await schedules(), []);
  });

  it('schedules every block job and the platform own in London time, with overrides, and closes promptly', async () => {
    const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', HEARTH_SCHEDULE_DIRECTORY_REINDEX: '30 2 * * *' });
    const hearth = await createHearth(config, { db: database.db, log: createLogger('silent'), quietNotifications: true });
    const found = await schedules();
    const reindex = found.find((s) => s.name === 'directory.reindex');
    assert.deepEqual(reindex && [reindex.cron, reindex.timezone], ['30 2 * * *', 'Europe/London']);
    assert.ok(found.some((s) => s.name === 'platform.webhooks.prune'));
    // A block's own queue works in a serving process: sent, run once.
    let runs = 0;
    await hearth.ctx.jobs.define({ name: 'test.serving', async run() {
      runs++;
    } });
    await hearth.ctx.jobs.send('test.serving', {});
    const deadline = Date.now() + 20_000;
    while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(runs, 1);
    const closing = Date.now();
    await hearth.close();
    assert.ok(Date.now() - closing < 15_000, `closed in ${Date.now() - closing} ms`);
  });
});
