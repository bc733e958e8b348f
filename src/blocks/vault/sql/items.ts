import type { Queryable } from '../../../platform/db/db.js';

/** The vault's SQL about a resident's record items. */

export interface ItemRow {
  id: string;
  category: string;
  value: unknown;
  source_kind: 'resident' | 'advocate' | 'staff' | 'partner';
  source_name: string;
  recorded_at: Date;
}

/** The current items of a resident in the categories named (never any other). */
export async function currentItems(q: Queryable, councilId: string, residentId: string, categories: string[]): Promise<ItemRow[]> {
  const { rows } = await q.query<ItemRow>(
    `SELECT id, category, value, source_kind, source_name, recorded_at FROM vault_item
      WHERE council_id = $1 AND resident_id = $2 AND category = ANY($3::text[]) AND superseded_at IS NULL
      ORDER BY category, recorded_at`,
    [councilId, residentId, categories],
  );
  return rows;
}

/** Record a value of a category, superseding the current ones of that category (their history kept). */
export async function replaceItems(
  q: Queryable,
  councilId: string,
  residentId: string,
  category: string,
  items: Array<{ id: string; value: unknown }>,
  source: { kind: ItemRow['source_kind']; name: string },
): Promise<void> {
  await q.query(`UPDATE vault_item SET superseded_at = now() WHERE council_id = $1 AND resident_id = $2 AND category = $3 AND superseded_at IS NULL`, [councilId, residentId, category]);
  for (const item of items) {
    await q.query(
      `INSERT INTO vault_item (council_id, id, resident_id, category, value, source_kind, source_name) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [councilId, item.id, residentId, category, JSON.stringify(item.value), source.kind, source.name],
    );
  }
}
