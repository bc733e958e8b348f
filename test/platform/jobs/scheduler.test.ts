import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigError } from '../../../src/platform/config.js';
import { createLogger } from '../../../src/platform/log.js';
import { migrate } from '../../../src/platform/migrate.js';
import { runOnce, Scheduler, scheduleVariable, type ScheduledJob } from '../../../src/platform/jobs/scheduler.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

const log = createLogger('silent');

/** A job that counts its runs and can be told to fail. */
function countingJob(name: string, pattern = '0 3 * * *', fail = false): ScheduledJob & { runs: number } {
  const job = {
    name,
    pattern,
    runs: 0,
    async run() {
      job.runs++;
      if (fail) throw new Error('the work failed');
    },
  };
  return job;
}

describe('scheduled jobs inside the server', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
  });
  beforeEach(() => database.db.query('DELETE FROM scheduled_run'));
  after(() => database.close());

  it('runs a due time once however many processes claim it at the same moment', async () => {
    const job = countingJob('test.once');
    const due = new Date('2026-12-02T03:00:00Z');
    const claims = await Promise.all([runOnce(database.db, log, job, due), runOnce(database.db, log, job, due), runOnce(database.db, log, job, due)]);
    assert.equal(claims.filter(Boolean).length, 1);
    assert.equal(job.runs, 1);
    const { rows } = await database.db.query<{ finished_at: Date | null; error: string | null }>('SELECT finished_at, error FROM scheduled_run WHERE job = $1', ['test.once']);
    assert.equal(rows.length, 1);
    assert.ok(rows[0].finished_at, 'finished is recorded');
    assert.equal(rows[0].error, null);
    // The next night is a new run.
    assert.equal(await runOnce(database.db, log, job, new Date('2026-12-03T03:00:00Z')), true);
    assert.equal(job.runs, 2);
  });

  it('records a failed run with its reason, and does not stop the scheduler', async () => {
    const job = countingJob('test.fails', '0 3 * * *', true);
    assert.equal(await runOnce(database.db, log, job, new Date('2026-12-02T03:00:00Z')), true);
    const { rows } = await database.db.query<{ error: string }>('SELECT error FROM scheduled_run WHERE job = $1', ['test.fails']);
    assert.equal(rows[0].error, 'the work failed');
  });

  it('runs on its timetable, once across two processes sharing the database', async () => {
    // Every second (croner's six-field pattern), for a moment.
    const job = countingJob('test.every-second', '* * * * * *');
    const one = new Scheduler(database.db, log, [job]);
    const two = new Scheduler(database.db, log, [job]);
    one.start();
    two.start();
    const deadline = Date.now() + 20_000;
    while (job.runs < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await one.stop();
    await two.stop();
    const { rows } = await database.db.query<{ due_at: Date; runs: number }>(
      "SELECT due_at, count(*)::int AS runs FROM scheduled_run WHERE job = 'test.every-second' AND runner NOT LIKE '%first start%' GROUP BY due_at",
    );
    assert.ok(job.runs >= 2, `ran ${job.runs} times`);
    assert.equal(job.runs, rows.length, 'each due second ran exactly once');
  });

  it('catches up a run missed while no process was up, but not on a first start', async () => {
    const job = countingJob('test.nightly');
    const first = new Scheduler(database.db, log, [job]);
    first.start();
    await first.stop();
    assert.equal(job.runs, 0, 'a new install does not run last night\'s job at once');

    // Pretend the last recorded run was two days ago: the server was down last night.
    await database.db.query("UPDATE scheduled_run SET due_at = due_at - interval '2 days' WHERE job = 'test.nightly'");
    const restarted = new Scheduler(database.db, log, [job]);
    restarted.start();
    await restarted.stop();
    assert.equal(job.runs, 1, 'the missed night is run at start');
  });

  it('takes a pattern from HEARTH_SCHEDULE_<JOB>, and refuses one that is not a pattern, naming the variable', () => {
    const job = countingJob('directory.reindex');
    assert.equal(scheduleVariable('directory.reindex'), 'HEARTH_SCHEDULE_DIRECTORY_REINDEX');
    assert.equal(new Scheduler(database.db, log, [job], { HEARTH_SCHEDULE_DIRECTORY_REINDEX: '30 1 * * *' }).patterns().get('directory.reindex'), '30 1 * * *');
    assert.throws(
      () => new Scheduler(database.db, log, [job], { HEARTH_SCHEDULE_DIRECTORY_REINDEX: 'at night' }).patterns(),
      (error: Error) => error instanceof ConfigError && /HEARTH_SCHEDULE_DIRECTORY_REINDEX must be a cron pattern/.test(error.message),
    );
  });
});
