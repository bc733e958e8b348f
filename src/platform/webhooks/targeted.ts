import { randomUUID } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.js';
import type { Queryable } from '../db/db.js';
import { checkFetchUrl, plainlyPrivateHost } from '../http/safe-fetch.js';
import { MAX_URL } from './form.js';
import { sealSecret } from './secrets.js';
import { newSigningSecret } from './signing.js';
import { deliveriesById, insertEndpoint, insertTargetedDeliveries, type DeliveryStatus, type WebhookEndpoint } from './sql.js';

/**
 * Targeted webhooks: one message to one endpoint about one event, for a block that decides
 * itself who is told (the vault tells only the partner systems a resident's grant names). The
 * fan-out (fan-out.ts) broadcasts published events to every subscribed endpoint; this never
 * broadcasts anything, and the event need not be published. A targeted delivery is an ordinary
 * delivery: signed, retried with back-off, dead-lettered and replayable by the same worker and
 * admin pages. The platform knows nothing of who the recipient is: the caller keeps that.
 */

export interface TargetedMessage {
  councilId: string;
  endpointId: string;
  /** The outbox event it is about: an endpoint gets at most one delivery per event. */
  eventId: number;
  /** The message's type, as the body's `type` says (`vault.notice`). */
  type: string;
  /** The body's `data`; the body is shaped as the fan-out's: {type, timestamp, data}. */
  data: Record<string, unknown>;
  timestamp: Date;
}

/**
 * Enqueue deliveries in the caller's transaction (so they exist if and only if the caller's
 * work commits), one statement for them all: for each message, the id of its delivery — a new
 * one, or the one that endpoint already has for that event (a repeat adds nothing). A message
 * to an endpoint that is not the council's gets none.
 */
export async function enqueueDeliveries(tx: Queryable, councilId: string, messages: Omit<TargetedMessage, 'councilId'>[]): Promise<Map<string, string>> {
  if (!messages.length) return new Map();
  const rows = await insertTargetedDeliveries(
    tx,
    councilId,
    messages.map((m) => ({ endpointId: m.endpointId, eventId: m.eventId, type: m.type, payload: JSON.stringify({ type: m.type, timestamp: m.timestamp.toISOString(), data: m.data }) })),
  );
  return new Map(rows.map((r) => [deliveryKey(r.endpoint_id, Number(r.event_id)), r.id]));
}

/** How `enqueueDeliveries` names each message's delivery. */
export const deliveryKey = (endpointId: string, eventId: number) => `${endpointId}:${eventId}`;

/** One message: its delivery's id, or undefined when the endpoint is not the council's. */
export async function enqueueDelivery(tx: Queryable, message: TargetedMessage): Promise<string | undefined> {
  return (await enqueueDeliveries(tx, message.councilId, [message])).get(deliveryKey(message.endpointId, message.eventId));
}

/** A delivery's state as its sender sees it: waiting for a first attempt, retrying after a failed one, delivered, or failed (dead-lettered). */
export type DeliveryState = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface DeliveryProgress {
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  deliveredAt: Date | null;
}

const stateOf = (status: DeliveryStatus, attempts: number): DeliveryState => (status === 'pending' ? (attempts > 0 ? 'retrying' : 'pending') : status);

/** How each of these deliveries stands (a pruned one is absent). */
export async function deliveryProgress(db: Queryable, ids: string[]): Promise<Map<string, DeliveryProgress>> {
  if (!ids.length) return new Map();
  const rows = await deliveriesById(db, ids);
  return new Map(rows.map((r) => [r.id, { state: stateOf(r.status, r.attempts), attempts: r.attempts, lastError: r.last_error, deliveredAt: r.delivered_at }]));
}

/**
 * What is wrong with an address Hearth is asked to send to, or undefined: https, at most
 * MAX_URL characters, and not a private, loopback or otherwise special address (a name is
 * checked again at each send, as it may change).
 */
export function endpointUrlProblem(url: string): 'missing' | 'too_long' | 'not_https' | 'private' | undefined {
  if (!url) return 'missing';
  if (url.length > MAX_URL) return 'too_long';
  const checked = checkFetchUrl(url);
  if (checked instanceof Error) return 'not_https';
  if (plainlyPrivateHost(checked)) return 'private';
  return undefined;
}

/**
 * Register an endpoint for targeted messages (a block registers it for a recipient it knows):
 * its signing secret made and sealed as the admin pages do, returned once. `types` label what
 * it is for; a type no block publishes draws nothing from the fan-out. The address is taken as
 * given: check it with `endpointUrlProblem` first.
 */
export async function addTargetedEndpoint(
  q: Queryable,
  ring: KeyRing,
  input: { councilId: string; url: string; description: string; types: string[]; createdBy: string | null },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const id = randomUUID();
  const secret = newSigningSecret();
  const endpoint = await insertEndpoint(q, { id, councilId: input.councilId, url: input.url, description: input.description, eventTypes: input.types, secret: sealSecret(ring, id, secret), createdBy: input.createdBy });
  return { endpoint, secret };
}

/** Point an endpoint of this council at a new address (its secret and deliveries stay). */
export { updateEndpointUrl as setEndpointUrl } from './sql.js';
