import type { Queryable } from '../../../platform/db/db.js';
import { entriesAfter, entryOf, readHead, sealsOf } from '../sql/access-log.js';
import { entryHash, GENESIS } from './chain.js';
import { sealHolds } from './seal.js';

/**
 * Check a council's access log from its first entry: every entry's hash re-computed from its
 * fields and the hash before it, the numbers without gaps, the head where the last entry is,
 * and every seal's signature and hash. Stops at the first thing wrong and names it.
 */

export type BreakKind =
  /** An entry's fields no longer give its hash: it was edited. */
  | 'changed'
  /** An entry does not follow the one before it: one was inserted, moved or replaced. */
  | 'link'
  /** A number is missing: an entry was deleted. */
  | 'missing'
  /** The head does not name the last entry: entries were removed from the end, or added around the log. */
  | 'head'
  /** A seal does not hold, or the log no longer has the entry a seal signed. */
  | 'seal';

export interface Verification {
  councilId: string;
  /** Entries checked (up to the first broken one). */
  entries: number;
  seals: number;
  broken?: { seq: number; kind: BreakKind; detail: string };
}

const BATCH = 20_000;
const bytes = (value: Uint8Array) => (Buffer.isBuffer(value) ? value : Buffer.from(value));

export async function verifyLog(db: Queryable, councilId: string, onProgress?: (checked: number) => void): Promise<Verification> {
  const seals = await sealsOf(db, councilId);
  const sealAt = new Map(seals.map((s) => [s.seq, s]));
  const result = (entries: number, broken?: Verification['broken']): Verification => ({ councilId, entries, seals: seals.length, ...(broken ? { broken } : {}) });

  for (const seal of seals) {
    if (!sealHolds(councilId, seal)) return result(0, { seq: seal.seq, kind: 'seal', detail: `the seal of entry ${seal.seq} is not signed by the key it names` });
  }

  let prev: Buffer = GENESIS;
  let last = 0;
  for (;;) {
    const rows = await entriesAfter(db, councilId, last, BATCH);
    for (const row of rows) {
      const entry = entryOf(councilId, row);
      const expected = last + 1;
      if (entry.seq !== expected) return result(last, { seq: expected, kind: 'missing', detail: `entry ${expected} is missing (the next is ${entry.seq})` });
      if (!bytes(row.prev_hash).equals(prev)) return result(last, { seq: entry.seq, kind: 'link', detail: `entry ${entry.seq} does not follow entry ${last}: one was inserted, moved or replaced` });
      const hash = entryHash(prev, entry);
      if (!hash.equals(bytes(row.hash))) return result(last, { seq: entry.seq, kind: 'changed', detail: `entry ${entry.seq} was changed after it was written` });
      const seal = sealAt.get(entry.seq);
      if (seal && !bytes(seal.hash).equals(hash)) return result(last, { seq: entry.seq, kind: 'seal', detail: `entry ${entry.seq} is not the entry its seal signed` });
      prev = hash;
      last = entry.seq;
    }
    onProgress?.(last);
    if (rows.length < BATCH) break;
  }

  const lastSeal = seals.at(-1);
  if (lastSeal && lastSeal.seq > last) return result(last, { seq: last + 1, kind: 'seal', detail: `entries from ${last + 1} to at least ${lastSeal.seq} were sealed and are gone` });
  const head = await readHead(db, councilId);
  if ((head?.seq ?? 0) !== last || (head && !bytes(head.hash).equals(prev))) {
    return result(last, { seq: last + 1, kind: 'head', detail: `the log ends at entry ${last} but its head names entry ${head?.seq ?? 0}` });
  }
  return result(last);
}
