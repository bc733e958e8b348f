import { CronExpressionParser } from 'cron-parser';
import { ConfigError } from '../config.js';
import type { Logger } from '../log.js';
import { claimOccurrence, TIMETABLE_DATA } from './occurrences.js';
import type { JobQueue } from './queue.js';

/**
 * Scheduled work inside the server, so that no one has to set up cron: each block names its
 * jobs and when they run (a cron pattern in Europe/London time, overridable per job by
 * `HEARTH_SCHEDULE_<JOB>`). Each is a queue on the platform's job queue (pg-boss) with a cron
 * schedule: every process that schedules keeps the timetable, pg-boss files one job per due
 * time, and one worker runs it — once: a run first claims its due time (`scheduled_occurrence`),
 * because two processes' clocks can each file the same due time (pg-boss's own guard is a
 * one-minute throttle slot, which a race across a slot's edge gets past).
 * A run missed while no process was up is run once at the next start (pg-boss's `missed: 'once'`).
 * A failed run is logged and kept in the job's history; it is not retried (the next due time is).
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

/** Five fields: pg-boss files at most one job a minute per schedule, so a seconds field would mislead. */
const FIVE_FIELDS = /^\s*\S+(\s+\S+){4}\s*$/;

export class Scheduler {
  constructor(
    private readonly queue: JobQueue,
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
        if (!FIVE_FIELDS.test(pattern)) throw new Error('it needs five fields: minute hour day month weekday');
        CronExpressionParser.parse(pattern, { tz: SCHEDULE_TIME_ZONE });
      } catch (error) {
        throw new ConfigError(`${scheduleVariable(job.name)} must be a cron pattern such as "0 3 * * *"; "${pattern}" is not (${(error as Error).message})`);
      }
      patterns.set(job.name, pattern);
    }
    return patterns;
  }

  /**
   * Define each job's queue and (with `timetable`) put its schedule in the queue, replacing an
   * older pattern. A process with HEARTH_SCHEDULER=off neither keeps the timetable nor works
   * scheduled jobs: they are left to the other processes.
   */
  async start(): Promise<void> {
    const patterns = this.patterns();
    for (const job of this.jobs) {
      const pattern = patterns.get(job.name)!;
      await this.queue.define({
        name: job.name,
        run: async (_data, meta) => {
          // Once per due time, even when a second process's clock filed the same due time again.
          if (!(await claimOccurrence(this.queue.db, meta.id, pattern, SCHEDULE_TIME_ZONE))) {
            this.log.info({ job: job.name, id: meta.id }, 'scheduled job already run for this due time');
            return;
          }
          await job.run();
        },
        retryLimit: 0,
        deadLetter: false,
        expireInSeconds: 6 * 3600,
      });
      // The throttle slot lets pg-boss drop most second filings before they are queued at all.
      await this.queue.boss.schedule(job.name, pattern, TIMETABLE_DATA, { tz: SCHEDULE_TIME_ZONE, missed: 'once', singletonSeconds: 60 });
      this.log.info({ job: job.name, pattern }, 'scheduled job on the timetable');
    }
  }
}
