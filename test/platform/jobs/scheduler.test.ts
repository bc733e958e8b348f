import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../../src/platform/config.js';
import { createLogger } from '../../../src/platform/log.js';
import { migrate } from '../../../src/platform/migrate.js';
import { JOB_SCHEMA, JobQueue } from '../../../src/platform/jobs/queue.js';
import { Scheduler, scheduleVariable, type ScheduledJob } from '../../../src/platform/jobs/scheduler.js';
import { TIMETABLE_DATA } from '../../../src/platform/jobs/occurrences.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

const log = createLogger('silent');
const quick = { pollingIntervalSeconds: 0.5, cronSeconds: 1 };

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

async function until(done: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('waited too long');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the job queue (pg-boss on this engine) and scheduled jobs on it', () => {
  let database: TestDatabase;
  const queues: JobQueue[] = [];
  /** A process's queue: each its own pg-boss on the one database. */
  const processQueue = (schedule = true) => {
    const queue = new JobQueue(database.db, log, { maintain: schedule, schedule, timing: quick });
    queues.push(queue);
    return queue;
  };
  const jobRows = (name: string) =>
    database.db.query<{ state: string; singleton_on: Date | null; output: Record<string, unknown> | null; retry_count: number }>(
      `SELECT state, singleton_on, output, retry_count FROM ${JOB_SCHEMA}.job WHERE name = $1 ORDER BY created_on`,
      [name],
    );

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations]);
  });
  after(async () => {
    const stopping = Date.now();
    await Promise.all(queues.map((queue) => queue.stop(2000)));
    assert.ok(Date.now() - stopping < 10_000, `stopping is prompt (${Date.now() - stopping} ms)`);
    await database.close();
  });

  it('installs pg-boss in its own schema, and the old claim table is gone', async () => {
    const queue = processQueue(false);
    await queue.install();
    const { rows } = await database.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('job', 'queue', 'schedule') ORDER BY 1`,
      [JOB_SCHEMA],
    );
    assert.deepEqual(rows.map((r) => r.table_name), ['job', 'queue', 'schedule']);
    assert.equal((await database.db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'scheduled_run'`)).rows.length, 0);
  });

  it('runs a job sent to a queue once, retries a failure with back-off, and dead-letters one that keeps failing', async () => {
    const queue = processQueue(false);
    let flaky = 0;
    const seen: unknown[] = [];
    await queue.define<{ n: number }>({
      name: 'test.flaky',
      retryLimit: 2,
      retryDelaySeconds: 1,
      async run(data, job) {
        flaky++;
        seen.push([data.n, job.retryCount]);
        if (flaky === 1) throw new Error('first try fails');
      },
    });
    let hopeless = 0;
    await queue.define({ name: 'test.hopeless', retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, async run() {
      hopeless++;
      throw new Error('never works');
    } });
    await queue.work();
    assert.ok(await queue.send('test.flaky', { n: 7 }));
    await queue.send('test.hopeless', {});
    await until(async () => (await jobRows('test.flaky')).rows[0]?.state === 'completed');
    assert.deepEqual(seen, [[7, 0], [7, 1]], 'ran again after failing, once it succeeded no more');
    await until(async () => (await jobRows('test.hopeless.dead')).rows.length === 1);
    assert.equal(hopeless, 2, 'the first attempt and one retry');
    const [failed] = (await jobRows('test.hopeless')).rows;
    assert.equal(failed.state, 'failed');
    assert.match(JSON.stringify(failed.output), /never works/);
    // A 'short' queue keeps one job waiting per key: a second while one waits is not queued.
    await queue.define({ name: 'test.single', policy: 'short', async run() {} });
    const first = await queue.send('test.single', {}, { singletonKey: 'council-1', startAfter: new Date(Date.now() + 60_000) });
    const second = await queue.send('test.single', {}, { singletonKey: 'council-1', startAfter: new Date(Date.now() + 60_000) });
    assert.ok(first);
    assert.equal(second, null);
    await assert.rejects(queue.send('test.undefined', {}), /no job queue "test.undefined"/);
  });

  it('runs a scheduled job once for each due time, however many processes keep the timetable', async () => {
    // Every minute: the minute just begun is due at once (a pass files the latest occurrence within a minute).
    const job = countingJob('test.every-minute', '* * * * *');
    const one = new Scheduler(processQueue(), log, [job]);
    const two = new Scheduler(processQueue(), log, [job]);
    await one.start();
    await two.start();
    await Promise.all(queues.slice(-2).map((q) => q.work()));
    await until(() => job.runs >= 1);
    // Both processes' clocks have looked again since: still one run per due time.
    await new Promise((r) => setTimeout(r, 3000));
    const { rows } = await database.db.query<{ created_on: Date }>(`SELECT created_on FROM ${JOB_SCHEMA}.job WHERE name = 'test.every-minute'`);
    // The due time of a job filed for '* * * * *' is the minute it was filed in.
    const dueTimes = new Set(rows.map((r) => Math.floor(r.created_on.getTime() / 60_000)));
    assert.equal(job.runs, dueTimes.size, 'one run per due time');
    assert.ok(dueTimes.size <= 2, `ran for ${dueTimes.size} due times in a few seconds`);
  });

  it('runs a due time filed twice once (two clocks racing across pg-boss\'s throttle slot), and a job sent by hand always', async () => {
    // Daily at 03:00: any job filed today by the timetable is for the same due time.
    const job = countingJob('test.nightly', '0 3 * * *');
    const queue = processQueue(false);
    await new Scheduler(queue, log, [job]).start();
    await queue.boss.unschedule('test.nightly');
    await queue.work();
    assert.ok(await queue.send('test.nightly', { ...TIMETABLE_DATA }));
    assert.ok(await queue.send('test.nightly', { ...TIMETABLE_DATA }));
    assert.ok(await queue.send('test.nightly', {}), 'sent by hand');
    await until(async () => (await jobRows('test.nightly')).rows.every((row) => row.state === 'completed'));
    assert.equal((await jobRows('test.nightly')).rows.length, 3);
    assert.equal(job.runs, 2, 'the due time once, and the run sent by hand');
  });

  it('records a failed scheduled run with its reason, does not retry it, and goes on scheduling', async () => {
    const failing = countingJob('test.fails-every-minute', '* * * * *', true);
    const fine = countingJob('test.fine-every-minute', '* * * * *');
    const queue = processQueue();
    await new Scheduler(queue, log, [failing, fine]).start();
    await queue.work();
    await until(() => failing.runs >= 1 && fine.runs >= 1);
    await until(async () => (await jobRows('test.fails-every-minute')).rows[0]?.state === 'failed');
    const [row] = (await jobRows('test.fails-every-minute')).rows;
    assert.match(JSON.stringify(row.output), /the work failed/);
    assert.equal(row.retry_count, 0);
    assert.equal(failing.runs, (await jobRows('test.fails-every-minute')).rows.length, 'not retried');
  });

  it('takes a pattern from HEARTH_SCHEDULE_<JOB>, and refuses one that is not a pattern, naming the variable', () => {
    const job = countingJob('directory.reindex');
    const queue = processQueue(false);
    assert.equal(scheduleVariable('directory.reindex'), 'HEARTH_SCHEDULE_DIRECTORY_REINDEX');
    assert.equal(new Scheduler(queue, log, [job], { HEARTH_SCHEDULE_DIRECTORY_REINDEX: '30 1 * * *' }).patterns().get('directory.reindex'), '30 1 * * *');
    for (const bad of ['at night', '* * * * * *', '61 3 * * *']) {
      assert.throws(
        () => new Scheduler(queue, log, [job], { HEARTH_SCHEDULE_DIRECTORY_REINDEX: bad }).patterns(),
        (error: Error) => error instanceof ConfigError && /HEARTH_SCHEDULE_DIRECTORY_REINDEX must be a cron pattern/.test(error.message),
        bad,
      );
    }
  });
});
