import type { Queryable } from '../../../platform/db/db.js';
import type { KeptRow } from '../editing/diff.js';

/**
 * SQL of change requests: a proposed listing (a whole ORUK document) waiting for a directory
 * manager, and what became of it. At most one is pending per listing (a unique partial index):
 * a later proposal supersedes it.
 */

export type ChangeKind = 'service' | 'organization';
export type ChangeStatus = 'pending' | 'approved' | 'rejected' | 'superseded' | 'withdrawn';

export interface ChangeRow {
  id: string;
  kind: ChangeKind;
  listing_id: string;
  organization_id: string;
  is_new: boolean;
  document: Record<string, unknown>;
  base_document: Record<string, unknown> | null;
  base_version: number | null;
  status: ChangeStatus;
  note: string | null;
  language: 'en' | 'cy';
  reason: string | null;
  proposed_by_person_id: string | null;
  proposed_by_email: string;
  proposed_at: Date;
  decided_by_email: string | null;
  decided_at: Date | null;
}

/** A change as the queue lists it, with the organisation's name. */
export interface QueuedChange extends ChangeRow {
  organisation_name: string | null;
  /**
   * A service's `last_modified` as published now (in ORUK's format), so the queue can tell
   * without reading the whole listing whether it is still the document the change was built on.
   */
  listing_last_modified?: string | null;
  /**
   * The queue's rows only: the difference kept when the change was proposed, still the one to
   * show (the listing has not been written since). Then `document` and `base_document` are not
   * read (null) and `name` and `base_changed` say what the page needs of them.
   */
  difference_current?: boolean;
  difference?: KeptRow[] | null;
  base_changed?: boolean | null;
  has_published?: boolean;
  name?: string | null;
}

const COLUMNS = `c.id, c.kind, c.listing_id, c.organization_id, c.is_new, c.document, c.base_document, c.base_version, c.status, c.note,
  c.language, c.reason, c.proposed_by_person_id, c.proposed_by_email, c.proposed_at, c.decided_by_email, c.decided_at`;

export interface NewChange {
  councilId: string;
  id: string;
  kind: ChangeKind;
  listingId: string;
  organisationId: string;
  isNew: boolean;
  document: unknown;
  baseDocument: unknown;
  baseVersion: number | null;
  status: 'pending' | 'approved';
  note: string | null;
  language: 'en' | 'cy';
  personId: string | null;
  email: string;
  /** The difference from the listing as published now, kept for the queue (`editing/diff.ts`). */
  difference?: KeptRow[];
  /** That listing's `last_modified` (ORUK's millisecond form), null when nothing is published. */
  comparedWith?: string | null;
  /** The listing had changed since the editor's base document. */
  baseChanged?: boolean;
}

/** Record a proposal: pending, or approved at once (a trusted organisation's). */
export async function insertChange(tx: Queryable, c: NewChange): Promise<void> {
  const approved = c.status === 'approved';
  await tx.query(
    `INSERT INTO listing_change (council_id, id, kind, listing_id, organization_id, is_new, document, base_document, base_version, status, note,
       language, proposed_by_person_id, proposed_by_email, decided_by_person_id, decided_by_email, decided_at, difference, compared_with, base_changed)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, CASE WHEN $17 THEN now() END,
       -- Kept with the listing's name, so the queue need not open the document for it.
       CASE WHEN $18::jsonb IS NOT NULL THEN jsonb_build_object('name', $7::jsonb->>'name', 'rows', $18::jsonb) END, $19, $20)`,
    [
      c.councilId, c.id, c.kind, c.listingId, c.organisationId, c.isNew, JSON.stringify(c.document),
      c.baseDocument === undefined || c.baseDocument === null ? null : JSON.stringify(c.baseDocument), c.baseVersion, c.status, c.note,
      c.language, c.personId, c.email, approved ? c.personId : null, approved ? c.email : null, approved,
      c.difference ? JSON.stringify(c.difference) : null, c.comparedWith ?? null, c.baseChanged ?? null,
    ],
  );
}

/** The pending proposal for a listing, if there is one. `lock`: held until the transaction ends. */
export async function pendingChangeFor(db: Queryable, councilId: string, kind: ChangeKind, listingId: string, lock = false): Promise<ChangeRow | undefined> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT ${COLUMNS} FROM listing_change c
     WHERE c.council_id = $1 AND c.kind = $2 AND c.listing_id = $3 AND c.status = 'pending'${lock ? ' FOR UPDATE' : ''}`,
    [councilId, kind, listingId],
  );
  return rows[0];
}

/** Mark a pending proposal as replaced by a later one built on it. */
export async function supersedeChange(tx: Queryable, councilId: string, id: string, by: string): Promise<void> {
  await tx.query(
    `UPDATE listing_change SET status = 'superseded', superseded_by = $3, decided_at = now()
     WHERE council_id = $1 AND id = $2 AND status = 'pending'`,
    [councilId, id, by],
  );
}

export async function getChange(db: Queryable, councilId: string, id: string): Promise<QueuedChange | undefined> {
  const { rows } = await db.query<QueuedChange>(
    `SELECT ${COLUMNS}, o.name AS organisation_name FROM listing_change c
     LEFT JOIN organization o ON o.council_id = c.council_id AND o.id = c.organization_id
     WHERE c.council_id = $1 AND c.id = $2`,
    [councilId, id],
  );
  return rows[0];
}

/**
 * Decide a pending change (approved or rejected, with the reason), if it is still pending:
 * two managers deciding at once cannot both succeed. Returns whether this call decided it.
 */
export async function decideChange(
  tx: Queryable,
  councilId: string,
  id: string,
  decision: { status: 'approved' | 'rejected' | 'withdrawn'; reason: string | null; personId: string | null; email: string | null },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE listing_change SET status = $3, reason = $4, decided_by_person_id = $5, decided_by_email = $6, decided_at = now()
     WHERE council_id = $1 AND id = $2 AND status = 'pending'`,
    [councilId, id, decision.status, decision.reason, decision.personId, decision.email],
  );
  return rowCount > 0;
}

