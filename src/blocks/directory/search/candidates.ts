import type { Queryable } from '../../../platform/db/db.js';
import { searchCandidates, searchGeneration, type SearchFilterSpec, type SearchSpec, type TextSpec } from '../sql/search.js';
import { buildCandidateSet, type CandidateSet } from './candidate-set.js';

export { buildCandidateSet, type CandidateSet } from './candidate-set.js';
export { rankCandidates, type RankedPage } from './ranking.js';

/**
 * The candidate cache: a search's expensive part in memory, its cheap part per request.
 *
 * Which services match a query's words and filters, and how relevant each is, does not depend
 * on where or when the search is asked; residents ask the same few hundred need phrases from
 * thousands of different postcodes. So that part is read from the database once per (words,
 * filters) and kept here with each service's places and weekly opening minutes; each request
 * then only measures distances, applies "open now" or a day and time, and picks its page, in
 * memory (ranking.ts) — well under a millisecond for tens of thousands of candidates, where
 * ranking them in SQL took tens or hundreds.
 *
 * Freshness: a set belongs to a generation of the council's search index (a counter the
 * database moves whenever the index changes, 003_search_generation.sql). The current
 * generation is asked at most once every `maxStalenessMs`, and at once after this process
 * changed the index, so any number of processes can serve from memory and none answers from
 * an index older than that.
 */

export const candidateTuning = {
  /** Whether searches use the cache at all (tests compare both ways; benchmarks report both). */
  enabled: process.env.HEARTH_SEARCH_CACHE !== 'off',
  /** Sets larger than this are not held; such searches run in SQL as before. */
  maxSetSize: 200_000,
  /** Candidates held in all, across sets; the least recently used sets go first. */
  maxTotalSize: 2_000_000,
  maxStalenessMs: 1000,
};

/** Tests open many databases in one process: everything here is per database object. */
const databaseIds = new WeakMap<Queryable, number>();
let nextDatabaseId = 1;
const databaseId = (db: Queryable) => databaseIds.get(db) ?? (databaseIds.set(db, nextDatabaseId), nextDatabaseId++);

/** The generation each (database, council) was last seen at, and when it was asked. */
const generations = new Map<string, { generation: string; checkedAt: number }>();
/** Sets held, keyed by database, council and search; Map order is least recently used first. */
const held = new Map<string, { council: string; generation: string; set: CandidateSet }>();
let heldSize = 0;

function keyOf(text: TextSpec | undefined, filters: SearchFilterSpec): string {
  const { openAt: _a, openWithin: _w, ...timeless } = filters;
  return JSON.stringify([text ?? null, timeless]);
}

function drop(key: string): void {
  const entry = held.get(key);
  if (!entry) return;
  held.delete(key);
  heldSize -= entry.set.size;
}

async function currentGeneration(db: Queryable, council: string): Promise<string> {
  const known = generations.get(council);
  const now = Date.now();
  if (known && now - known.checkedAt < candidateTuning.maxStalenessMs) return known.generation;
  const generation = await searchGeneration(db, council.slice(council.indexOf('|') + 1));
  if (known && known.generation !== generation) for (const [key, entry] of held) if (entry.council === council) drop(key);
  generations.set(council, { generation, checkedAt: now });
  return generation;
}

/** The council's index generation as this process knows it (asked at most once every `maxStalenessMs`). */
export function indexGeneration(db: Queryable, councilId: string): Promise<string> {
  return currentGeneration(db, `${databaseId(db)}|${councilId}`);
}

/**
 * The candidates of a search, from memory or read now; undefined when there are too many to
 * hold (the caller searches in SQL instead).
 */
export async function candidatesFor(db: Queryable, spec: SearchSpec): Promise<CandidateSet | undefined> {
  const council = `${databaseId(db)}|${spec.councilId}`;
  const generation = await currentGeneration(db, council);
  const key = `${council}|${keyOf(spec.text, spec.filters)}`;
  const hit = held.get(key);
  if (hit && hit.generation === generation) {
    held.delete(key);
    held.set(key, hit);
    return hit.set;
  }
  const rows = await searchCandidates(db, spec.councilId, spec.text, spec.filters, candidateTuning.maxSetSize);
  if (rows.length > candidateTuning.maxSetSize) return undefined;
  const set = buildCandidateSet(rows);
  // Keep it only if the index did not move while it was read.
  if (generations.get(council)?.generation === generation) {
    drop(key);
    held.set(key, { council, generation, set });
    heldSize += set.size;
    for (const old of held.keys()) {
      if (heldSize <= candidateTuning.maxTotalSize) break;
      drop(old);
    }
  }
  return set;
}

/**
 * Ask the database again before the next search of this council (this process has just
 * changed its index). A search running before that change commits may still keep the old
 * generation for up to `maxStalenessMs`.
 */
export function forgetCandidates(councilId: string): void {
  for (const [council, known] of generations) if (council.endsWith(`|${councilId}`)) known.checkedAt = -Infinity;
}

/** Small values derived from a council's index (how a query's words read), per generation. */
const memos = new Map<string, { generation: string; value: unknown }>();
const MAX_MEMOS = 10_000;

/** `compute()`, remembered until the council's index changes. */
export async function memoPerGeneration<T>(db: Queryable, councilId: string, key: string, compute: () => Promise<T>): Promise<T> {
  const council = `${databaseId(db)}|${councilId}`;
  const generation = await currentGeneration(db, council);
  const full = `${council}|${key}`;
  const hit = memos.get(full);
  if (hit && hit.generation === generation) return hit.value as T;
  const value = await compute();
  memos.delete(full);
  memos.set(full, { generation, value });
  if (memos.size > MAX_MEMOS) memos.delete(memos.keys().next().value!);
  return value;
}
