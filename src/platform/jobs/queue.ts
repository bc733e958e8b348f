import { PgBoss } from 'pg-boss';
import type { Db } from '../db/db.js';
import type { Logger } from '../log.js';
import { pgBossDatabase } from './pgboss-adapter.js';

/**
 * The platform's job queue: pg-boss (https://github.com/timgit/pg-boss), kept in PostgreSQL (or
 * PGlite) in its own schema, `pgboss`, which it installs and migrates itself. A job is claimed
 * by one worker with SKIP LOCKED, retried with back-off when its handler throws, moved to a
 * dead-letter queue when its retries run out, and expired if a worker dies holding it. Blocks
 * get it as `ctx.jobs`: `define` a queue and its worker, then `send` work to it from anywhere
 * (in a request, in another job). Scheduled jobs (`Block.scheduledJobs`) are queues too, with a
 * cron schedule (see scheduler.ts).
 */

export const JOB_SCHEMA = 'pgboss';

export interface QueueDefinition<T extends object> {
  /** A stable name: letters, digits, `.`, `_`, `-` (e.g. `directory.feed-pull`). */
  name: string;
  /** The work; a throw is a failed attempt, retried until `retryLimit`. */
  run(data: T, job: { id: string; retryCount: number }): Promise<void>;
  /** Retries after the first attempt (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry, doubling with jitter when `retryBackoff` (default 30, on). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** How long one attempt may run before it is failed as expired (default 15 minutes). */
  expireInSeconds?: number;
  /** Keep failed jobs in `<name>.dead` once their retries run out (default true). */
  deadLetter?: boolean;
  /**
   * pg-boss's queue policy: 'standard' (default) queues every job sent; 'short' keeps at most one
   * job waiting per `singletonKey` (a second send while one waits is dropped, answered null);
   * 'singleton' runs at most one per key at a time; 'stately' both.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export interface SendOptions {
  /** The job's key for its queue's policy (a 'short' queue keeps one job waiting per key). */
  singletonKey?: string;
  /** Not before then. */
  startAfter?: Date;
}

/** How often workers look for jobs and the cron clock looks at the timetable (tests make them quicker). */
export interface QueueTiming {
  /** Default 2. */
  pollingIntervalSeconds?: number;
  /** pg-boss's cron monitor and worker intervals (default 30 and 5). */
  cronSeconds?: number;
}

export const deadLetterQueue = (name: string) => `${name}.dead`;

export class JobQueue {
  readonly boss: PgBoss;
  private readonly definitions = new Map<string, QueueDefinition<object>>();
  private installed?: Promise<void>;
  private working = false;
  private readonly pollingIntervalSeconds: number;

  constructor(
    readonly db: Db,
    private readonly log: Logger,
    options: { maintain: boolean; schedule: boolean; timing?: QueueTiming },
  ) {
    this.pollingIntervalSeconds = options.timing?.pollingIntervalSeconds ?? 2;
    this.boss = new PgBoss({
      db: pgBossDatabase(db),
      backend: db.engine === 'pglite' ? 'pglite' : 'postgres',
      schema: JOB_SCHEMA,
      // Maintenance (expiring jobs of dead workers, deleting old ones) and the cron clock run only
      // in a process that works jobs; a CLI command or a test only installs and sends.
      supervise: options.maintain,
      schedule: options.schedule,
      ...(options.timing?.cronSeconds ? { cronMonitorIntervalSeconds: options.timing.cronSeconds, cronWorkerIntervalSeconds: options.timing.cronSeconds } : {}),
      // REINDEX CONCURRENTLY cannot run inside the transaction every PGlite script runs in (Db.script).
      ...(db.engine === 'pglite' ? { reindex: false } : {}),
    });
    // pg-boss reports trouble in its background loops as events; unheard, they would end the process.
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  /** Install or migrate pg-boss's schema (once per database; quick when already there), and start its loops. */
  install(): Promise<void> {
    this.installed ??= this.boss.start().then(() => {});
    return this.installed;
  }

  /** Declare a queue and its worker. Its worker runs once `work()` has been called (a serving process). */
  async define<T extends object>(definition: QueueDefinition<T>): Promise<void> {
    if (this.definitions.has(definition.name)) throw new Error(`the job queue "${definition.name}" is defined twice`);
    this.definitions.set(definition.name, definition as QueueDefinition<object>);
    await this.install();
    const retry = { retryLimit: definition.retryLimit ?? 3, retryDelay: definition.retryDelaySeconds ?? 30, retryBackoff: definition.retryBackoff ?? true };
    if (definition.deadLetter !== false) await this.boss.createQueue(deadLetterQueue(definition.name), { retentionSeconds: 30 * 24 * 3600 });
    await this.boss.createQueue(definition.name, {
      ...retry,
      policy: definition.policy ?? 'standard',
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      ...(definition.deadLetter !== false ? { deadLetter: deadLetterQueue(definition.name) } : {}),
    });
    if (this.working) await this.startWorker(definition as QueueDefinition<object>);
  }

  /** Queue a job; its id, or null when a singleton of that key is already waiting. */
  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`no job queue "${name}" is defined`);
    await this.install();
    return this.boss.send(name, data, { ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}), ...(options.startAfter ? { startAfter: options.startAfter } : {}) });
  }

  /** Start working every defined queue in this process (and those defined later). */
  async work(): Promise<void> {
    await this.install();
    this.working = true;
    for (const definition of this.definitions.values()) await this.startWorker(definition);
  }

  private async startWorker(definition: QueueDefinition<object>): Promise<void> {
    await this.boss.work<object>(definition.name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) {
        this.log.info({ job: definition.name, id: job.id, retry: job.retryCount }, 'job started');
        try {
          await definition.run(job.data ?? {}, { id: job.id, retryCount: job.retryCount });
        } catch (error) {
          this.log.error({ job: definition.name, id: job.id, retry: job.retryCount, err: error }, 'job failed');
          throw error;
        }
        this.log.info({ job: definition.name, id: job.id }, 'job finished');
      }
    });
  }

  /** Stop the workers (letting a job in hand finish, up to `timeoutMs`) and pg-boss's loops. The database stays open. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.installed) return;
    await this.installed.catch(() => {});
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: false });
  }
}
