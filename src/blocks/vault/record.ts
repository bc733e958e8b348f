import { randomUUID } from 'node:crypto';
import { isSealed, type KeyRing } from '../../platform/crypto/key-ring.js';
import type { Queryable } from '../../platform/db/db.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { sensitivityIn } from './categories.js';
import { allItems, currentItems, insertItem, replaceItems, supersedeItem, type ItemRow } from './sql/items.js';
import { inCouncil, type CouncilTx } from './sql/scope.js';

/**
 * A resident's record items, as values: sensitive categories are sealed at rest (the key ring,
 * each value bound to its row) and opened here. Called by the access gateway for everyone but
 * the resident, and by the resident's own pages for them.
 */

export interface RecordItem {
  id: string;
  category: string;
  value: unknown;
  /** Who made it; `grantee` (a team or partner client id acting under a grant) is not told of its own change. */
  source: { kind: ItemRow['source_kind']; name: string; grantee?: { kind: 'team' | 'partner'; id: string } };
  recordedAt: Date;
}

/** What a sealed item is bound to (its row): a value copied into another row does not open there. */
export const itemContext = (councilId: string, id: string) => `vault-item:${councilId}:${id}`;
const context = itemContext;

export async function readItems(q: Queryable, ring: KeyRing, councilId: string, residentId: string, categories: string[]): Promise<RecordItem[]> {
  const rows = await inCouncil(q, councilId, (tx) => currentItems(tx, councilId, residentId, categories));
  return rows.map((r) => itemOf(ring, councilId, r));
}

/** An item row as a value, opened if sealed. */
export function itemOf(ring: KeyRing, councilId: string, r: ItemRow): RecordItem {
  return {
    id: r.id,
    category: r.category,
    value: isSealed(r.value) ? JSON.parse(ring.open(r.value, context(councilId, r.id))) : r.value,
    source: { kind: r.source_kind, name: r.source_name },
    recordedAt: r.recorded_at,
  };
}

/** The outbox event of every change to a record: what changed, never the values ("tell us once" fans out from it). */
export const RECORD_CHANGED = 'vault.record.changed';

export class UnknownCategory extends Error {}

async function sealerFor(q: CouncilTx, ring: KeyRing, councilId: string, category: string) {
  const sensitivity = await sensitivityIn(q, councilId, category);
  if (!sensitivity) throw new UnknownCategory(`the council has no record category ${category}`);
  return (id: string, value: unknown) => (sensitivity === 'sensitive' ? ring.seal(JSON.stringify(value), context(councilId, id)) : value);
}

/** The change as an event on the outbox, in the same transaction as the change. */
function recordChanged(tx: Queryable, councilId: string, residentId: string, category: string, items: string[], superseded: string[], source: RecordItem['source']) {
  return recordEvent(tx, { councilId, type: RECORD_CHANGED, subject: residentId, data: { residentId, category, items, superseded, source: source.kind, ...(source.grantee ? { grantee: source.grantee } : {}) } });
}

/**
 * Set the values of a category (all of them: an address, a name), superseding the current ones
 * (their history kept). A category the council holds as sensitive (built-in or its own) is
 * sealed. The change and its `vault.record.changed` event are written in one transaction.
 */
export async function writeItems(
  q: Queryable,
  ring: KeyRing,
  councilId: string,
  residentId: string,
  category: string,
  values: unknown[],
  source: RecordItem['source'],
): Promise<string[]> {
  return inCouncil(q, councilId, async (tx) => {
    const seal = await sealerFor(tx, ring, councilId, category);
    const items = values.map((value) => {
      const id = randomUUID();
      return { id, value: seal(id, value) };
    });
    const superseded = await replaceItems(tx, councilId, residentId, category, items, source);
    await recordChanged(tx, councilId, residentId, category, items.map((i) => i.id), superseded, source);
    return items.map((i) => i.id);
  });
}

/**
 * Change one item of a category that holds several (a household member): add one (`replaces`
 * undefined), change one (both), or remove one (`value` undefined). Returns the new item's id
 * (null for a removal), or undefined when `replaces` is not a current item of this resident's
 * category (nothing is written).
 */
export async function changeItem(
  q: Queryable,
  ring: KeyRing,
  councilId: string,
  residentId: string,
  category: string,
  change: { replaces?: string; value?: unknown },
  source: RecordItem['source'],
): Promise<string | null | undefined> {
  return inCouncil(q, councilId, async (tx) => {
    const seal = await sealerFor(tx, ring, councilId, category);
    if (change.replaces && !(await supersedeItem(tx, councilId, residentId, category, change.replaces))) return undefined;
    let id: string | null = null;
    if (change.value !== undefined) {
      id = randomUUID();
      await insertItem(tx, councilId, residentId, category, { id, value: seal(id, change.value) }, source);
    }
    await recordChanged(tx, councilId, residentId, category, id ? [id] : [], change.replaces ? [change.replaces] : [], source);
    return id;
  });
}

export interface HistoryItem extends RecordItem {
  /** When a later value took its place (null: it is current). */
  supersededAt: Date | null;
}

/**
 * Every item the resident holds, current and superseded, newest first within each category
 * (in the categories named, or all): for the resident's own pages and their copy of everything.
 */
export async function itemHistory(q: Queryable, ring: KeyRing, councilId: string, residentId: string, categories?: string[]): Promise<HistoryItem[]> {
  const rows = await inCouncil(q, councilId, (tx) => allItems(tx, councilId, residentId, categories));
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    value: isSealed(r.value) ? JSON.parse(ring.open(r.value, context(councilId, r.id))) : r.value,
    source: { kind: r.source_kind, name: r.source_name },
    recordedAt: r.recorded_at,
    supersededAt: r.superseded_at,
  }));
}
