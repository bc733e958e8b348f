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

/**
 * Record the values of a category, superseding the current ones of that category (their
 * history kept). Returns the ids superseded.
 */
export async function replaceItems(
  q: Queryable,
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
  q: Queryable,
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
export async function supersedeItem(q: Queryable, councilId: string, residentId: string, category: string, itemId: string): Promise<boolean> {
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
export async function allItems(q: Queryable, councilId: string, residentId: string, categories?: string[]): Promise<HistoryRow[]> {
  const { rows } = await q.query<HistoryRow>(
    `SELECT id, category, value, source_kind, source_name, recorded_at, superseded_at FROM vault_item
      WHERE council_id = $1 AND resident_id = $2 AND ($3::text[] IS NULL OR category = ANY($3::text[]))
      ORDER BY category, recorded_at DESC, id`,
    [councilId, residentId, categories ?? null],
  );
  return rows;
}

/** How many residents hold a current value in each category (the categories admin page: which hold data). */
export async function holdersByCategory(q: Queryable, councilId: string): Promise<Map<string, number>> {
  const { rows } = await q.query<{ category: string; n: number }>(
    `SELECT category, count(DISTINCT resident_id)::int AS n FROM vault_item WHERE council_id = $1 AND superseded_at IS NULL GROUP BY category`,
    [councilId],
  );
  return new Map(rows.map((r) => [r.category, r.n]));
}

/** Whether this database holds the vault's items at all (the vault may be off now yet have been on). */
export async function itemsTableExists(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>(`SELECT to_regclass('vault_item') IS NOT NULL AS found`);
  return rows[0].found;
}

export interface ItemKey {
  council_id: string;
  id: string;
}

/**
 * The next `limit` items after `after` (by council and id, every council, current and replaced
 * alike) whose value is sealed with a key other than `currentKid`: what `hearth keys rewrap`
 * has to re-wrap. Keyset order, so items it leaves (no key opens them) are passed, not met again.
 */
export async function itemsSealedOtherwise(q: Queryable, currentKid: string, after: ItemKey | undefined, limit: number): Promise<ItemKey[]> {
  const { rows } = await q.query<ItemKey>(
    `SELECT council_id, id FROM vault_item
      WHERE value @> '{"hearth_sealed": 1}' AND value->>'kid' IS DISTINCT FROM $1
        AND ($2::uuid IS NULL OR (council_id, id) > ($2::uuid, $3::uuid))
      ORDER BY council_id, id LIMIT $4`,
    [currentKid, after?.council_id ?? null, after?.id ?? null, limit],
  );
  return rows;
}

/** These items' values, locked until the caller's transaction ends (one gone meanwhile, erased, is absent). */
export async function lockItemValues(q: Queryable, keys: ItemKey[]): Promise<Array<ItemKey & { value: unknown }>> {
  if (!keys.length) return [];
  const { rows } = await q.query<ItemKey & { value: unknown }>(
    `SELECT i.council_id, i.id, i.value FROM vault_item i
       JOIN unnest($1::uuid[], $2::uuid[]) AS k (council_id, id) ON i.council_id = k.council_id AND i.id = k.id
      ORDER BY i.council_id, i.id FOR UPDATE OF i`,
    [keys.map((k) => k.council_id), keys.map((k) => k.id)],
  );
  return rows;
}

/** Put values back (the same value with its data key re-wrapped), in one statement. */
export async function setItemValues(q: Queryable, values: Array<ItemKey & { value: unknown }>): Promise<void> {
  if (!values.length) return;
  await q.query(
    `UPDATE vault_item i SET value = v.value::jsonb
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v (council_id, id, value)
      WHERE i.council_id = v.council_id AND i.id = v.id`,
    [values.map((v) => v.council_id), values.map((v) => v.id), values.map((v) => JSON.stringify(v.value))],
  );
}

/** How many items are sealed with this key already (every council). */
export async function countItemsSealedWith(q: Queryable, kid: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM vault_item WHERE value @> '{"hearth_sealed": 1}' AND value->>'kid' = $1`, [kid]);
  return rows[0].n;
}
