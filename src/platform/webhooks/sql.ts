import type { Queryable } from '../db/db.js';

/** Every statement about webhook endpoints and deliveries (platform migration 008). */

export interface WebhookEndpoint {
  id: string;
  councilId: string;
  url: string;
  description: string;
  eventTypes: string[];
  paused: boolean;
  createdAt: Date;
  createdBy: string | null;
  secretRotatedAt: Date | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: number;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A delivery claimed for an attempt: what to send, where, and with which secret. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  payload: string;
  /** Counting this one. */
  attempts: number;
}

const ENDPOINT_COLUMNS = `id, council_id, url, description, event_types, paused, created_at, created_by, secret_rotated_at`;

interface EndpointRow {
  id: string;
  council_id: string;
  url: string;
  description: string;
  event_types: string[];
  paused: boolean;
  created_at: Date;
  created_by: string | null;
  secret_rotated_at: Date | null;
}

const endpointOf = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  councilId: r.council_id,
  url: r.url,
  description: r.description,
  eventTypes: r.event_types,
  paused: r.paused,
  createdAt: r.created_at,
  createdBy: r.created_by,
  secretRotatedAt: r.secret_rotated_at,
});

export async function insertEndpoint(
  db: Queryable,
  endpoint: { id: string; councilId: string; url: string; description: string; eventTypes: string[]; secret: string; createdBy: string | null },
): Promise<WebhookEndpoint> {
  const { rows } = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoint (id, council_id, url, description, event_types, secret, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT_COLUMNS}`,
    [endpoint.id, endpoint.councilId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.secret, endpoint.createdBy],
  );
  return endpointOf(rows[0]);
}

export async function endpointsOf(db: Queryable, councilId: string): Promise<(WebhookEndpoint & { pending: number; failed: number })[]> {
  const { rows } = await db.query<EndpointRow & { pending: number; failed: number }>(
    `SELECT ${ENDPOINT_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')},
            (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = e.id AND d.status = 'pending')::int AS pending,
            (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = e.id AND d.status = 'failed')::int AS failed
       FROM webhook_endpoint e WHERE e.council_id = $1 ORDER BY e.created_at, e.id`,
    [councilId],
  );
  return rows.map((r) => ({ ...endpointOf(r), pending: r.pending, failed: r.failed }));
}

/** One endpoint of this council (another council's id finds nothing). */
export async function endpointById(db: Queryable, councilId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const { rows } = await db.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE council_id = $1 AND id = $2`, [councilId, id]);
  return rows[0] ? endpointOf(rows[0]) : undefined;
}

export async function setEndpointSecret(db: Queryable, councilId: string, id: string, secret: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE webhook_endpoint SET secret = $3, secret_rotated_at = now() WHERE council_id = $1 AND id = $2', [councilId, id, secret]);
  return rowCount > 0;
}

/** Every endpoint's stored secret (sealed, or clear from an earlier Hearth), for `hearth keys rewrap`. */
export async function endpointSecrets(db: Queryable): Promise<{ id: string; secret: string }[]> {
  const { rows } = await db.query<{ id: string; secret: string }>('SELECT id, secret FROM webhook_endpoint ORDER BY id');
  return rows;
}

/** Replace a stored secret by its re-sealed form, only if no one changed it meanwhile. */
export async function replaceEndpointSecret(db: Queryable, id: string, was: string, now: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE webhook_endpoint SET secret = $3 WHERE id = $1 AND secret = $2', [id, was, now]);
  return rowCount > 0;
}

export async function setEndpointPaused(db: Queryable, councilId: string, id: string, paused: boolean): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE webhook_endpoint SET paused = $3 WHERE council_id = $1 AND id = $2', [councilId, id, paused]);
  return rowCount > 0;
}

export async function deleteEndpoint(db: Queryable, councilId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM webhook_endpoint WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rowCount > 0;
}

/**
 * Fan one outbox event out: a delivery for each endpoint of its council that is not paused,
 * was registered before the event happened and wants its type (exactly, or by a `prefix.*`
 * pattern). The unique (endpoint, event) pair makes a second hand-out of the event a no-op.
 */
export async function insertDeliveriesFor(
  tx: Queryable,
  event: { id: number; councilId: string; type: string; createdAt: Date; payload: string },
): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload)
     SELECT e.id, $2, $3, $5::jsonb FROM webhook_endpoint e
      -- The event's time comes back through JavaScript in whole milliseconds: compare the
      -- endpoint's at the same precision, or one registered in that millisecond is missed.
      WHERE e.council_id = $1 AND NOT e.paused AND date_trunc('milliseconds', e.created_at) <= $4
        AND EXISTS (SELECT 1 FROM unnest(e.event_types) AS p
                     WHERE p = $3 OR (right(p, 1) = '*' AND starts_with($3, left(p, -1))))
     ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
    [event.councilId, event.id, event.type, event.createdAt, event.payload],
  );
  return rowCount;
}

/**
 * Claim up to `limit` due deliveries for one attempt each: counted, and leased until
 * `leaseSeconds` from now (past the time limit of a send), so another worker skips them and a
 * worker that dies mid-send leaves them to be tried again when the lease runs out. Deliveries
 * to a paused endpoint wait.
 */
