import type { CouncilTx } from './scope.js';

/** The vault's SQL about the resident's rights: restriction of processing, erasure, and their history. */

/** The categories a resident has restricted (no grant gives access to them while restricted). */
export async function restrictedCategories(q: CouncilTx, councilId: string, residentId: string): Promise<string[]> {
  const { rows } = await q.query<{ category: string }>('SELECT category FROM vault_restriction WHERE council_id = $1 AND resident_id = $2 ORDER BY category', [councilId, residentId]);
  return rows.map((r) => r.category);
}

/** Restrict categories; returns those newly restricted (one already restricted is left as it was). */
export async function insertRestrictions(q: CouncilTx, councilId: string, residentId: string, categories: string[]): Promise<string[]> {
  const { rows } = await q.query<{ category: string }>(
    `INSERT INTO vault_restriction (council_id, resident_id, category) SELECT $1, $2, c FROM unnest($3::text[]) AS c
     ON CONFLICT DO NOTHING RETURNING category`,
    [councilId, residentId, categories],
  );
  return rows.map((r) => r.category).sort();
}

/** Lift restrictions; returns those that were restricted. */
export async function deleteRestrictions(q: CouncilTx, councilId: string, residentId: string, categories: string[]): Promise<string[]> {
  const { rows } = await q.query<{ category: string }>(
    'DELETE FROM vault_restriction WHERE council_id = $1 AND resident_id = $2 AND category = ANY($3::text[]) RETURNING category',
    [councilId, residentId, categories],
  );
  return rows.map((r) => r.category).sort();
}

/** Remove every item (current and replaced) of the categories: the values are gone, not hidden. Returns how many. */
export async function deleteItems(q: CouncilTx, councilId: string, residentId: string, categories: string[]): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM vault_item WHERE council_id = $1 AND resident_id = $2 AND category = ANY($3::text[])', [councilId, residentId, categories]);
  return rowCount ?? 0;
}

export interface KeepingBasis {
  id: string;
  categories: string[];
  legal_basis: string;
  team: string;
  /** A UK date ('YYYY-MM-DD') before which the resident is not told of this basis, or null. */
  disclose_after: string | null;
}

/** The statutory bases in force for the resident (active, not expired): what they cover is kept on erasure. */
export async function basesInForce(q: CouncilTx, councilId: string, residentId: string, now: Date): Promise<KeepingBasis[]> {
  const { rows } = await q.query<KeepingBasis>(
    `SELECT id, categories, legal_basis, team, disclose_after::text AS disclose_after FROM vault_basis
      WHERE council_id = $1 AND resident_id = $2 AND status = 'active' AND expires_at > $3 ORDER BY created_at`,
    [councilId, residentId, now],
  );
  return rows;
}

export interface EndableGrant {
  id: string;
  status: 'requested' | 'active' | 'paused';
  categories: string[];
  starts_at: Date;
  expires_at: Date;
}

/** The resident's grants still open (asked, live or paused) that cover any of the categories, locked for the change. */
export async function openGrantsCovering(q: CouncilTx, councilId: string, residentId: string, categories: string[]): Promise<EndableGrant[]> {
  const { rows } = await q.query<EndableGrant>(
    `SELECT id, status, categories, starts_at, expires_at FROM vault_grant
      WHERE council_id = $1 AND resident_id = $2 AND status IN ('requested', 'active', 'paused') AND categories && $3::text[]
      ORDER BY created_at, id FOR UPDATE`,
    [councilId, residentId, categories],
  );
  return rows;
}

/** A category kept on erasure, and the basis that keeps it (not named to the resident before its disclosure date). */
export interface KeptCategory {
  category: string;
  basis_id: string;
  legal_basis: string;
  disclose_after: string | null;
}

export interface RightsRequestRow {
  id: string;
  kind: 'erase' | 'restrict' | 'lift';
  categories: string[];
  items_erased: number;
  grants_ended: number;
  kept: KeptCategory[];
  at: Date;
}

export async function insertRightsRequest(
  q: CouncilTx,
  councilId: string,
  r: { id: string; residentId: string; kind: RightsRequestRow['kind']; categories: string[]; itemsErased?: number; grantsEnded?: number; kept?: RightsRequestRow['kept']; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO vault_rights_request (council_id, id, resident_id, kind, categories, items_erased, grants_ended, kept, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [councilId, r.id, r.residentId, r.kind, r.categories, r.itemsErased ?? 0, r.grantsEnded ?? 0, JSON.stringify(r.kept ?? []), r.at],
  );
}

/** The resident's requests under their rights, newest first. */
export async function rightsRequestsOf(q: CouncilTx, councilId: string, residentId: string, limit = 50): Promise<RightsRequestRow[]> {
  const { rows } = await q.query<RightsRequestRow>(
    `SELECT id, kind, categories, items_erased, grants_ended, kept, at FROM vault_rights_request
      WHERE council_id = $1 AND resident_id = $2 ORDER BY at DESC, id LIMIT $3`,
    [councilId, residentId, limit],
  );
  return rows;
}
