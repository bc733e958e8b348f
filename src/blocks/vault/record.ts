import { randomUUID } from 'node:crypto';
import { isSealed, type KeyRing } from '../../platform/crypto/key-ring.js';
import type { Queryable } from '../../platform/db/db.js';
import { sensitivityOf } from './categories.js';
import { currentItems, replaceItems, type ItemRow } from './sql/items.js';

/**
 * A resident's record items, as values: sensitive categories are sealed at rest (the key ring,
 * each value bound to its row) and opened here. Called by the access gateway for everyone but
 * the resident, and by the resident's own pages for them.
 */

export interface RecordItem {
  id: string;
  category: string;
  value: unknown;
  source: { kind: ItemRow['source_kind']; name: string };
  recordedAt: Date;
}

const context = (councilId: string, id: string) => `vault-item:${councilId}:${id}`;

export async function readItems(q: Queryable, ring: KeyRing, councilId: string, residentId: string, categories: string[]): Promise<RecordItem[]> {
  const rows = await currentItems(q, councilId, residentId, categories);
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    value: isSealed(r.value) ? JSON.parse(ring.open(r.value, context(councilId, r.id))) : r.value,
    source: { kind: r.source_kind, name: r.source_name },
    recordedAt: r.recorded_at,
  }));
}

export async function writeItems(
  q: Queryable,
  ring: KeyRing,
  councilId: string,
  residentId: string,
  category: string,
  values: unknown[],
  source: RecordItem['source'],
): Promise<void> {
  const sensitive = sensitivityOf(category) === 'sensitive';
  const items = values.map((value) => {
    const id = randomUUID();
    return { id, value: sensitive ? ring.seal(JSON.stringify(value), context(councilId, id)) : value };
  });
  await replaceItems(q, councilId, residentId, category, items, source);
}
