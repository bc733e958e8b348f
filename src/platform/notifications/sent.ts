import type { Db } from '../db/db.js';
import type { Template } from './notifications.js';

/** A message Hearth sent a person, as they may see it: when, which template, and what it was about (no link, no personalisation). */
export interface SentMessage {
  id: string;
  template: Template;
  /** What Notifications.send recorded (subjects.ts); null on rows from before it did. */
  subject: string | null;
  createdAt: Date;
}

/**
 * The newest messages sent to exactly this address (as stored: the canonical form the identity
 * block keeps, with no case folding, so a look-alike address's mail is never shown) by this
 * council or by the platform itself (no council). Newest first, at most `limit`.
 */
export async function messagesSentTo(db: Db, to: { councilId: string; email: string }, limit: number): Promise<SentMessage[]> {
  const { rows } = await db.query<{ id: string; template: Template; subject: string | null; created_at: Date }>(
    `SELECT id, template, subject, created_at FROM notification
     WHERE recipient = $1 AND (council_id = $2 OR council_id IS NULL)
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [to.email, to.councilId, limit],
  );
  return rows.map((r) => ({ id: r.id, template: r.template, subject: r.subject, createdAt: new Date(r.created_at) }));
}
