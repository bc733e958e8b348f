import type { Queryable } from '../../../platform/db/db.js';
import { inCouncil, type CouncilTx } from '../sql/scope.js';
import { insertEntries, insertPending, moveHead, type PendingAccess } from '../sql/access-log.js';
import { entryHash, type AccessEntry } from './chain.js';

/** An access to record: everything but its place in the chain. */
export type NewAccess = Omit<AccessEntry, 'seq' | 'at'> & { at?: Date };

const bytes = (value: Uint8Array) => (Buffer.isBuffer(value) ? value : Buffer.from(value));

/** The access as the log keeps it: its time in milliseconds, its categories in order. */
function normalised(councilId: string, access: NewAccess): PendingAccess {
  if (access.councilId !== councilId) throw new Error('an access belongs to the log of its own council');
  // Milliseconds: what both JavaScript and the database hold exactly, so the hash re-computes.
  return { ...access, at: new Date(Math.floor((access.at ?? new Date()).getTime())), categories: [...access.categories].sort() };
}

/**
 * Record accesses inside the caller's transaction: so an access exists in the log if and only if
 * the access it records was committed. No lock is taken (accesses in a council never wait on one
 * another); the next chaining pass (chainer.ts) numbers and hashes them, within a second.
 */
export async function recordAccess(tx: Queryable, councilId: string, accesses: NewAccess[]): Promise<void> {
  const entries = accesses.map((a) => normalised(councilId, a));
  // In the caller's scope (the gateway's, erasure's): naming the council again costs nothing there.
  await inCouncil(tx, councilId, (scoped) => insertPending(scoped, councilId, entries));
}

/**
 * Append accesses to the council's chain after `head`, whose row the caller holds locked (a
 * chaining pass; a benchmark or test loading a log). Returns the entries as chained and the new head.
 */
export async function appendAfter(tx: CouncilTx, councilId: string, head: { seq: number; hash: Uint8Array }, accesses: NewAccess[]): Promise<AccessEntry[]> {
  if (!accesses.length) return [];
  let seq = head.seq;
  let prev: Buffer = bytes(head.hash);
  const written: { entry: AccessEntry; prevHash: Buffer; hash: Buffer }[] = [];
  for (const access of accesses) {
    const entry: AccessEntry = { ...normalised(councilId, access), seq: ++seq };
    const hash = entryHash(prev, entry);
    written.push({ entry, prevHash: prev, hash });
    prev = hash;
  }
  await insertEntries(tx, councilId, written);
  await moveHead(tx, councilId, seq, prev);
  return written.map((w) => w.entry);
}
