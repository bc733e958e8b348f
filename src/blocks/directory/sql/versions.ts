import type { Queryable } from '../../../platform/db/db.js';

/**
 * SQL of listing versions: every version of a service or organisation kept as its ORUK
 * document, numbered from 1 per listing. Rows are only ever added (a revert adds a version that
 * repeats an older document), so the history is never rewritten.
 */

export type VersionKind = 'service' | 'organization';
export type VersionCause = 'import' | 'edit' | 'approval' | 'revert' | 'schedule';

export interface VersionSummary {
  version: number;
  cause: VersionCause;
  email: string | null;
  note: string | null;
  change_id: string | null;
  reverted_to: number | null;
  created_at: Date;
}

export interface VersionRow extends VersionSummary {
  document: Record<string, unknown>;
}

export interface NewVersion {
  councilId: string;
  kind: VersionKind;
  listingId: string;
  document: unknown;
  cause: VersionCause;
  changeId?: string | null;
  revertedTo?: number | null;
  personId?: string | null;
  email?: string | null;
  note?: string | null;
}

/**
 * Add the next version of a listing; returns its number. The caller holds the listing's row
 * lock (`lockListing`), so two writers cannot both take the same number.
 */
export async function addVersion(tx: Queryable, v: NewVersion): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    `INSERT INTO listing_version (council_id, kind, listing_id, version, document, cause, change_id, reverted_to, person_id, email, note)
     SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4::jsonb, $5, $6, $7, $8, $9, $10
     FROM listing_version WHERE council_id = $1 AND kind = $2 AND listing_id = $3
     RETURNING version`,
    [v.councilId, v.kind, v.listingId, JSON.stringify(v.document), v.cause, v.changeId ?? null, v.revertedTo ?? null, v.personId ?? null, v.email ?? null, v.note ?? null],
  );
  return rows[0].version;
}

/** The number of a listing's latest version (0 when it has no history yet). */
export async function latestVersionNumber(db: Queryable, councilId: string, kind: VersionKind, listingId: string): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM listing_version WHERE council_id = $1 AND kind = $2 AND listing_id = $3',
    [councilId, kind, listingId],
  );
  return rows[0]?.v ?? 0;
}

/** A listing's versions, newest first, without their documents. */
export async function listVersions(db: Queryable, councilId: string, kind: VersionKind, listingId: string): Promise<VersionSummary[]> {
  const { rows } = await db.query<VersionSummary>(
    `SELECT version, cause, email, note, change_id, reverted_to, created_at FROM listing_version
     WHERE council_id = $1 AND kind = $2 AND listing_id = $3 ORDER BY version DESC`,
    [councilId, kind, listingId],
  );
  return rows;
}

/** One version with its document. */
export async function getVersion(db: Queryable, councilId: string, kind: VersionKind, listingId: string, version: number): Promise<VersionRow | undefined> {
  const { rows } = await db.query<VersionRow>(
    `SELECT version, cause, email, note, change_id, reverted_to, created_at, document FROM listing_version
     WHERE council_id = $1 AND kind = $2 AND listing_id = $3 AND version = $4`,
    [councilId, kind, listingId, version],
  );
  return rows[0];
}

/** Which of these listings already have a history (an import then adds a version to each). */
export async function listingsWithHistory(db: Queryable, councilId: string, kind: VersionKind, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ listing_id: string }>(
    `SELECT DISTINCT listing_id FROM listing_version WHERE council_id = $1 AND kind = $2 AND listing_id = ANY($3::uuid[])`,
    [councilId, kind, ids],
  );
  return new Set(rows.map((r) => r.listing_id));
}

/** Versions for many listings at once (an import's batch), each the next of its listing. */
export async function addImportVersions(tx: Queryable, councilId: string, kind: VersionKind, documents: { id: string; document: unknown }[]): Promise<void> {
  if (documents.length === 0) return;
  await tx.query(
    `INSERT INTO listing_version (council_id, kind, listing_id, version, document, cause)
     SELECT $1, $2, d.id, (SELECT coalesce(max(v.version), 0) + 1 FROM listing_version v
                           WHERE v.council_id = $1 AND v.kind = $2 AND v.listing_id = d.id), d.document, 'import'
     FROM unnest($3::uuid[], $4::jsonb[]) AS d (id, document)`,
    [councilId, kind, documents.map((d) => d.id), documents.map((d) => JSON.stringify(d.document))],
  );
}

/** The latest version's document of each of these listings that has one. */
export async function latestVersions(db: Queryable, councilId: string, kind: VersionKind, ids: string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ listing_id: string; document: unknown }>(
    `SELECT DISTINCT ON (listing_id) listing_id, document FROM listing_version
     WHERE council_id = $1 AND kind = $2 AND listing_id = ANY($3::uuid[]) ORDER BY listing_id, version DESC`,
    [councilId, kind, ids],
  );
  return new Map(rows.map((r) => [r.listing_id, r.document]));
}