/** One page of the pending queue, oldest first, optionally of some organisations; with the total. */
export async function pendingQueue(
  db: Queryable,
  councilId: string,
  options: { organisationIds?: string[]; offset: number; limit: number },
): Promise<{ changes: QueuedChange[]; total: number }> {
  const organisationIds = options.organisationIds ?? null;
  // One statement, one round trip: the count of the whole queue (from its partial index alone)
  // with the page's rows joined beside it, so an empty page still answers with the count.
  // The page's ids come from the queue's index alone; only its rows are then read and joined.
  // A service's change whose kept difference was taken against the listing as it still is
  // (same last_modified, to ORUK's millisecond) needs neither document: only its name.
  const { rows } = await db.query<QueuedChange & { total: number }>(
    `WITH page AS (
       SELECT id FROM listing_change
       WHERE council_id = $1 AND status = 'pending' AND ($2::uuid[] IS NULL OR organization_id = ANY($2::uuid[]))
       ORDER BY proposed_at, id OFFSET $3 LIMIT $4
     ), waiting AS (
       SELECT count(*)::int AS total FROM listing_change
       WHERE council_id = $1 AND status = 'pending' AND ($2::uuid[] IS NULL OR organization_id = ANY($2::uuid[]))
     )
     SELECT waiting.total, c.id, c.kind, c.listing_id, c.organization_id, c.is_new, c.base_version, c.status, c.note, c.language, c.reason,
       c.proposed_by_person_id, c.proposed_by_email, c.proposed_at, c.decided_by_email, c.decided_at, o.name AS organisation_name,
       to_char(s.last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS listing_last_modified,
       s.id IS NOT NULL AS has_published, k.current AS difference_current,
       CASE WHEN k.current THEN c.difference->>'name' ELSE c.document->>'name' END AS name,
       CASE WHEN k.current THEN c.difference->'rows' END AS difference,
       CASE WHEN k.current THEN c.base_changed END AS base_changed,
       CASE WHEN NOT k.current THEN c.document END AS document,
       CASE WHEN NOT k.current THEN c.base_document END AS base_document
     FROM waiting LEFT JOIN (
       page JOIN listing_change c ON c.council_id = $1 AND c.id = page.id
       LEFT JOIN organization o ON o.council_id = c.council_id AND o.id = c.organization_id
       LEFT JOIN service s ON c.kind = 'service' AND s.council_id = c.council_id AND s.id = c.listing_id
       CROSS JOIN LATERAL (SELECT c.kind = 'service' AND jsonb_typeof(c.difference) = 'object' AND c.base_changed IS NOT NULL
         AND (CASE WHEN c.compared_with IS NULL THEN s.id IS NULL ELSE date_trunc('milliseconds', s.last_modified) = c.compared_with END) AS current) k
     ) ON true
     ORDER BY c.proposed_at, c.id`,
    [councilId, organisationIds, options.offset, options.limit],
  );
  const total = rows[0]?.total ?? 0;
  // The count's row alone (its change's columns null) when the page is past the end or the queue is empty.
  const changes = rows.filter((r) => r.id !== null).map(({ total: _, ...change }) => change as QueuedChange);
  return { changes, total };
}

/**
 * Organisations with pending changes, and how many each, by name (the queue's filter): at most
 * `limit` (the caller offers a search by name instead when there are more).
 */
export async function organisationsWithPendingChanges(db: Queryable, councilId: string, limit: number): Promise<{ id: string; name: string; pending: number }[]> {
  const { rows } = await db.query<{ id: string; name: string; pending: number }>(
    `WITH p AS (
       SELECT organization_id, count(*)::int AS pending FROM listing_change
       WHERE council_id = $1 AND status = 'pending' GROUP BY organization_id LIMIT $2
     )
     SELECT p.organization_id AS id, coalesce(o.name, p.organization_id::text) AS name, p.pending
     FROM p LEFT JOIN organization o ON o.council_id = $1 AND o.id = p.organization_id
     ORDER BY lower(coalesce(o.name, '')), p.organization_id`,
    [councilId, limit],
  );
  return rows;
}

/** How many changes are pending (the admin landing's count). */
export async function countPendingChanges(db: Queryable, councilId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM listing_change WHERE council_id = $1 AND status = 'pending'`, [councilId]);
  return rows[0]?.n ?? 0;
}
