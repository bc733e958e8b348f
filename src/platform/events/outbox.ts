import type { Queryable } from '../db/db.js';

/** An event that others may care about, e.g. `directory.service.updated`. */
export interface HearthEvent {
  councilId: string;
  /** Reverse-dotted kind: `<block>.<thing>.<what happened>`. */
  type: string;
  /** The id of the thing it happened to. */
  subject: string;
  data?: Record<string, unknown>;
}

/**
 * Write events to the outbox inside the caller's transaction, so an event exists if and only
 * if the change it describes was committed. Many events go in one statement (imports).
 */
export async function recordEvents(tx: Queryable, events: HearthEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (council_id, type, subject, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
    [
      events.map((e) => e.councilId),
      events.map((e) => e.type),
      events.map((e) => e.subject),
      events.map((e) => JSON.stringify(e.data ?? {})),
    ],
  );
}

export function recordEvent(tx: Queryable, event: HearthEvent): Promise<void> {
  return recordEvents(tx, [event]);
}

/** Dispatching gives up on an event after this many failed attempts: it is then dead-lettered. */
export const MAX_DISPATCH_ATTEMPTS = 8;

/** How many events are still to be dispatched, and how many were given up on (for /metrics). */
export async function outboxBacklog(db: Queryable): Promise<{ pending: number; deadLettered: number }> {
  const { rows } = await db.query<{ pending: number; dead_lettered: number }>(
    `SELECT count(*) FILTER (WHERE attempts < $1) AS pending, count(*) FILTER (WHERE attempts >= $1) AS dead_lettered
       FROM outbox WHERE dispatched_at IS NULL`,
    [MAX_DISPATCH_ATTEMPTS],
  );
  return { pending: rows[0].pending, deadLettered: rows[0].dead_lettered };
}
