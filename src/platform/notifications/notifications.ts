import { createHash } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { Logger } from '../log.js';
import { recordedSubject } from './subjects.js';

/**
 * Every message Hearth sends to a person goes through here, whatever block sends it: one place
 * to choose the channel, record what was sent, and swap GOV.UK Notify for a recording sender in
 * development and tests.
 */

/**
 * Templates Hearth sends. Each maps to a GOV.UK Notify template id in configuration.
 * `message` is the general one: its personalisation is `subject` and `body` (plain text, with
 * blank lines between paragraphs), written by the block in the person's language. Blocks use it
 * for everything that needs no layout of its own (a decision on an edit, a reminder to check a
 * listing), so a council sets up one Notify template, not one per kind of message.
 */
export const TEMPLATES = ['sign-in-link', 'staff-invitation', 'feedback-received', 'message'] as const;
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

/**
 * A message the provider did not accept (or could not be reached for). It says which template
 * and the provider's status, nothing else: the caller decides what the person is told, and the
 * error can be logged anywhere without carrying a link, an address or a key.
 */
export class NotificationFailed extends Error {
  constructor(
    readonly template: Template,
    readonly status: number | undefined,
  ) {
    super(`The ${template} message could not be sent${status ? ` (the provider answered ${status})` : ''}`);
    this.name = 'NotificationFailed';
  }
}

/** A recipient as logs may show it: a short hash, enough to tell two apart, not to read one. */
export const redactedRecipient = (email: string) => `sha256:${createHash('sha256').update(email).digest('hex').slice(0, 16)}`;

/**
 * What a sender's error may tell the log: the HTTP status and the provider's own error codes
 * and messages. A client's error object also holds the whole request it sent (the link in the
 * personalisation, the recipient, the authorisation header made from the key): never that.
 */
function describeFailure(error: unknown): { status?: number; error: string } {
  const e = error as { response?: { status?: unknown; data?: unknown }; code?: unknown; message?: unknown } | null;
  const status = typeof e?.response?.status === 'number' ? e.response.status : undefined;
  const data = e?.response?.data as { errors?: { error?: unknown; message?: unknown }[] } | undefined;
  const fromProvider = Array.isArray(data?.errors)
    ? data.errors.map((x) => [x.error, x.message].filter((v) => typeof v === 'string').join(': ')).join('; ')
    : '';
  const fallback = typeof e?.code === 'string' ? e.code : status ? `HTTP ${status}` : 'no answer';
  return { status, error: (fromProvider || fallback).slice(0, 500) };
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

  /** Send a message; NotificationFailed when it could not be sent (logged here, without its content). */
  async send(message: Message): Promise<void> {
    let providerId: string | undefined;
    try {
      providerId = await this.sender.send(message);
    } catch (error) {
      const failure = describeFailure(error);
      this.log.error(
        { template: message.template, sender: this.sender.name, recipient: redactedRecipient(message.to.email), status: failure.status, error: failure.error },
        'notification not sent',
      );
      throw new NotificationFailed(message.template, failure.status);
    }
    // The recording sender keeps the whole message (that is its purpose); a real sender's
    // record leaves out the personalisation, which may hold a sign-in link. Either keeps what
    // the message was about, with no link in it (subjects.ts), for the person's own list.
    const recorded = this.sender.name === 'recording' ? message.personalisation : {};
    await this.db.query(
      `INSERT INTO notification (council_id, template, recipient, personalisation, reference, sender, provider_id, subject)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [message.councilId, message.template, message.to.email, JSON.stringify(recorded), message.reference ?? null, this.sender.name, providerId ?? null, recordedSubject(message)],
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
    const fields = Object.entries(message.personalisation).map(([k, v]) => `  ${printable(k)}: ${printableLines(v)}`).join('\n');
    this.print(`\n[Hearth notification — ${printable(message.template)} to ${printable(message.to.email)}]\n${fields}\n`);
    return undefined;
  }
}

/**
 * A value as the console may show it: control characters (new lines, ANSI escape sequences),
 * Unicode format characters (bidirectional overrides) and line separators written as `\u001b`
 * and the like, so a value cannot forge a line of output or drive the terminal.
 */
export const printable = (value: string): string =>
  value.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/**
 * A value of several lines (a message's body) as the console may show it: each line escaped as
 * `printable` does, the lines after the first marked `    | `, so a value can be read as written
 * yet can never start a line of its own (a forged header or field).
 */
export const printableLines = (value: string): string => value.split('\n').map(printable).join('\n    | ');

/** Recorded messages to exactly this address (as stored, no case folding), newest first (tests and the demo read their links here). */
export async function recordedNotifications(db: Db, to?: string): Promise<{ template: string; recipient: string; personalisation: Record<string, string>; created_at: Date }[]> {
  const { rows } = await db.query<{ template: string; recipient: string; personalisation: Record<string, string>; created_at: Date }>(
    `SELECT template, recipient, personalisation, created_at FROM notification
     WHERE sender = 'recording' AND ($1::text IS NULL OR recipient = $1) ORDER BY created_at DESC, id`,
    [to ?? null],
  );
  return rows;
}
