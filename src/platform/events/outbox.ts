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
