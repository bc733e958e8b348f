import type { CouncilTx } from './scope.js';

/** The vault's SQL about the council teams a resident can give access to. */

export interface TeamRow {
  code: string;
  name_en: string;
  name_cy: string;
  description_en: string;
  description_cy: string;
  contact_email: string;
  retired_at: Date | null;
}

export interface TeamValues {
  nameEn: string;
  nameCy: string;
  descriptionEn: string;
  descriptionCy: string;
  contactEmail: string;
}

const COLUMNS = 'code, name_en, name_cy, description_en, description_cy, contact_email, retired_at';

/** Every team of the council, current ones first, each group by its English name. */
export async function teamRows(q: CouncilTx, councilId: string): Promise<TeamRow[]> {
  const { rows } = await q.query<TeamRow>(`SELECT ${COLUMNS} FROM vault_team WHERE council_id = $1 ORDER BY retired_at IS NOT NULL, name_en, code`, [councilId]);
  return rows;
}

export async function teamRow(q: CouncilTx, councilId: string, code: string): Promise<TeamRow | undefined> {
  const { rows } = await q.query<TeamRow>(`SELECT ${COLUMNS} FROM vault_team WHERE council_id = $1 AND code = $2`, [councilId, code]);
  return rows[0];
}

/** Add a team; false when the council already has one with this code, in any case (retired or not). */
export async function insertTeam(q: CouncilTx, councilId: string, code: string, v: TeamValues): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO vault_team (council_id, code, name_en, name_cy, description_en, description_cy, contact_email)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING code`,
    [councilId, code, v.nameEn, v.nameCy, v.descriptionEn, v.descriptionCy, v.contactEmail],
  );
  return rows.length === 1;
}

/** Change a team's names, descriptions and address: the row as it was before, or undefined when there is none. */
export async function updateTeam(q: CouncilTx, councilId: string, code: string, v: TeamValues): Promise<TeamRow | undefined> {
  const { rows } = await q.query<TeamRow>(
    `UPDATE vault_team t SET name_en = $3, name_cy = $4, description_en = $5, description_cy = $6, contact_email = $7, updated_at = now()
       FROM (SELECT ${COLUMNS} FROM vault_team WHERE council_id = $1 AND code = $2 FOR UPDATE) old
      WHERE t.council_id = $1 AND t.code = $2
      RETURNING old.code, old.name_en, old.name_cy, old.description_en, old.description_cy, old.contact_email, old.retired_at`,
    [councilId, code, v.nameEn, v.nameCy, v.descriptionEn, v.descriptionCy, v.contactEmail],
  );
  return rows[0];
}

/** Retire (or bring back) a team: true when it changed. */
export async function setTeamRetired(q: CouncilTx, councilId: string, code: string, retired: boolean): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_team SET retired_at = CASE WHEN $3 THEN now() ELSE NULL END, updated_at = now()
      WHERE council_id = $1 AND code = $2 AND (retired_at IS NULL) = $3`,
    [councilId, code, retired],
  );
  return rowCount === 1;
}
