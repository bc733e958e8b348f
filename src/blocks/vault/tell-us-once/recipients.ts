import { randomUUID } from 'node:crypto';
import type { Config } from '../../../platform/config.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { OutboxEvent } from '../../../platform/events/dispatcher.js';
import { deliveryKey, enqueueDeliveries } from '../../../platform/webhooks/targeted.js';
import { insertNotices, recipientsOf, type NewNotice, type NoticeRow, type Recipient } from '../sql/notices.js';
import { NOTICE_MESSAGE_TYPE, noticeMessageData } from './partner-message.js';
import { inCouncil, type CouncilTx } from '../sql/scope.js';

/**
 * Tell us once: a `vault.record.changed` event becomes one notice per live grant of the
 * resident that covers the changed category — and only those: the event itself is never
 * published, so no webhook endpoint is sent it by the platform's fan-out. Partner systems'
 * notices go as one signed webhook to the endpoint each registered; teams' wait for the mailer
 * (team-mail.ts), or are delivered at once to a team without an address (they are in its queue).
 *
 * Runs in the dispatcher's transaction, so the notices and deliveries exist if and only if the
 * event is marked handled; handled twice, the event makes no second notice or delivery (the
 * delivery of an (endpoint, event) and the notice of an (event, grant) are each unique). Three
 * statements whatever the number of recipients: who (with where to reach them), the partners'
 * deliveries, the notices.
 */

/** Why a partner's notice waits: it has registered no endpoint, so it collects its notices itself. */
export const NO_ENDPOINT = 'no webhook endpoint registered: waiting to be collected';

export interface ChangedEvent {
  residentId: string;
  category: string;
  /** The team or partner that made the change under its grant: it is not told of its own change. */
  madeBy?: { kind: 'team' | 'partner'; id: string };
}

/** The event's data, as record.ts writes it; undefined for anything else (never thrown: a bad event must not block the outbox). */
export function changeOf(event: OutboxEvent): ChangedEvent | undefined {
  const { residentId, category, grantee } = event.data as { residentId?: unknown; category?: unknown; grantee?: { kind?: unknown; id?: unknown } };
  if (typeof residentId !== 'string' || typeof category !== 'string') return undefined;
  const kind: 'team' | 'partner' | undefined = grantee?.kind === 'team' ? 'team' : grantee?.kind === 'partner' ? 'partner' : undefined;
  const madeBy: ChangedEvent['madeBy'] = kind && typeof grantee?.id === 'string' ? { kind, id: grantee.id } : undefined;
  return { residentId, category, ...(madeBy ? { madeBy } : {}) };
}

type PublicAddress = Pick<Config, 'publicUrl' | 'production' | 'port'>;

export async function recordNotices(q: Queryable, config: PublicAddress, event: OutboxEvent): Promise<NoticeRow[]> {
  const change = changeOf(event);
  if (!change || !event.councilId) return [];
  // In the dispatcher's transaction, named for the event's council while the notices are written.
  return inCouncil(q, event.councilId, (tx) => noticesOf(tx, config, event, change));
}

async function noticesOf(tx: CouncilTx, config: PublicAddress, event: OutboxEvent, change: ChangedEvent): Promise<NoticeRow[]> {
  const { councilId } = tx;
  // Grants live when the change was made: one paused or withdrawn since still hears of it, one given since does not.
  const { madeBy } = change;
  const recipients = (await recipientsOf(tx, councilId, change.residentId, change.category, event.createdAt)).filter(
    (r) => !(madeBy && r.grantee_kind === madeBy.kind && r.grantee.toLowerCase() === madeBy.id.toLowerCase()),
  );
  if (!recipients.length) return [];
  const planned = recipients.map((r) => ({ recipient: r, id: randomUUID() }));
  const deliveries = await enqueuePartnerMessages(tx, config, event, change, planned);
  const notices: NewNotice[] = planned.map(({ recipient: r, id }) => {
    const deliveryId = r.endpoint_id ? (deliveries.get(deliveryKey(r.endpoint_id, event.id)) ?? null) : null;
    return {
      id,
      grantId: r.grant_id,
      recipientKind: r.grantee_kind,
      recipient: r.grantee,
      // A team with no address to write to has it in its queue: that is its delivery.
      status: r.grantee_kind === 'team' && !r.contact_email?.trim() ? 'delivered' : 'pending',
      deliveryId,
      waiting: r.grantee_kind === 'partner' && !deliveryId ? NO_ENDPOINT : null,
    };
  });
  return insertNotices(tx, councilId, { eventId: event.id, residentId: change.residentId, category: change.category, changedAt: event.createdAt }, notices);
}

/**
 * One signed webhook per partner endpoint, carrying each notice of that partner (a resident
 * rarely grants one partner twice), enqueued in one statement before the notices are written
 * (their ids are made here). Handed the same event again, the deliveries made the first time
 * are answered and nothing new is sent.
 */
async function enqueuePartnerMessages(
  tx: Queryable,
  config: PublicAddress,
  event: OutboxEvent,
  change: ChangedEvent,
  planned: { recipient: Recipient; id: string }[],
): Promise<Map<string, string>> {
  return enqueuePerEndpoint(tx, event, planned, NOTICE_MESSAGE_TYPE, (council, own) =>
    noticeMessageData(config, council, { residentId: change.residentId, categories: [change.category], changedAt: event.createdAt, notices: own.map((p) => ({ id: p.id, grantId: p.recipient.grant_id })) }),
  );
}

/**
 * One targeted webhook per partner endpoint among `planned` (a change's notices, an erasure's),
 * its data made from the notices for that endpoint; the deliveries' ids by endpoint and event.
 */
export async function enqueuePerEndpoint<P extends { recipient: Recipient; id: string }>(
  tx: Queryable,
  event: OutboxEvent,
  planned: P[],
  type: string,
  dataFor: (council: { slug: string; hosts: string[] }, own: P[]) => Record<string, unknown>,
): Promise<Map<string, string>> {
  const byEndpoint = new Map<string, P[]>();
  for (const p of planned) {
    if (p.recipient.grantee_kind === 'partner' && p.recipient.endpoint_id) byEndpoint.set(p.recipient.endpoint_id, [...(byEndpoint.get(p.recipient.endpoint_id) ?? []), p]);
  }
  if (!byEndpoint.size) return new Map();
  const council = { slug: planned[0].recipient.council_slug, hosts: planned[0].recipient.council_hosts };
  return enqueueDeliveries(
    tx,
    event.councilId,
    [...byEndpoint].map(([endpointId, own]) => ({ endpointId, eventId: event.id, type, timestamp: event.createdAt, data: dataFor(council, own) })),
  );
}
