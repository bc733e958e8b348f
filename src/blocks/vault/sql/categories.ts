import type { CouncilTx } from './scope.js';

/** The vault's SQL about the categories of a council's records. */

export interface CategoryRow {
  code: string;
  name_en: string;
  name_cy: string;
  sensitivity: 'standard' | 'sensitive';
  kind: string;
  built_in: boolean;
  position: number;
  retired_at: Date | null;
}

export interface NewCategoryRow {
  code: string;
  nameEn: string;
  nameCy: string;
  sensitivity: 'standard' | 'sensitive';
  kind: string;
  builtIn: boolean;
}

/**
 * Write the built-in categories a council does not have yet, in one statement (when the council
 * is added); those it has (retired or not, or named differently) are left as they are.
 */
export async function seedCategories(q: CouncilTx, councilId: string, rows: NewCategoryRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO vault_category (council_id, code, name_en, name_cy, sensitivity, kind, built_in, position)
     SELECT $1, x.code, x.name_en, x.name_cy, x.sensitivity, x.kind, x.built_in, x.position
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::int[])
         AS x(code, name_en, name_cy, sensitivity, kind, built_in, position)
     ON CONFLICT (council_id, code) DO NOTHING`,
    [
      councilId,
      rows.map((r) => r.code),
      rows.map((r) => r.nameEn),
      rows.map((r) => r.nameCy),
      rows.map((r) => r.sensitivity),
      rows.map((r) => r.kind),
      rows.map((r) => r.builtIn),
      rows.map((_, i) => i + 1),
    ],
  );
}

/** Every category of the council, retired ones too, in the record's order. */
export async function categoryRows(q: CouncilTx, councilId: string): Promise<CategoryRow[]> {
  const { rows } = await q.query<CategoryRow>(
    `SELECT code, name_en, name_cy, sensitivity, kind, built_in, position, retired_at
       FROM vault_category WHERE council_id = $1 ORDER BY position, code`,
    [councilId],
  );
  return rows;
}

/** Add a council's own category after the others; false when the code is taken. */
export async function insertCategory(q: CouncilTx, councilId: string, row: NewCategoryRow): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO vault_category (council_id, code, name_en, name_cy, sensitivity, kind, built_in, position)
     SELECT $1, $2, $3, $4, $5, $6, $7, COALESCE(max(position), 0) + 1 FROM vault_category WHERE council_id = $1
     ON CONFLICT (council_id, code) DO NOTHING`,
    [councilId, row.code, row.nameEn, row.nameCy, row.sensitivity, row.kind, row.builtIn],
  );
  return rowCount === 1;
}

/** Retire a category, or bring it back; false when there is no such category or it already is so. */
export async function setRetired(q: CouncilTx, councilId: string, code: string, retired: boolean): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_category SET retired_at = CASE WHEN $3::boolean THEN now() END
      WHERE council_id = $1 AND code = $2 AND (retired_at IS NULL) = $3::boolean`,
    [councilId, code, retired],
  );
  return rowCount === 1;
}
