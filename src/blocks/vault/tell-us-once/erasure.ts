import { randomUUID } from 'node:crypto';
import type { Config } from '../../../platform/config.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { OutboxEvent } from '../../../platform/events/dispatcher.js';
import { deliveryKey } from '../../../platform/webhooks/targeted.js';
import type { ErasedEventData } from '../rights/erase.js';
import { insertNotices, recipientsOfGrants, type NewNotice, type NoticeRow, type Recipient } from '../sql/notices.js';
import { ERASURE_MESSAGE_TYPE, erasureMessageData } from './partner-message.js';
import { enqueuePerEndpoint, NO_ENDPOINT } from './recipients.js';
import { inCouncil, type CouncilTx } from '../sql/scope.js';

/**
 * Tell us once, for an erasure: a `vault.record.erased` event becomes one notice per grant it
 * names — the grants that covered an erased category when the resident erased it, settled in the
 * erasure's own transaction before they were withdrawn — so each team and partner system that was
 * given those values is told to delete its copies. The notice names the categories, never a value.
 * The same path as a change's notices (recipients.ts): partners by one signed webhook to their
 * own endpoint (targeted, never broadcast: `vault.record.erased` is not a published event, so no
 * endpoint subscribed to `vault.*` hears of a resident it holds no grant for); teams by the
 * mailer or their list; the resident sees each and its status at `/my-record/told`. Handled
 * twice, the event makes nothing new.
 */

/** The event's data, as erase.ts writes it; undefined for anything else (never thrown: a bad event must not block the outbox). */
export function erasureOf(event: OutboxEvent): ErasedEventData | undefined {
  const { residentId, categories, grants } = event.data as Partial<ErasedEventData>;
  if (typeof residentId !== 'string' || !Array.isArray(categories) || !Array.isArray(grants)) return undefined;
  const named = grants.filter((g) => typeof g?.id === 'string' && Array.isArray(g.categories) && g.categories.length && g.categories.every((c) => typeof c === 'string'));
  return { residentId, categories: categories.filter((c) => typeof c === 'string'), grants: named };
}

type PublicAddress = Pick<Config, 'publicUrl' | 'production' | 'port'>;

export async function recordErasureNotices(tx: Queryable, config: PublicAddress, event: OutboxEvent): Promise<NoticeRow[]> {
  const erasure = erasureOf(event);
  if (!erasure?.grants.length) return [];
  // In the dispatcher's transaction, named to the database as the event's council (sql/scope.ts).
  return inCouncil(tx, event.councilId, (scoped) => recordIn(scoped, config, event, erasure));
}

async function recordIn(tx: CouncilTx, config: PublicAddress, event: OutboxEvent, erasure: ErasedEventData): Promise<NoticeRow[]> {
  const covered = new Map(erasure.grants.map((g) => [g.id, g.categories]));
  const recipients = await recipientsOfGrants(tx, event.councilId, erasure.residentId, [...covered.keys()]);
  if (!recipients.length) return [];
  const planned = recipients.map((r) => ({ recipient: r, id: randomUUID(), categories: covered.get(r.grant_id)! }));
  const deliveries = await enqueueErasureMessages(tx, config, event, erasure.residentId, planned);
  const notices: NewNotice[] = planned.map(({ recipient: r, id, categories }) => {
    const deliveryId = r.endpoint_id ? (deliveries.get(deliveryKey(r.endpoint_id, event.id)) ?? null) : null;
    return {
      id,
      grantId: r.grant_id,
      recipientKind: r.grantee_kind,
      recipient: r.grantee,
      categories,
      status: r.grantee_kind === 'team' && !r.contact_email?.trim() ? 'delivered' : 'pending',
      deliveryId,
      waiting: r.grantee_kind === 'partner' && !deliveryId ? NO_ENDPOINT : null,
    };
  });
  return insertNotices(tx, event.councilId, { eventId: event.id, residentId: erasure.residentId, kind: 'erased', category: erasure.categories[0] ?? planned[0].categories[0], changedAt: event.createdAt }, notices);
}

/** One signed webhook per partner endpoint, naming each of its notices with the categories its grant covered. */
function enqueueErasureMessages(
  tx: Queryable,
  config: PublicAddress,
  event: OutboxEvent,
  residentId: string,
  planned: { recipient: Recipient; id: string; categories: string[] }[],
): Promise<Map<string, string>> {
  return enqueuePerEndpoint(tx, event, planned, ERASURE_MESSAGE_TYPE, (council, own) =>
    erasureMessageData(config, council, { residentId, erasedAt: event.createdAt, notices: own.map((p) => ({ id: p.id, grantId: p.recipient.grant_id, categories: p.categories })) }),
  );
}
