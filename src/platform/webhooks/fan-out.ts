import type { Queryable } from '../db/db.js';
import type { Dispatcher, OutboxEvent } from '../events/dispatcher.js';
import { insertDeliveriesFor } from './sql.js';

/** The body partners receive, shaped as the Standard Webhooks spec asks: {type, timestamp, data}; `data.subject` is the id of the thing it happened to. */
export function webhookPayload(event: OutboxEvent): string {
  return JSON.stringify({ type: event.type, timestamp: new Date(event.createdAt).toISOString(), data: { ...event.data, subject: event.subject } });
}

/**
 * Every outbox event, of every block, becomes one delivery per matching endpoint of its council,
 * written in the dispatcher's transaction: a delivery exists if and only if the event was handed
 * out, and an event handed out twice makes no second delivery (the (endpoint, event) pair is unique).
 */
export function subscribeWebhooks(events: Dispatcher): void {
  events.subscribe('*', (event: OutboxEvent, tx: Queryable) => fanOut(tx, event).then(() => {}));
}

export function fanOut(tx: Queryable, event: OutboxEvent): Promise<number> {
  return insertDeliveriesFor(tx, { id: event.id, councilId: event.councilId, type: event.type, createdAt: event.createdAt, payload: webhookPayload(event) });
}
