import type { Queryable } from '../db/db.js';
import type { Dispatcher, OutboxEvent } from '../events/dispatcher.js';
import type { PublishedEvents } from '../events/published.js';
import { insertDeliveriesFor } from './sql.js';

/** The body partners receive, shaped as the Standard Webhooks spec asks: {type, timestamp, data}; `data.subject` is the id of the thing it happened to. */
export function webhookPayload(event: OutboxEvent): string {
  return JSON.stringify({ type: event.type, timestamp: new Date(event.createdAt).toISOString(), data: { ...event.data, subject: event.subject } });
}

/**
 * Every published outbox event (`events/published.ts`: the types blocks declare for partners)
 * becomes one delivery per matching endpoint of its council,
 * written in the dispatcher's transaction: a delivery exists if and only if the event was handed
 * out, and an event handed out twice makes no second delivery (the (endpoint, event) pair is unique).
 */
export function subscribeWebhooks(events: Dispatcher): void {
  events.subscribe('*', (event: OutboxEvent, tx: Queryable) => fanOut(tx, event, events.published).then(() => {}));
}

/**
 * Within a savepoint: should the insert fail, the dispatcher's transaction is still usable (on
 * PostgreSQL a failed statement aborts the whole transaction), so it can record the failure and
 * hand the event out again later, and other events of the batch are not lost with it.
 */
export async function fanOut(tx: Queryable, event: OutboxEvent, published: PublishedEvents): Promise<number> {
  // An internal event reaches no endpoint, whatever pattern it subscribed with.
  if (!published.has(event.type)) return 0;
  await tx.query('SAVEPOINT webhook_fan_out');
  try {
    const made = await insertDeliveriesFor(tx, { id: event.id, councilId: event.councilId, type: event.type, createdAt: event.createdAt, payload: webhookPayload(event) });
    await tx.query('RELEASE SAVEPOINT webhook_fan_out');
    return made;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT webhook_fan_out');
    throw error;
  }
}
