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

/**
 * The name of a service and the terms it is tagged with, for the pages around a report
 * (undefined when there is none).
 */
export async function serviceForReport(db: Db, councilId: string, serviceId: string): Promise<{ name: string; termIds: string[] } | undefined> {
  const { rows } = await db.query<{ name: string; term_ids: string[] }>(
    `SELECT s.name,
            ARRAY(SELECT a.taxonomy_term_id::text FROM attribute a
                  WHERE a.council_id = s.council_id AND a.service_id = s.id AND a.link_entity = 'service') AS term_ids
     FROM service s WHERE s.council_id = $1 AND s.id = $2`,
    [councilId, serviceId],
  );
  return rows[0] ? { name: rows[0].name, termIds: rows[0].term_ids } : undefined;
}
