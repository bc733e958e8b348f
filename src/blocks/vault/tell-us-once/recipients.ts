import { randomUUID } from 'node:crypto';
import type { Config } from '../../../platform/config.js';
import { listCouncils } from '../../../platform/councils.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { OutboxEvent } from '../../../platform/events/dispatcher.js';
import { enqueueDelivery } from '../../../platform/webhooks/targeted.js';
import { insertNotices, partnerEndpointIds, recipientsOf, setNoticeDelivery, setNoticeWaiting, teamEmails, type NewNotice, type NoticeRow } from '../sql/notices.js';
import { NOTICE_MESSAGE_TYPE, noticeMessageData } from './partner-message.js';

/**
 * Tell us once: a `vault.record.changed` event becomes one notice per live grant of the
 * resident that covers the changed category — and only those: the event itself is never
 * published, so no webhook endpoint is sent it by the platform's fan-out. Partner systems'
 * notices go as one signed webhook to the endpoint each registered; teams' wait for the mailer
 * (team-mail.ts), or are delivered at once to a team without an address (they are in its queue).
 *
 * Runs in the dispatcher's transaction, so the notices and deliveries exist if and only if the
 * event is marked handled; handled twice, the event makes no second notice or delivery.
 */

/** Why a partner's notice waits: it has registered no endpoint, so it collects its notices itself. */
export const NO_ENDPOINT = 'no webhook endpoint registered: waiting to be collected';

export interface ChangedEvent {
  residentId: string;
  category: string;
}

/** The event's data, as record.ts writes it; undefined for anything else (never thrown: a bad event must not block the outbox). */
export function changeOf(event: OutboxEvent): ChangedEvent | undefined {
  const { residentId, category } = event.data as { residentId?: unknown; category?: unknown };
  return typeof residentId === 'string' && typeof category === 'string' ? { residentId, category } : undefined;
}

export async function recordNotices(tx: Queryable, config: Pick<Config, 'publicUrl' | 'production' | 'port'>, event: OutboxEvent): Promise<NoticeRow[]> {
  const change = changeOf(event);
  if (!change) return [];
  const { councilId } = event;
  // Grants live when the change was made: one paused or withdrawn since still hears of it, one given since does not.
  const recipients = await recipientsOf(tx, councilId, change.residentId, change.category, event.createdAt);
  if (!recipients.length) return [];
  const emails = await teamEmails(tx, councilId, recipients.filter((r) => r.grantee_kind === 'team').map((r) => r.grantee));
  const notices: NewNotice[] = recipients.map((r) => ({
    id: randomUUID(),
    grantId: r.grant_id,
    recipientKind: r.grantee_kind,
    recipient: r.grantee,
    // A team with no address to write to has it in its queue: that is its delivery.
    status: r.grantee_kind === 'team' && !emails.get(r.grantee) ? 'delivered' : 'pending',
  }));
  const made = await insertNotices(tx, councilId, { eventId: event.id, residentId: change.residentId, category: change.category, changedAt: event.createdAt }, notices);
  const toPartners = made.filter((n) => n.recipient_kind === 'partner');
  if (toPartners.length) await sendToPartners(tx, config, councilId, event, toPartners);
  return made;
}

/** One signed webhook per partner system (carrying each of its notices), to its own endpoint only. */
async function sendToPartners(tx: Queryable, config: Pick<Config, 'publicUrl' | 'production' | 'port'>, councilId: string, event: OutboxEvent, notices: NoticeRow[]): Promise<void> {
  const byPartner = new Map<string, NoticeRow[]>();
  for (const n of notices) byPartner.set(n.recipient, [...(byPartner.get(n.recipient) ?? []), n]);
  const endpoints = await partnerEndpointIds(tx, councilId, [...byPartner.keys()]);
  const council = endpoints.size ? (await listCouncils(tx)).find((c) => c.id === councilId) : undefined;
  for (const [clientId, own] of byPartner) {
    const endpointId = endpoints.get(clientId);
    const ids = own.map((n) => n.id);
    const deliveryId =
      endpointId && council
        ? await enqueueDelivery(tx, { councilId, endpointId, eventId: event.id, type: NOTICE_MESSAGE_TYPE, timestamp: event.createdAt, data: noticeMessageData(config, council, own) })
        : undefined;
    if (deliveryId) await setNoticeDelivery(tx, councilId, ids, deliveryId);
    else await setNoticeWaiting(tx, councilId, ids, NO_ENDPOINT);
  }
}
