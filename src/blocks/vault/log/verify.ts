import type { Queryable } from '../../../platform/db/db.js';
import { chainStretch, entryHashesAt, lastSeq, readHead, sealsOf, type ChainPoint } from '../sql/access-log.js';
import { inCouncil, type CouncilTx } from '../sql/scope.js';
import { GENESIS } from './chain.js';
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

/**
 * Entries checked per query. The database re-computes each hash where the rows are (the same
 * canonical form as chain.ts) and sends back only the stretch's ends and anything broken, so a
 * stretch costs one scan and a few rows over the wire.
 */
const STRETCH = 100_000;
const AHEAD = 3;
const bytes = (value: Uint8Array) => (Buffer.isBuffer(value) ? value : Buffer.from(value));

type Break = NonNullable<Verification['broken']> & { entries: number };

/** The first break in the chain itself (numbers, links, hashes), or undefined; and the last entry checked. */
type Scoped = <T>(read: (tx: CouncilTx) => Promise<T>) => Promise<T>;

async function firstChainBreak(scoped: Scoped, councilId: string, stretchSize: number, onProgress?: (checked: number) => void): Promise<{ last: number; prev: Buffer; broken?: Break }> {
  const upto = await scoped((tx) => lastSeq(tx, councilId));
  let prev: Buffer = GENESIS;
  let last = 0;
  // Stretches are asked for AHEAD at a time (each query keeps one database core busy, and one
  // more than two cores' worth means another is already running as one ends: 423k → 449k–521k
  // entries/s with 100k-entry stretches, three at once, on two cores) and read in order; on one
  // connection (a transaction) they simply queue.
  const pending: Promise<ChainPoint[]>[] = [];
  let next = 0;
  const ask = () => {
    while (pending.length < AHEAD && next < upto) {
      const from = next;
      const to = Math.min(from + stretchSize, upto);
      next = to;
      // `from` and `to`, not `next`: the read runs once its scope has begun, after `next` has moved on.
      const stretch = scoped((tx) => chainStretch(tx, councilId, from, to));
      stretch.catch(() => undefined); // handled when its turn comes; never an unhandled rejection meanwhile
      pending.push(stretch);
    }
  };
  ask();
  while (pending.length) {
    const points = await pending.shift()!;
    ask();
    for (const point of points) {
      // The stretch's first entry follows the last one of the stretch before.
      const before = point.before_seq ?? last;
      const linked = point.before_seq === null ? bytes(point.prev_hash).equals(prev) : point.linked;
      if (point.seq !== before + 1) return { last, prev, broken: { entries: before, seq: before + 1, kind: 'missing', detail: `entry ${before + 1} is missing (the next is ${point.seq})` } };
      if (!linked) return { last, prev, broken: { entries: before, seq: point.seq, kind: 'link', detail: `entry ${point.seq} does not follow entry ${before}: one was inserted, moved or replaced` } };
      if (!point.sound) return { last, prev, broken: { entries: before, seq: point.seq, kind: 'changed', detail: `entry ${point.seq} was changed after it was written` } };
      if (point.last) {
        prev = bytes(point.hash);
        last = point.seq;
      }
    }
    onProgress?.(last);
  }
  return { last, prev };
}

/**
 * Every read in the council's scope (sql/scope.ts): row-level security would otherwise show an
 * empty log, and an empty log is intact. Handed the database, each stretch is a scope of its
 * own, so stretches run side by side on the pool's connections; handed a transaction, in it.
 */
export async function verifyLog(db: Queryable, councilId: string, onProgress?: (checked: number) => void, options: { stretch?: number } = {}): Promise<Verification> {
  const scoped = <T>(read: (tx: CouncilTx) => Promise<T>) => inCouncil(db, councilId, read);
  const seals = await scoped((tx) => sealsOf(tx, councilId));
  const result = (entries: number, broken?: Verification['broken']): Verification => ({ councilId, entries, seals: seals.length, ...(broken ? { broken } : {}) });

  for (const seal of seals) {
    if (!sealHolds(councilId, seal)) return result(0, { seq: seal.seq, kind: 'seal', detail: `the seal of entry ${seal.seq} is not signed by the key it names` });
  }

  const chain = await firstChainBreak(scoped, councilId, options.stretch ?? STRETCH, onProgress);
  // A seal before the chain's first break that no longer matches its entry is the earlier fault.
  const before = seals.filter((s) => s.seq <= chain.last && (!chain.broken || s.seq < chain.broken.seq));
  const hashes = await scoped((tx) => entryHashesAt(tx, councilId, before.map((s) => s.seq)));
  const wrongSeal = before.find((s) => !bytes(s.hash).equals(bytes(hashes.get(s.seq) ?? Buffer.alloc(0))));
  if (wrongSeal) return result(wrongSeal.seq - 1, { seq: wrongSeal.seq, kind: 'seal', detail: `entry ${wrongSeal.seq} is not the entry its seal signed` });
  if (chain.broken) {
    const { entries, ...broken } = chain.broken;
    return result(entries, broken);
  }
  const { last, prev } = chain;

  const lastSeal = seals.at(-1);
  if (lastSeal && lastSeal.seq > last) return result(last, { seq: last + 1, kind: 'seal', detail: `entries from ${last + 1} to at least ${lastSeal.seq} were sealed and are gone` });
  const head = await scoped((tx) => readHead(tx, councilId));
  if ((head?.seq ?? 0) !== last || (head && !bytes(head.hash).equals(prev))) {
    return result(last, { seq: last + 1, kind: 'head', detail: `the log ends at entry ${last} but its head names entry ${head?.seq ?? 0}` });
  }
  return result(last);
}
