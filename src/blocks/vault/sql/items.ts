import type { CouncilTx } from './scope.js';

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
export async function currentItems(q: CouncilTx, councilId: string, residentId: string, categories: string[]): Promise<ItemRow[]> {
  const { rows } = await q.query<ItemRow>(
    `SELECT id, category, value, source_kind, source_name, recorded_at FROM vault_item
      WHERE council_id = $1 AND resident_id = $2 AND category = ANY($3::text[]) AND superseded_at IS NULL
      ORDER BY category, recorded_at`,
    [councilId, residentId, categories],
  );
  return rows;
}

/**
 * Record the values of a category, superseding the current ones of that category (their
 * history kept). Returns the ids superseded.
 */
export async function replaceItems(
  q: CouncilTx,
  councilId: string,
  residentId: string,
  category: string,
  items: Array<{ id: string; value: unknown }>,
  source: { kind: ItemRow['source_kind']; name: string },
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE vault_item SET superseded_at = now() WHERE council_id = $1 AND resident_id = $2 AND category = $3 AND superseded_at IS NULL RETURNING id`,
    [councilId, residentId, category],
  );
  for (const item of items) await insertItem(q, councilId, residentId, category, item, source);
  return rows.map((r) => r.id);
}

export async function insertItem(
  q: CouncilTx,
  councilId: string,
  residentId: string,
  category: string,
  item: { id: string; value: unknown },
  source: { kind: ItemRow['source_kind']; name: string },
): Promise<void> {
  await q.query(
    `INSERT INTO vault_item (council_id, id, resident_id, category, value, source_kind, source_name) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
    [councilId, item.id, residentId, category, JSON.stringify(item.value), source.kind, source.name],
  );
}

/** Supersede one current item of the resident's category (a household member changed or removed): false when it is not one. */
export async function supersedeItem(q: CouncilTx, councilId: string, residentId: string, category: string, itemId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE vault_item SET superseded_at = now() WHERE council_id = $1 AND resident_id = $2 AND category = $3 AND id = $4 AND superseded_at IS NULL`,
    [councilId, residentId, category, itemId],
  );
  return rowCount === 1;
}

export interface HistoryRow extends ItemRow {
  superseded_at: Date | null;
}

/**
 * Every item of the resident, current and superseded, in the categories named (all of them
 * when none are named): the resident's history and their copy of everything.
 */
export async function allItems(q: CouncilTx, councilId: string, residentId: string, categories?: string[]): Promise<HistoryRow[]> {
  const { rows } = await q.query<HistoryRow>(
    `SELECT id, category, value, source_kind, source_name, recorded_at, superseded_at FROM vault_item
      WHERE council_id = $1 AND resident_id = $2 AND ($3::text[] IS NULL OR category = ANY($3::text[]))
      ORDER BY category, recorded_at DESC, id`,
    [councilId, residentId, categories ?? null],
  );
  return rows;
}

/** How many residents hold a current value in each category (the categories admin page: which hold data). */
export async function holdersByCategory(q: CouncilTx, councilId: string): Promise<Map<string, number>> {
  const { rows } = await q.query<{ category: string; n: number }>(
    `SELECT category, count(DISTINCT resident_id)::int AS n FROM vault_item WHERE council_id = $1 AND superseded_at IS NULL GROUP BY category`,
    [councilId],
  );
  return new Map(rows.map((r) => [r.category, r.n]));
}
