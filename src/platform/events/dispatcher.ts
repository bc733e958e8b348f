import type { Db, Queryable } from '../db/db.js';
import type { Logger } from '../log.js';
import { MAX_DISPATCH_ATTEMPTS } from './outbox.js';
import { PublishedEvents } from './published.js';
import { PollLoop } from '../poll-loop.js';

export interface OutboxEvent {
  id: number;
  councilId: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * A subscriber gets the event and the dispatcher's transaction: what it writes there (a webhook
 * delivery, say) commits with the event's being marked dispatched, and on PGlite (one
 * connection, held by that transaction) it is the only way to write at all.
 */
export type Subscriber = (event: OutboxEvent, tx: Queryable) => Promise<void> | void;

interface Subscription {
  /** Exact type, or a prefix ending in `*` such as `directory.service.*`. */
  pattern: string;
  handler: Subscriber;
}

const MAX_ATTEMPTS = MAX_DISPATCH_ATTEMPTS;

/**
 * Hands outbox events to in-process subscribers, in order, at least once. Events are claimed
 * with FOR UPDATE SKIP LOCKED so several processes can dispatch from one PostgreSQL without
 * handing an event out twice at the same time. A failing event is retried with back-off on
 * later polls and, after MAX_ATTEMPTS, left dead-lettered (attempts >= MAX_ATTEMPTS) for an
 * operator to look at; it no longer blocks those behind it.
 */
export class Dispatcher {
  private readonly subscriptions: Subscription[] = [];
  /** The event types that may leave Hearth (webhooks); every other type stays with in-process subscribers. */
  readonly published = new PublishedEvents();
  /** Polls the outbox; a full batch is followed by the next at once. */
  private readonly loop: PollLoop;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    intervalMs = 1000,
  ) {
    this.loop = new PollLoop('event dispatch', log, async () => (await this.dispatchOnce()) > 0, intervalMs);
  }

  subscribe(pattern: string, handler: Subscriber): void {
    this.subscriptions.push({ pattern, handler });
  }

  private matches(pattern: string, type: string): boolean {
    return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
  }

  /** Dispatch one batch; returns how many events were handled. */
  async dispatchOnce(batchSize = 100): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        id: number;
        council_id: string;
        type: string;
        subject: string;
        data: Record<string, unknown>;
        created_at: Date;
        attempts: number;
      }>(
        `SELECT id, council_id, type, subject, data, created_at, attempts FROM outbox
         WHERE dispatched_at IS NULL AND attempts < $2
           AND (attempts = 0 OR created_at + (interval '1 second' * power(2, attempts)) < now())
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize, MAX_ATTEMPTS],
      );
      for (const row of rows) {
        const event: OutboxEvent = {
          id: row.id,
          councilId: row.council_id,
          type: row.type,
          subject: row.subject,
          data: row.data,
          createdAt: row.created_at,
        };
        try {
          for (const s of this.subscriptions) if (this.matches(s.pattern, event.type)) await s.handler(event, tx);
          await tx.query('UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = $1', [row.id]);
        } catch (error) {
          this.log.warn({ err: error, eventId: row.id, type: row.type }, 'event subscriber failed; will retry');
          await tx.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
            row.id,
            String((error as Error).message ?? error).slice(0, 2000),
          ]);
        }
      }
      return rows.length;
    });
  }

  private unlisten?: Promise<(() => Promise<void>) | undefined>;

  /** Poll the outbox, and wake at once when an event is committed (platform migration 011). */
  start(): void {
    this.loop.start();
    this.unlisten = this.db.listen('hearth_outbox', () => this.loop.wake()).catch((error) => {
      this.log.warn({ err: error }, 'could not listen for new events: dispatching on each poll only');
      return undefined;
    });
  }

  /** Stop polling and wait for the batch in hand to finish. */
  async stop(): Promise<void> {
    await (await this.unlisten)?.();
    await this.loop.stop();
  }
}
