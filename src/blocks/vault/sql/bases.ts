import type { CouncilTx } from './scope.js';

/**
 * The vault's SQL about a team's recorded legal bases (recording and approving them is in
 * sql/grants.ts: insertBasis, approveBasis): the team's list, one basis of the team, and ending
 * or declining one.
 */

export interface TeamBasisRow {
  id: string;
  resident_id: string;
  team: string;
  categories: string[];
  legal_basis: string;
  purpose: string;
  recorded_by: string;
  approved_by: string | null;
  status: 'awaiting_approval' | 'active' | 'ended' | 'declined';
  expires_at: Date;
  disclose_after: string | null;
  created_at: Date;
}

// disclose_after as the date it is (YYYY-MM-DD), not a JavaScript time at midnight somewhere.
const COLUMNS = `id, resident_id, team, categories, legal_basis, purpose, recorded_by, approved_by, status, expires_at,
  to_char(disclose_after, 'YYYY-MM-DD') AS disclose_after, created_at`;

/** A team's bases waiting for a second officer, and those in force at `now`, oldest first. */
export async function openBasesOfTeam(q: CouncilTx, councilId: string, team: string, now: Date): Promise<TeamBasisRow[]> {
  const { rows } = await q.query<TeamBasisRow>(
    `SELECT ${COLUMNS} FROM vault_basis
      WHERE council_id = $1 AND team = $2 AND (status = 'awaiting_approval' OR (status = 'active' AND expires_at > $3))
      ORDER BY created_at, id`,
    [councilId, team, now],
  );
  return rows;
}

/** One basis, only if it is this team's; locked until the caller's transaction ends (`lock`). */
export async function basisOfTeam(q: CouncilTx, councilId: string, team: string, basisId: string, lock = false): Promise<TeamBasisRow | undefined> {
  const { rows } = await q.query<TeamBasisRow>(`SELECT ${COLUMNS} FROM vault_basis WHERE council_id = $1 AND team = $2 AND id = $3${lock ? ' FOR UPDATE' : ''}`, [
    councilId,
    team,
    basisId,
  ]);
  return rows[0];
}

/** A second officer declines a basis awaiting approval (never the one who recorded it): true when it moved. */
export async function declineBasis(q: CouncilTx, councilId: string, team: string, basisId: string, by: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_basis SET status = 'declined', ended_by = $4, ended_at = now()
      WHERE council_id = $1 AND team = $2 AND id = $3 AND status = 'awaiting_approval' AND recorded_by <> $4`,
    [councilId, team, basisId, by],
  );
  return rowCount === 1;
}

/** The team ends a basis in force (or one still waiting for approval): true when it moved. */
export async function endBasis(q: CouncilTx, councilId: string, team: string, basisId: string, by: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_basis SET status = 'ended', ended_by = $4, ended_at = now()
      WHERE council_id = $1 AND team = $2 AND id = $3 AND status IN ('awaiting_approval', 'active')`,
    [councilId, team, basisId, by],
  );
  return rowCount === 1;
}
