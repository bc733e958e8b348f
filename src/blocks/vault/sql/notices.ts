import type { CouncilTx } from './scope.js';

/** Every statement about tell-us-once notices and partners' notice endpoints (vault migration 006). */

export type NoticeStatus = 'pending' | 'delivered' | 'retrying' | 'failed' | 'acknowledged';
export type RecipientKind = 'team' | 'partner';
/** A notice of a change to a category, or of categories erased (the recipient deletes its copies). */
export type NoticeKind = 'changed' | 'erased';

export interface NoticeRow {
  id: string;
  event_id: number;
  resident_id: string;
  grant_id: string;
  recipient_kind: RecipientKind;
  recipient: string;
  kind: NoticeKind;
  /** A change's one category; an erasure's first (see `categories`). */
  category: string;
  /** Every category the notice is about: a change's one, or those erased that the recipient's grant covered. */
  categories: string[];
  /** When the change (or the erasure) was made. */
  changed_at: Date;
  status: NoticeStatus;
  attempts: number;
  last_error: string | null;
  delivery_id: string | null;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, event_id, resident_id, grant_id, recipient_kind, recipient, kind, category, categories, changed_at, status, attempts, last_error, delivery_id, delivered_at, acknowledged_at, created_at`;

// Rows written before migration 011 (or by an older process since) hold no `categories`: theirs is the one `category`.
const rowOf = (r: NoticeRow): NoticeRow => ({ ...r, event_id: Number(r.event_id), categories: r.categories ?? [r.category] });

/**
 * A grant that is live at `at` (active, started, not expired) and covers the category: who is
 * told of a change to it — with, in the same read, where: a team's contact address, a partner
 * system's notice endpoint (null when it has none).
 */
export interface Recipient {
  grant_id: string;
  grantee_kind: RecipientKind;
  grantee: string;
  contact_email: string | null;
  endpoint_id: string | null;
  /** The council's, for the addresses a partner's message gives. */
  council_slug: string;
  council_hosts: string[];
}

/** The resident's grants live at `at` that cover `category` (paused, withdrawn, requested, refused, expired and not-yet-started ones do not). */
export async function recipientsOf(q: CouncilTx, councilId: string, residentId: string, category: string, at: Date): Promise<Recipient[]> {
  const { rows } = await q.query<Recipient>(
    `SELECT g.id AS grant_id, g.grantee_kind, g.grantee, t.contact_email, pe.endpoint_id, c.slug AS council_slug, c.hosts AS council_hosts
       FROM vault_grant g
       JOIN council c ON c.id = g.council_id
       LEFT JOIN vault_team t ON g.grantee_kind = 'team' AND t.council_id = g.council_id AND lower(t.code) = lower(g.grantee)
       LEFT JOIN vault_partner_endpoint pe ON g.grantee_kind = 'partner' AND pe.council_id = g.council_id AND pe.client_id = g.grantee
      WHERE g.council_id = $1 AND g.resident_id = $2 AND g.status = 'active' AND g.starts_at <= $4 AND g.expires_at > $4 AND $3 = ANY (g.categories)
      ORDER BY g.grantee_kind, g.grantee, g.id`,
    [councilId, residentId, category, at],
  );
  return rows;
}

/**
 * The recipients of these grants of the resident, whatever their status now (an erasure ends
 * the grants it tells of: who held them was settled before), with where to reach each.
 */
export async function recipientsOfGrants(q: CouncilTx, councilId: string, residentId: string, grantIds: string[]): Promise<Recipient[]> {
  if (!grantIds.length) return [];
  const { rows } = await q.query<Recipient>(
    `SELECT g.id AS grant_id, g.grantee_kind, g.grantee, t.contact_email, pe.endpoint_id, c.slug AS council_slug, c.hosts AS council_hosts
       FROM vault_grant g
       JOIN council c ON c.id = g.council_id
       LEFT JOIN vault_team t ON g.grantee_kind = 'team' AND t.council_id = g.council_id AND lower(t.code) = lower(g.grantee)
       LEFT JOIN vault_partner_endpoint pe ON g.grantee_kind = 'partner' AND pe.council_id = g.council_id AND pe.client_id = g.grantee
      WHERE g.council_id = $1 AND g.resident_id = $2 AND g.id = ANY($3::uuid[])
      ORDER BY g.grantee_kind, g.grantee, g.id`,
    [councilId, residentId, grantIds],
  );
  return rows;
}

export interface NewNotice {
  id: string;
  grantId: string;
  recipientKind: RecipientKind;
  recipient: string;
  status: 'pending' | 'delivered';
  /** A partner's: the webhook delivery that carries it. */
  deliveryId: string | null;
  /** Why it waits, when nothing carries it (a partner with no endpoint). */
  waiting: string | null;
  /** An erasure's: the erased categories this recipient's grant covered (a change's is the change's one). */
  categories?: string[];
}

/**
 * Record the notices of one change, one statement; those already there for (event, grant) are
 * left as they are. Answers the notices made now (none when the event was handled before).
 */
export async function insertNotices(
  q: CouncilTx,
  councilId: string,
  change: { eventId: number; residentId: string; kind?: NoticeKind; category: string; changedAt: Date },
  notices: NewNotice[],
): Promise<NoticeRow[]> {
  if (!notices.length) return [];
  const { rows } = await q.query<NoticeRow>(
    `INSERT INTO vault_notice (council_id, id, event_id, resident_id, grant_id, recipient_kind, recipient, kind, category, categories, changed_at, status, delivered_at, delivery_id, last_error)
     SELECT $1, n.id, $2, $3, n.grant_id, n.kind, n.recipient, $13, c.categories[1], c.categories, $5, n.status, CASE WHEN n.status = 'delivered' THEN now() END, n.delivery_id, n.waiting
       FROM unnest($6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::text[], $14::text[]) AS n (id, grant_id, kind, recipient, status, delivery_id, waiting, categories)
      -- Each notice's categories as one text (codes hold no comma): arrays of arrays must be rectangular.
      CROSS JOIN LATERAL (SELECT COALESCE(string_to_array(n.categories, ','), ARRAY[$4::text]) AS categories) c
     ON CONFLICT (council_id, event_id, grant_id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      councilId,
      change.eventId,
      change.residentId,
      change.category,
      change.changedAt,
      notices.map((n) => n.id),
      notices.map((n) => n.grantId),
      notices.map((n) => n.recipientKind),
      notices.map((n) => n.recipient),
      notices.map((n) => n.status),
      notices.map((n) => n.deliveryId),
      notices.map((n) => n.waiting),
      change.kind ?? 'changed',
      notices.map((n) => n.categories?.join(',') ?? null),
    ],
  );
  return rows.map(rowOf);
}