export async function claimDueDeliveries(db: Queryable, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<{ id: string; endpoint_id: string; url: string; secret: string; payload: unknown; attempts: number }>(
    `WITH due AS (
       SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND NOT e.paused
        ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(),
            next_attempt_at = now() + make_interval(secs => $2)
       FROM due, webhook_endpoint e
      WHERE d.id = due.id AND e.id = d.endpoint_id
     RETURNING d.id, d.endpoint_id, e.url, e.secret, d.payload::text AS payload, d.attempts`,
    [limit, leaseSeconds],
  );
  return rows.map((r) => ({ id: r.id, endpointId: r.endpoint_id, url: r.url, secret: r.secret, payload: String(r.payload), attempts: r.attempts }));
}

export async function markDelivered(db: Queryable, id: string, status: number): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL WHERE id = $1`,
    [id, status],
  );
}

/** Record a failed attempt: try again after `retryInSeconds`, or dead-letter it (null). */
export async function markFailedAttempt(db: Queryable, id: string, outcome: { status: number | null; error: string; retryInSeconds: number | null }): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery
        SET last_status = $2, last_error = $3,
            status = CASE WHEN $4::float8 IS NULL THEN 'failed' ELSE 'pending' END,
            next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::float8) END
      WHERE id = $1`,
    [id, outcome.status, outcome.error.slice(0, 500), outcome.retryInSeconds],
  );
}

/** Send a delivery again from its first attempt (delivered or dead-lettered alike). */
export async function replayDelivery(db: Queryable, councilId: string, endpointId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_delivery d SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
       FROM webhook_endpoint e
      WHERE d.id = $3 AND d.endpoint_id = $2 AND e.id = d.endpoint_id AND e.council_id = $1 AND d.status <> 'pending'`,
    [councilId, endpointId, id],
  );
  return rowCount > 0;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: number;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** One endpoint's deliveries, newest first, a page at a time; and how many there are. */
export async function deliveriesOf(db: Queryable, endpointId: string, page: { limit: number; offset: number }): Promise<{ deliveries: WebhookDelivery[]; total: number }> {
  const [list, count] = await Promise.all([
    db.query<DeliveryRow>(
      `SELECT id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, created_at
         FROM webhook_delivery WHERE endpoint_id = $1 ORDER BY created_at DESC, event_id DESC LIMIT $2 OFFSET $3`,
      [endpointId, page.limit, page.offset],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1', [endpointId]),
  ]);
  return {
    total: count.rows[0].n,
    deliveries: list.rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      eventId: Number(r.event_id),
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastAttemptAt: r.last_attempt_at,
      lastStatus: r.last_status,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      createdAt: r.created_at,
    })),
  };
}

/** Forget delivered messages older than `deliveredDays` and failed ones older than `failedDays`; how many went. */
export async function pruneDeliveries(db: Queryable, deliveredDays: number, failedDays: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM webhook_delivery
      WHERE (status = 'delivered' AND created_at < now() - make_interval(days => $1))
         OR (status = 'failed' AND created_at < now() - make_interval(days => $2))`,
    [deliveredDays, failedDays],
  );
  return rowCount;
}

/**
 * Targeted deliveries (targeted.ts), one statement for them all: each a new delivery, or the one
 * its endpoint already has for that event (a no-op update, so a repeat answers the first); none
 * for an endpoint that is not the council's.
 */
export async function insertTargetedDeliveries(
  tx: Queryable,
  councilId: string,
  messages: { endpointId: string; eventId: number; type: string; payload: string }[],
): Promise<{ id: string; endpoint_id: string; event_id: string }[]> {
  const { rows } = await tx.query<{ id: string; endpoint_id: string; event_id: string }>(
    `INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload)
     SELECT e.id, m.event_id, m.type, m.payload::jsonb
       FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[]) AS m (endpoint_id, event_id, type, payload)
       JOIN webhook_endpoint e ON e.id = m.endpoint_id AND e.council_id = $1
     ON CONFLICT (endpoint_id, event_id) DO UPDATE SET event_type = webhook_delivery.event_type
     RETURNING id, endpoint_id, event_id`,
    [councilId, messages.map((m) => m.endpointId), messages.map((m) => m.eventId), messages.map((m) => m.type), messages.map((m) => m.payload)],
  );
  return rows;
}

/** These deliveries' status and attempts (a pruned one is absent). */
export async function deliveriesById(db: Queryable, ids: string[]): Promise<{ id: string; status: DeliveryStatus; attempts: number; last_error: string | null; delivered_at: Date | null }[]> {
  const { rows } = await db.query<{ id: string; status: DeliveryStatus; attempts: number; last_error: string | null; delivered_at: Date | null }>(
    'SELECT id, status, attempts, last_error, delivered_at FROM webhook_delivery WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows;
}

/** Point an endpoint of this council at a new address (its secret and deliveries stay); false when there is none. */
export async function updateEndpointUrl(db: Queryable, councilId: string, endpointId: string, url: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE webhook_endpoint SET url = $3 WHERE council_id = $1 AND id = $2', [councilId, endpointId, url]);
  return rowCount > 0;
}
