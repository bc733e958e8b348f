import type { CouncilTx } from './scope.js';

/**
 * The vault's SQL for a team's view of its residents: who has given the team a live grant, or
 * for whom it holds a live legal basis — what the grant or basis says, never the resident's values
 * (those are read through the access gateway, one logged access at a time).
 */

export interface TeamAuthorityRow {
  resident_id: string;
  kind: 'grant' | 'basis';
  id: string;
  categories: string[];
  /** A basis is shown as reading: the staff pages change a record only under a read-and-update grant. */
  access: 'read' | 'read_update';
  purpose: string;
  expires_at: Date;
}

const LIVE = `
  SELECT resident_id, 'grant' AS kind, id, categories, access, purpose, expires_at, created_at FROM vault_grant
   WHERE council_id = $1 AND grantee_kind = 'team' AND grantee = $2 AND status = 'active' AND starts_at <= $3 AND expires_at > $3
  UNION ALL
  SELECT resident_id, 'basis' AS kind, id, categories, 'read' AS access, purpose, expires_at, created_at FROM vault_basis
   WHERE council_id = $1 AND team = $2 AND status = 'active' AND expires_at > $3`;

/**
 * A page of the residents a team may see at `now` (those with the newest grant or basis first),
 * each with every live grant and basis it holds for them; and how many residents there are in all.
 */
export async function residentsOfTeam(q: CouncilTx, councilId: string, team: string, now: Date, limit: number, offset: number): Promise<{ rows: TeamAuthorityRow[]; total: number }> {
  const { rows } = await q.query<TeamAuthorityRow & { total: string | number }>(
    `WITH live AS (${LIVE}),
          residents AS (SELECT resident_id, max(created_at) AS newest, count(*) OVER () AS total FROM live GROUP BY resident_id
                         ORDER BY newest DESC, resident_id LIMIT $4 OFFSET $5)
     SELECT l.resident_id, l.kind, l.id, l.categories, l.access, l.purpose, l.expires_at, r.total
       FROM live l JOIN residents r USING (resident_id)
      ORDER BY r.newest DESC, l.resident_id, l.expires_at, l.id`,
    [councilId, team, now, limit, offset],
  );
  const total = rows.length ? Number(rows[0].total) : offset ? Number((await q.query<{ n: string }>(`SELECT count(DISTINCT resident_id) AS n FROM (${LIVE}) live`, [councilId, team, now])).rows[0].n) : 0;
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

/** The live grants and bases a team holds for one resident at `now`. */
export async function authorityOfTeam(q: CouncilTx, councilId: string, team: string, residentId: string, now: Date): Promise<TeamAuthorityRow[]> {
  const { rows } = await q.query<TeamAuthorityRow>(`SELECT resident_id, kind, id, categories, access, purpose, expires_at FROM (${LIVE}) live WHERE resident_id = $4 ORDER BY kind DESC, expires_at, id`, [
    councilId,
    team,
    now,
    residentId,
  ]);
  return rows;
}