/** A resident's notices of changes made since `since`, newest change first. */
export async function noticesOfResident(q: CouncilTx, councilId: string, residentId: string, since: Date, limit: number): Promise<NoticeRow[]> {
  const { rows } = await q.query<NoticeRow>(
    `SELECT ${COLUMNS} FROM vault_notice WHERE council_id = $1 AND resident_id = $2 AND changed_at >= $3
      ORDER BY changed_at DESC, event_id DESC, recipient_kind DESC, recipient LIMIT $4`,
    [councilId, residentId, since, limit],
  );
  return rows.map(rowOf);
}

/** The recipient named: a partner's client id exactly, a team's code without regard to case (as a role's scope is matched). */
const sameRecipient = (kind: string, recipient: string) => `(recipient = ${recipient} OR (${kind} = 'team' AND lower(recipient) = lower(${recipient})))`;

/** A recipient's notices, newest first. */
export async function noticesOfRecipient(q: CouncilTx, councilId: string, kind: RecipientKind, recipient: string, limit: number, offset = 0): Promise<NoticeRow[]> {
  const { rows } = await q.query<NoticeRow>(
    `SELECT ${COLUMNS} FROM vault_notice WHERE council_id = $1 AND recipient_kind = $2 AND ${sameRecipient('$2', '$3')}
      ORDER BY changed_at DESC, event_id DESC, id LIMIT $4 OFFSET $5`,
    [councilId, kind, recipient, limit, offset],
  );
  return rows.map(rowOf);
}

/** Partner notices still following a delivery (not acknowledged, not yet settled as delivered or failed). */
export function followsDelivery(n: NoticeRow): boolean {
  return n.recipient_kind === 'partner' && n.delivery_id !== null && n.status !== 'acknowledged';
}

/** The notice as its delivery now stands (only when that differs; an acknowledged notice is left). */
export async function updateNoticeFromDelivery(
  q: CouncilTx,
  councilId: string,
  id: string,
  progress: { status: Exclude<NoticeStatus, 'acknowledged'>; attempts: number; lastError: string | null; deliveredAt: Date | null },
): Promise<void> {
  await q.query(
    `UPDATE vault_notice SET status = $3, attempts = $4, last_error = $5, delivered_at = $6, updated_at = now()
      WHERE council_id = $1 AND id = $2 AND status <> 'acknowledged'
        AND (status, attempts, last_error, delivered_at) IS DISTINCT FROM ($3::text, $4::int, $5::text, $6::timestamptz)`,
    [councilId, id, progress.status, progress.attempts, progress.lastError, progress.deliveredAt],
  );
}

