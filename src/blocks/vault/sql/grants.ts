import type { CouncilTx } from './scope.js';

/** The vault's SQL about grants and recorded legal bases. */

export interface GrantRow {
  id: string;
  resident_id: string;
  grantee_kind: 'team' | 'partner';
  grantee: string;
  categories: string[];
  access: 'read' | 'read_update';
  purpose: string;
  lawful_basis: string;
  status: 'requested' | 'active' | 'paused' | 'withdrawn' | 'refused';
  starts_at: Date;
  expires_at: Date;
}

export interface BasisRow {
  id: string;
  resident_id: string;
  team: string;
  categories: string[];
  legal_basis: string;
  purpose: string;
  status: 'awaiting_approval' | 'active' | 'ended';
  expires_at: Date;
}

/** The grants a grantee holds from a resident that are live at `now` (active, started, not expired). */
export async function liveGrants(q: CouncilTx, councilId: string, residentId: string, granteeKind: 'team' | 'partner', grantee: string, now: Date): Promise<GrantRow[]> {
  const { rows } = await q.query<GrantRow>(
    `SELECT id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at
       FROM vault_grant
      WHERE council_id = $1 AND resident_id = $2 AND grantee_kind = $3 AND grantee = $4
        AND status = 'active' AND starts_at <= $5 AND expires_at > $5
      ORDER BY created_at`,
    [councilId, residentId, granteeKind, grantee, now],
  );
  return rows;
}

/**
 * The grantee's live grants from the resident, in one statement with the resident's restrictions:
 * none at all while any of `categories` is restricted (UK GDPR Article 18: no grant gives a
 * restricted category). The gateway's check, a round trip less than asking the two apart.
 */
export async function liveGrantsUnrestricted(q: CouncilTx, councilId: string, residentId: string, granteeKind: 'team' | 'partner', grantee: string, now: Date, categories: string[]): Promise<GrantRow[]> {
  // What a live, unrestricted grant is: defined once, in the database (migrations/012_granted_read.sql).
  const { rows } = await q.query<GrantRow>(
    `SELECT id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at
       FROM vault_live_grants($1, $2, $3, $4, $5, $6::text[])
      ORDER BY created_at`,
    [councilId, residentId, granteeKind, grantee, now, categories],
  );
  return rows;
}

/** The recorded legal bases a team holds for a resident that are live at `now` (approved where they had to be). */
export async function liveBases(q: CouncilTx, councilId: string, residentId: string, team: string, now: Date): Promise<BasisRow[]> {
  const { rows } = await q.query<BasisRow>(
    `SELECT id, resident_id, team, categories, legal_basis, purpose, status, expires_at
       FROM vault_basis
      WHERE council_id = $1 AND resident_id = $2 AND team = $3 AND status = 'active' AND expires_at > $4
      ORDER BY created_at`,
    [councilId, residentId, team, now],
  );
  return rows;
}

export interface NewGrant {
  id: string;
  residentId: string;
  granteeKind: 'team' | 'partner';
  grantee: string;
  categories: string[];
  access: 'read' | 'read_update';
  purpose: string;
  lawfulBasis: string;
  status: GrantRow['status'];
  startsAt: Date;
  expiresAt: Date;
}

export async function insertGrant(q: CouncilTx, councilId: string, g: NewGrant): Promise<void> {
  await q.query(
    `INSERT INTO vault_grant (council_id, id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [councilId, g.id, g.residentId, g.granteeKind, g.grantee, g.categories, g.access, g.purpose, g.lawfulBasis, g.status, g.startsAt, g.expiresAt],
  );
}

/**
 * Move a grant from one status to another, only from the statuses given (withdrawn is final):
 * true when it moved. Only the resident's own grant moves.
 */
export async function moveGrant(q: CouncilTx, councilId: string, residentId: string, grantId: string, from: GrantRow['status'][], to: GrantRow['status']): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_grant SET status = $5, updated_at = now() WHERE council_id = $1 AND resident_id = $2 AND id = $3 AND status = ANY($4::text[])`,
    [councilId, residentId, grantId, from, to],
  );
  return rowCount === 1;
}

