import type { Queryable } from '../../../platform/db/db.js';
import { insertEntries, lockHead, moveHead } from '../sql/access-log.js';
import { entryHash, GENESIS, type AccessEntry } from './chain.js';

/** An access to record: everything but its place in the chain. */
export type NewAccess = Omit<AccessEntry, 'seq' | 'at'> & { at?: Date };

const bytes = (value: Uint8Array) => (Buffer.isBuffer(value) ? value : Buffer.from(value));

/**
 * Append accesses to the council's chain, inside the caller's transaction: so an access exists
 * in the log if and only if the access it records was committed. The head stays locked until
 * that transaction ends; keep the work after this short (append last, just before commit).
 * Returns the entries as chained.
 */
export async function appendAccess(tx: Queryable, councilId: string, accesses: NewAccess[]): Promise<AccessEntry[]> {
  if (!accesses.length) return [];
  const head = await lockHead(tx, councilId, GENESIS);
  let seq = head.seq;
  let prev: Buffer = bytes(head.hash);
  const written: { entry: AccessEntry; prevHash: Buffer; hash: Buffer }[] = [];
  for (const access of accesses) {
    if (access.councilId !== councilId) throw new Error('an access belongs to the chain of its own council');
    // Milliseconds: what both JavaScript and the database hold exactly, so the hash re-computes.
    const at = new Date(Math.floor((access.at ?? new Date()).getTime()));
    const entry: AccessEntry = { ...access, seq: ++seq, at, categories: [...access.categories].sort() };
    const hash = entryHash(prev, entry);
    written.push({ entry, prevHash: prev, hash });
    prev = hash;
  }
  await insertEntries(tx, councilId, written);
  await moveHead(tx, councilId, seq, prev);
  return written.map((w) => w.entry);
}