/**
 * Acknowledge a notice of this recipient (another's, or another council's, is not found: undefined).
 * Acknowledging again changes nothing and answers the notice as it is.
 */
export async function acknowledgeNotice(q: CouncilTx, councilId: string, kind: RecipientKind, recipient: string, id: string, by: string): Promise<NoticeRow | undefined> {
  const { rows } = await q.query<NoticeRow>(
    `WITH mine AS (SELECT id FROM vault_notice WHERE council_id = $1 AND recipient_kind = $2 AND ${sameRecipient('$2', '$3')} AND id = $4),
          acked AS (
            UPDATE vault_notice n SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $5, updated_at = now()
              FROM mine WHERE n.council_id = $1 AND n.id = mine.id AND n.status <> 'acknowledged'
            RETURNING ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')})
     SELECT * FROM acked
     UNION ALL
     SELECT ${COLUMNS} FROM vault_notice WHERE council_id = $1 AND id IN (SELECT id FROM mine) AND NOT EXISTS (SELECT 1 FROM acked)`,
    [councilId, kind, recipient, id, by],
  );
  return rows[0] && rowOf(rows[0]);
}

/** A team's notice to email (of one council), leased for one attempt: counted, and not due again for `leaseSeconds`. */
export interface MailDue {
  council_id: string;
  id: string;
  recipient: string;
  kind: NoticeKind;
  categories: string[];
  attempts: number;
}

export async function claimTeamMail(q: CouncilTx, councilId: string, limit: number, leaseSeconds: number): Promise<MailDue[]> {
  const { rows } = await q.query<MailDue>(
    `WITH due AS (
       SELECT council_id, id FROM vault_notice
        WHERE council_id = $3 AND recipient_kind = 'team' AND status IN ('pending', 'retrying') AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     UPDATE vault_notice n SET attempts = n.attempts + 1, next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
       FROM due WHERE n.council_id = due.council_id AND n.id = due.id
     RETURNING n.council_id, n.id, n.recipient, n.kind, COALESCE(n.categories, ARRAY[n.category]) AS categories, n.attempts`,
    [limit, leaseSeconds, councilId],
  );
  return rows;
}

export async function markMailSent(q: CouncilTx, councilId: string, id: string): Promise<void> {
  await q.query(
    `UPDATE vault_notice SET status = 'delivered', delivered_at = now(), last_error = NULL, updated_at = now()
      WHERE council_id = $1 AND id = $2 AND status IN ('pending', 'retrying')`,
    [councilId, id],
  );
}

/** A failed email: tried again after `retryInSeconds`, or failed for good (null). */
export async function markMailFailed(q: CouncilTx, councilId: string, id: string, error: string, retryInSeconds: number | null): Promise<void> {
  await q.query(
    `UPDATE vault_notice SET last_error = $3, updated_at = now(),
            status = CASE WHEN $4::float8 IS NULL THEN 'failed' ELSE 'retrying' END,
            next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::float8) END
      WHERE council_id = $1 AND id = $2 AND status IN ('pending', 'retrying')`,
    [councilId, id, error.slice(0, 500), retryInSeconds],
  );
}

/** The webhook endpoint a partner system registered for its notices. */
export async function partnerEndpointId(q: CouncilTx, councilId: string, clientId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ endpoint_id: string }>('SELECT endpoint_id FROM vault_partner_endpoint WHERE council_id = $1 AND client_id = $2', [councilId, clientId]);
  return rows[0]?.endpoint_id;
}

export async function linkPartnerEndpoint(q: CouncilTx, councilId: string, clientId: string, endpointId: string): Promise<void> {
  await q.query(
    `INSERT INTO vault_partner_endpoint (council_id, client_id, endpoint_id) VALUES ($1, $2, $3)
     ON CONFLICT (council_id, client_id) DO UPDATE SET endpoint_id = EXCLUDED.endpoint_id`,
    [councilId, clientId, endpointId],
  );
}

/** The contact address of each of these teams (by the code a grant names; a team's code is matched without regard to case, as a role's scope is). */
export async function teamEmails(q: CouncilTx, councilId: string, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const { rows } = await q.query<{ asked: string; contact_email: string }>(
    `SELECT c.asked, t.contact_email FROM unnest($2::text[]) AS c (asked)
       JOIN vault_team t ON t.council_id = $1 AND lower(t.code) = lower(c.asked)`,
    [councilId, codes],
  );
  return new Map(rows.map((r) => [r.asked, r.contact_email.trim()]));
}
