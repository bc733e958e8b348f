import { hostname } from 'node:os';
import { Cron } from 'croner';
import { ConfigError } from '../config.js';
import type { Db } from '../db/db.js';
import type { Logger } from '../log.js';

/**
 * Scheduled work inside the server, so that no one has to set up cron: each block names its
 * jobs and when they run (a cron pattern in Europe/London time, overridable per job by
 * `HEARTH_SCHEDULE_<JOB>`), and every process keeps the same timetable. When a job falls due,
 * each process tries to claim it in `scheduled_run`; one wins and runs it, so the work happens
 * once however many processes serve. A run missed while no process was up (the last due time
 * has no row) is run at start.
 */
export interface ScheduledJob {
  /** A stable name, e.g. `directory.reindex`. */
  name: string;
  /** When it runs by default: a cron pattern (minute hour day month weekday), Europe/London. */
  pattern: string;
  run(): Promise<void>;
}

export const SCHEDULE_TIME_ZONE = 'Europe/London';

/** The variable that overrides a job's pattern: `directory.reindex` → HEARTH_SCHEDULE_DIRECTORY_REINDEX. */
export const scheduleVariable = (job: string) => `HEARTH_SCHEDULE_${job.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

const RUNNER = `${hostname()}:${process.pid}`;

/**
 * Claim the run of `job` due at `dueAt`, run it and record how it went. Resolves to whether this
 * process ran it (false: another did, or is doing, that run).
 */
export async function runOnce(db: Db, log: Logger, job: ScheduledJob, dueAt: Date): Promise<boolean> {
  const { rows } = await db.query(
    'INSERT INTO scheduled_run (job, due_at, runner) VALUES ($1, $2, $3) ON CONFLICT (job, due_at) DO NOTHING RETURNING job',
    [job.name, dueAt, RUNNER],
  );
  if (!rows.length) return false;
  log.info({ job: job.name, dueAt }, 'scheduled job started');
  let error: string | null = null;
  try {
    await job.run();
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
    log.error({ job: job.name, dueAt, err: failure }, 'scheduled job failed');
  }
  await db.query('UPDATE scheduled_run SET finished_at = now(), error = $3 WHERE job = $1 AND due_at = $2', [job.name, dueAt, error]);
  if (!error) log.info({ job: job.name, dueAt }, 'scheduled job finished');
  return true;
}

export class Scheduler {
  private readonly crons: Cron[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly jobs: ScheduledJob[],
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /** Each job's pattern after configuration; throws naming the variable when one is not a pattern. */
  patterns(): Map<string, string> {
    const patterns = new Map<string, string>();
    for (const job of this.jobs) {
      const pattern = this.env[scheduleVariable(job.name)] || job.pattern;
      try {
        new Cron(pattern, { timezone: SCHEDULE_TIME_ZONE, paused: true }).stop();
      } catch (error) {
        throw new ConfigError(`${scheduleVariable(job.name)} must be a cron pattern such as "0 3 * * *"; "${pattern}" is not (${(error as Error).message})`);
      }
      patterns.set(job.name, pattern);
    }
    return patterns;
  }

  start(): void {
    const patterns = this.patterns();
    for (const job of this.jobs) {
      const cron = new Cron(patterns.get(job.name)!, { timezone: SCHEDULE_TIME_ZONE, unref: true, protect: true }, (self: Cron) => {
        // Every process computes the same due time from the timetable, whatever its timer's drift.
        const due = self.currentRun() ?? new Date();
        this.track(runOnce(this.db, this.log, job, new Date(Math.floor(due.getTime() / 1000) * 1000)));
      });
      this.crons.push(cron);
      this.track(this.catchUp(job, cron));
    }
  }

  /**
   * Run the last due run if no process ran it (the server was down then). A job that has never
   * run is not caught up on its first start (a new install has just built what it would): its
   * last due time is recorded as the starting point instead.
   */
  private async catchUp(job: ScheduledJob, cron: Cron): Promise<void> {
    const [last] = cron.previousRuns(1, new Date());
    if (!last) return;
    const { rows } = await this.db.query<{ due_at: Date }>('SELECT max(due_at) AS due_at FROM scheduled_run WHERE job = $1', [job.name]);
    const latest = rows[0]?.due_at;
    if (!latest) {
      await this.db.query(
        `INSERT INTO scheduled_run (job, due_at, runner, finished_at) VALUES ($1, $2, $3, now()) ON CONFLICT (job, due_at) DO NOTHING`,
        [job.name, last, `${RUNNER} (first start: not run)`],
      );
      return;
    }
    if (new Date(latest).getTime() < last.getTime()) await runOnce(this.db, this.log, job, last);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error) => this.log.error({ err: error }, 'scheduler failed')).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Stop the timetable and wait for runs in progress. */
  async stop(): Promise<void> {
    for (const cron of this.crons) cron.stop();
    await Promise.all(this.running);
  }
}
