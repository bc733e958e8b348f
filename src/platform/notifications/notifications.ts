import type { Db } from '../db/db.js';
import type { Logger } from '../log.js';

/**
 * Every message Hearth sends to a person goes through here, whatever block sends it: one place
 * to choose the channel, record what was sent, and swap GOV.UK Notify for a recording sender in
 * development and tests.
 */

/** Templates Hearth sends. Each maps to a GOV.UK Notify template id in configuration. */
export const TEMPLATES = ['sign-in-link', 'staff-invitation', 'feedback-received'] as const;
export type Template = (typeof TEMPLATES)[number];

export interface Message {
  councilId: string | null;
  template: Template;
  to: { email: string };
  /** The template's fields: ((name)) placeholders in Notify. */
  personalisation: Record<string, string>;
  /** Our own reference, shown in Notify's dashboard. */
  reference?: string;
}

export interface Sender {
  readonly name: string;
  /** Send, returning the provider's id of the message, if any. */
  send(message: Message): Promise<string | undefined>;
}

export class Notifications {
  constructor(
    private readonly db: Db,
    private readonly sender: Sender,
    private readonly log: Logger,
  ) {}

  get senderName(): string {
    return this.sender.name;
  }

  async send(message: Message): Promise<void> {
    const providerId = await this.sender.send(message);
    // The recording sender keeps the whole message (that is its purpose); a real sender's
    // record leaves out the personalisation, which may hold a sign-in link.
    const recorded = this.sender.name === 'recording' ? message.personalisation : {};
    await this.db.query(
      `INSERT INTO notification (council_id, template, recipient, personalisation, reference, sender, provider_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [message.councilId, message.template, message.to.email, JSON.stringify(recorded), message.reference ?? null, this.sender.name, providerId ?? null],
    );
    this.log.info({ template: message.template, sender: this.sender.name, providerId }, 'notification sent');
  }
}

/**
 * Development, tests and the demo: nothing leaves the machine. The message is kept in the
 * `notification` table and printed on the console, links included, so whoever runs the demo
 * can follow the sign-in link.
 */
export class RecordingSender implements Sender {
  readonly name = 'recording';
  constructor(private readonly print: (line: string) => void) {}

  async send(message: Message): Promise<undefined> {
    const fields = Object.entries(message.personalisation).map(([k, v]) => `  ${k}: ${v}`).join('\n');
    this.print(`\n[Hearth notification — ${message.template} to ${message.to.email}]\n${fields}\n`);
    return undefined;
  }
}

/** Recorded messages, newest first (tests and the demo read their links here). */
export async function recordedNotifications(db: Db, to?: string): Promise<{ template: string; recipient: string; personalisation: Record<string, string>; created_at: Date }[]> {
  const { rows } = await db.query<{ template: string; recipient: string; personalisation: Record<string, string>; created_at: Date }>(
    `SELECT template, recipient, personalisation, created_at FROM notification
     WHERE sender = 'recording' AND ($1::text IS NULL OR lower(recipient) = lower($1)) ORDER BY created_at DESC, id`,
    [to ?? null],
  );
  return rows;
}