export async function insertBasis(
  q: CouncilTx,
  councilId: string,
  b: { id: string; residentId: string; team: string; categories: string[]; legalBasis: string; purpose: string; recordedBy: string; status: BasisRow['status']; expiresAt: Date; discloseAfter: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO vault_basis (council_id, id, resident_id, team, categories, legal_basis, purpose, recorded_by, status, expires_at, disclose_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [councilId, b.id, b.residentId, b.team, b.categories, b.legalBasis, b.purpose, b.recordedBy, b.status, b.expiresAt, b.discloseAfter],
  );
}

/** A second officer (never the one who recorded it) approves a basis awaiting approval. */
export async function approveBasis(q: CouncilTx, councilId: string, basisId: string, approverId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_basis SET status = 'active', approved_by = $3, approved_at = now()
      WHERE council_id = $1 AND id = $2 AND status = 'awaiting_approval' AND recorded_by <> $3`,
    [councilId, basisId, approverId],
  );
  return rowCount === 1;
}

/** Every grant of a resident (requests too), newest first. */
export async function grantsOfResident(q: CouncilTx, councilId: string, residentId: string): Promise<GrantRow[]> {
  const { rows } = await q.query<GrantRow>(
    `SELECT id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at
       FROM vault_grant WHERE council_id = $1 AND resident_id = $2 ORDER BY created_at DESC, id`,
    [councilId, residentId],
  );
  return rows;
}

/** One grant, only if it is this resident's (another resident's grant is not found). */
export async function grantOfResident(q: CouncilTx, councilId: string, residentId: string, grantId: string): Promise<GrantRow | undefined> {
  const { rows } = await q.query<GrantRow>(
    `SELECT id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at
       FROM vault_grant WHERE council_id = $1 AND resident_id = $2 AND id = $3`,
    [councilId, residentId, grantId],
  );
  return rows[0];
}

export type GrantEventKind = 'given' | 'requested' | 'accepted' | 'refused' | 'paused' | 'resumed' | 'withdrawn';
export type GrantEventBy = 'resident' | 'advocate' | 'team' | 'partner';

/** An advocate acting for a resident: named in the grant's history (a resident may have several). */
export interface AdvocateActing {
  kind: 'advocate';
  /** The advocate's person id. */
  id: string;
  /** Their name, as their appointment holds it. */
  name: string;
  /** The resident they acted for. */
  onBehalfOf: string;
}

/** Who made a change: the resident, the team or partner that asked, or a named advocate. */
export type GrantEventActor = Exclude<GrantEventBy, 'advocate'> | AdvocateActing;

export interface GrantEventRow {
  at: Date;
  event: GrantEventKind;
  by_kind: GrantEventBy;
  /** An advocate's person id, name and the resident they acted for (null for others, and for advocates' lines before migration 011). */
  by_id: string | null;
  by_name: string | null;
  on_behalf_of: string | null;
}

/** Record a change of a grant, in the transaction of the change. */
export async function insertGrantEvent(q: CouncilTx, councilId: string, grantId: string, event: GrantEventKind, by: GrantEventActor, at?: Date): Promise<void> {
  const advocate = typeof by === 'object' ? by : undefined;
  await q.query(
    `INSERT INTO vault_grant_event (council_id, grant_id, event, by_kind, by_id, by_name, on_behalf_of, at) VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, clock_timestamp()))`,
    [councilId, grantId, event, advocate ? 'advocate' : by, advocate?.id ?? null, advocate?.name ?? null, advocate?.onBehalfOf ?? null, at ?? null],
  );
}

/** A grant's history, oldest first. */
export async function grantEvents(q: CouncilTx, councilId: string, grantId: string): Promise<GrantEventRow[]> {
  const { rows } = await q.query<GrantEventRow>(
    'SELECT at, event, by_kind, by_id, by_name, on_behalf_of FROM vault_grant_event WHERE council_id = $1 AND grant_id = $2 ORDER BY at, event',
    [councilId, grantId],
  );
  return rows;
}
