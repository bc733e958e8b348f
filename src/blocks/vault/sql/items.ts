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

/**
 * The next `limit` of the council's items after `after` (by id, current and replaced alike) whose
 * value is sealed with a key other than `currentKid`: what `hearth keys rewrap` has to re-wrap.
 * Keyset order, so items it leaves (no key opens them) are passed, not met again.
 */
export async function itemsSealedOtherwise(q: CouncilTx, councilId: string, currentKid: string, after: string | undefined, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM vault_item
      WHERE council_id = $1 AND value @> '{"hearth_sealed": 1}' AND value->>'kid' IS DISTINCT FROM $2
        AND ($3::uuid IS NULL OR id > $3::uuid)
      ORDER BY id LIMIT $4`,
    [councilId, currentKid, after ?? null, limit],
  );
  return rows.map((r) => r.id);
}

/** These items' values, locked until the caller's transaction ends (one gone meanwhile, erased, is absent). */
export async function lockItemValues(q: CouncilTx, councilId: string, ids: string[]): Promise<Array<{ id: string; value: unknown }>> {
  if (!ids.length) return [];
  const { rows } = await q.query<{ id: string; value: unknown }>(
    'SELECT id, value FROM vault_item WHERE council_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
    [councilId, ids],
  );
  return rows;
}

/** Put values back (the same value with its data key re-wrapped), in one statement. */
export async function setItemValues(q: CouncilTx, councilId: string, values: Array<{ id: string; value: unknown }>): Promise<void> {
  if (!values.length) return;
  await q.query(
    `UPDATE vault_item i SET value = v.value::jsonb
       FROM unnest($2::uuid[], $3::text[]) AS v (id, value)
      WHERE i.council_id = $1 AND i.id = v.id`,
    [councilId, values.map((v) => v.id), values.map((v) => JSON.stringify(v.value))],
  );
}

/** How many of the council's items are sealed with this key already. */
export async function countItemsSealedWith(q: CouncilTx, councilId: string, kid: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM vault_item WHERE council_id = $1 AND value @> '{"hearth_sealed": 1}' AND value->>'kid' = $2`,
    [councilId, kid],
  );
  return rows[0].n;
}
