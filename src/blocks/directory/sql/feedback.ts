import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/db.js';
import { recordEvent } from '../../../platform/events/outbox.js';

export interface NewServiceFeedback {
  councilId: string;
  serviceId: string;
  /** What the resident says is wrong. */
  message: string;
  /** Only when they asked to hear back. */
  reporterEmail?: string;
}

/**
 * Store a "this is out of date" report and its `directory.feedback.received` event in one
 * transaction. Undefined when the council has no such service (nothing is written then).
 * The event carries no personal data: subscribers read the report itself if they may.
 */
export async function recordServiceFeedback(db: Db, input: NewServiceFeedback): Promise<{ id: string } | undefined> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const { rowCount } = await tx.query(
      `INSERT INTO service_feedback (council_id, id, service_id, message, reporter_email)
       SELECT $1, $2, $3, $4, $5
       WHERE EXISTS (SELECT 1 FROM service WHERE council_id = $1 AND id = $3)`,
      [input.councilId, id, input.serviceId, input.message, input.reporterEmail ?? null],
    );
    if (rowCount === 0) return undefined;
    await recordEvent(tx, {
      councilId: input.councilId,
      type: 'directory.feedback.received',
      subject: input.serviceId,
      data: { feedback_id: id, service_id: input.serviceId, wants_reply: Boolean(input.reporterEmail) },
    });
    return { id };
  });
}

/** The name of a service, for the pages around a report (undefined when there is none). */
export async function serviceName(db: Db, councilId: string, serviceId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM service WHERE council_id = $1 AND id = $2', [councilId, serviceId]);
  return rows[0]?.name;
}
