import type { Queryable } from '../../../platform/db/db.js';
import { boundingBox, EARTH_RADIUS_M } from '../../../platform/geo/distance.js';

const rad = (deg: number) => (deg * Math.PI) / 180;
import { multirangeBounds } from './opening-hours.js';
import { blendedScore, searchCandidates, searchGeneration, type CandidateRow, type SearchFilterSpec, type SearchSpec, type TextSpec } from '../sql/search.js';

/**
 * The candidate cache: a search's expensive part in memory, its cheap part per request.
 *
 * Which services match a query's words and filters, and how relevant each is, does not depend
 * on where or when the search is asked; residents ask the same few hundred need phrases from
 * thousands of different postcodes. So that part is read from the database once per (words,
 * filters) and kept here with each service's places and weekly opening minutes; each request
 * then only measures distances, applies "open now" or a day and time, and picks its page, in
 * memory — milliseconds for tens of thousands of candidates, where ranking them in SQL took
 * tens or hundreds.
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

/** One search's candidates in columns (typed arrays keep a 100k-candidate set to a few MB). */
export interface CandidateSet {
  size: number;
  ids: string[];
  names: string[];
  relevance: Float64Array;
  /** Places of candidate i are placeStart[i] .. placeStart[i + 1] - 1. */
  placeStart: Uint32Array;
  lat: Float64Array;
  lng: Float64Array;
  /** Opening ranges [from, to) of candidate i are openStart[i] .. openStart[i + 1] - 1. */
  openStart: Uint32Array;
  openFrom: Int32Array;
  openTo: Int32Array;
  /** Candidate indexes best first (relevance, then name, then id): the order without a centre. */
  byRelevance: Uint32Array;
}

export { multirangeBounds };

/** Code-point order, as `COLLATE "C"`. */
const byCodePoint = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function buildCandidateSet(rows: CandidateRow[]): CandidateSet {
  const size = rows.length;
  let places = 0;
  let ranges = 0;
  const parsedRanges: number[][] = rows.map((r) => {
    const out = multirangeBounds(r.open);
    ranges += out.length / 2;
    places += r.lats?.length ?? 0;
    return out;
  });
  const set: CandidateSet = {
    size,
    ids: rows.map((r) => r.service_id),
    names: rows.map((r) => r.name),
    relevance: Float64Array.from(rows, (r) => Number(r.relevance)),
    placeStart: new Uint32Array(size + 1),
    lat: new Float64Array(places),
    lng: new Float64Array(places),
    openStart: new Uint32Array(size + 1),
    openFrom: new Int32Array(ranges),
    openTo: new Int32Array(ranges),
    byRelevance: new Uint32Array(size),
  };
  let p = 0;
  let o = 0;
  rows.forEach((r, i) => {
    set.placeStart[i] = p;
    const lats = r.lats ?? [];
    const lngs = r.lngs ?? [];
    for (let k = 0; k < lats.length; k++, p++) {
      set.lat[p] = lats[k];
      set.lng[p] = lngs[k];
    }
    set.openStart[i] = o;
    const rs = parsedRanges[i];
    for (let k = 0; k < rs.length; k += 2, o++) {
      set.openFrom[o] = rs[k];
      set.openTo[o] = rs[k + 1];
    }
  });
  set.placeStart[size] = p;
  set.openStart[size] = o;
  const order = Array.from({ length: size }, (_, i) => i);
  order.sort((a, b) => set.relevance[b] - set.relevance[a] || byCodePoint(set.names[a], set.names[b]) || byCodePoint(set.ids[a], set.ids[b]));
  set.byRelevance.set(order);
  return set;
}

/** Whether candidate i is open at minute `at`, or at some time in [from, to). */
function openIn(set: CandidateSet, i: number, from: number, to: number): boolean {
  for (let k = set.openStart[i]; k < set.openStart[i + 1]; k++) {
    if (set.openFrom[k] < to && from < set.openTo[k]) return true;
  }
  return false;
}

export interface RankedPage {
  page: { serviceId: string; distanceM: number | null }[];
  total: number;
}

/**
 * The page of a search from its candidates: the time filters applied, and with a centre each
 * candidate at its nearest place within the radius, ranked by relevance blended with distance
 * (words) or by distance (no words) — the same order as the SQL paths of sql/search.ts.
 */
export function rankCandidates(set: CandidateSet, spec: SearchSpec): RankedPage {
  const { openAt, openWithin } = spec.filters;
  const timeOk = (i: number) =>
    (openAt === undefined || openIn(set, i, openAt, openAt + 1)) && (openWithin === undefined || openIn(set, i, openWithin.from, openWithin.to));
  const wanted = spec.offset + spec.limit;

  if (!spec.near) {
    const page: RankedPage['page'] = [];
    let total = 0;
    for (const i of set.byRelevance) {
      if (!timeOk(i)) continue;
      if (total >= spec.offset && total < wanted) page.push({ serviceId: set.ids[i], distanceM: null });
      total++;
    }
    return { page, total };
  }

  const near = spec.near;
  const box = boundingBox({ lat: near.lat, lng: near.lng }, near.radiusM);
  const withWords = Boolean(spec.text);
  // Distances compare as chords through the Earth (no trigonometry per place); only each
  // candidate's nearest becomes metres, through the identity haversine = (chord / 2)².
  const [cx, cy, cz] = unitVector(near.lat, near.lng);
  const radiusChord = 2 * Math.sin(near.radiusM / EARTH_RADIUS_M / 2);
  const grid = placeGrid(set);
  const best = grid.nearest;
  const touched = nearestChords(grid, box, cx, cy, cz);
  const radiusChord2 = radiusChord * radiusChord;
  const toMetres = (chord2: number) => 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));
  // Best first: score, then distance, name and id (as byScore in sql/search.ts). Without words
  // the score is the distance itself, so only the page's few candidates become metres.
  const page: { i: number; d: number; score: number }[] = [];
  const before = (a: { i: number; d: number; score: number }, b: { i: number; d: number; score: number }) =>
    b.score - a.score || a.d - b.d || byCodePoint(set.names[a.i], set.names[b.i]) || byCodePoint(set.ids[a.i], set.ids[b.i]);
  let total = 0;
  for (const i of touched) {
    const chord2 = best[i];
    best[i] = Infinity;
    if (chord2 > radiusChord2 || !timeOk(i)) continue;
    const d = withWords ? toMetres(chord2) : chord2;
    if (withWords && d > near.radiusM) continue;
    total++;
    const score = withWords ? blendedScore(set.relevance[i], d) : -d;
    if (page.length === wanted) {
      const last = page[wanted - 1];
      if (score < last.score || (score === last.score && before({ i, d, score }, last) >= 0)) continue;
    }
    let at = page.length;
    const item = { i, d, score };
    while (at > 0 && before(item, page[at - 1]) < 0) at--;
    page.splice(at, 0, item);
    if (page.length > wanted) page.pop();
  }
  return {
    page: page.slice(spec.offset).map((f) => ({ serviceId: set.ids[f.i], distanceM: withWords ? f.d : toMetres(f.d) })),
    total,
  };
}

/**
 * For each candidate with a place in the box, the squared chord to its nearest one (left in
 * `grid.nearest`); returns those candidates. Kept apart and purely numeric so the engine
 * compiles it tight: it is the loop every search with a centre runs.
 */
function nearestChords(grid: PlaceGrid, box: { minLat: number; maxLat: number; minLng: number; maxLng: number }, cx: number, cy: number, cz: number): Uint32Array {
  const best = grid.nearest;
  const { x, y, z, owner } = grid;
  let touched = grid.touched;
  let count = 0;
  const lastRow = Math.floor(box.maxLat / CELL_LAT);
  const lastCol = Math.floor(box.maxLng / CELL_LNG);
  for (let row = Math.floor(box.minLat / CELL_LAT); row <= lastRow; row++) {
    for (let col = Math.floor(box.minLng / CELL_LNG); col <= lastCol; col++) {
      const cell = grid.cells.get(cellKey(row, col));
      if (cell === undefined) continue;
      for (let n = 0; n < cell.length; n++) {
        const k = cell[n];
        const dx = x[k] - cx;
        const dy = y[k] - cy;
        const dz = z[k] - cz;
        const chord2 = dx * dx + dy * dy + dz * dz;
        const i = owner[k];
        if (best[i] === Infinity) {
          if (count === touched.length) {
            const grown = new Uint32Array(Math.max(1024, touched.length * 2));
            grown.set(touched);
            grid.touched = touched = grown;
          }
          touched[count++] = i;
        }
        if (chord2 < best[i]) best[i] = chord2;
      }
    }
  }
  return touched.subarray(0, count);
}

function unitVector(lat: number, lng: number): [number, number, number] {
  const phi = rad(lat);
  const lambda = rad(lng);
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** Grid cells of about 1.1 km by 1 km in Britain: a search reads only the cells its radius reaches. */
const CELL_LAT = 0.01;
const CELL_LNG = 0.015;
const cellKey = (row: number, col: number) => (row + 20_000) * 100_000 + (col + 50_000);

interface PlaceGrid {
  /** Place indexes by cell. */
  cells: Map<number, Uint32Array>;
  /** The candidate each place belongs to. */
  owner: Uint32Array;
  /** Each place as a unit vector from the Earth's centre. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Scratch: the candidates a search reached. */
  touched: Uint32Array;
  /** Scratch, one per candidate, Infinity between searches (ranking is synchronous, so one buffer serves all). */
  nearest: Float64Array;
}

const grids = new WeakMap<CandidateSet, PlaceGrid>();

/** The set's places by grid cell, built on its first search with a centre. */
function placeGrid(set: CandidateSet): PlaceGrid {
  const built = grids.get(set);
  if (built) return built;
  const places = set.lat.length;
  const owner = new Uint32Array(places);
  const x = new Float64Array(places);
  const y = new Float64Array(places);
  const z = new Float64Array(places);
  const byCell = new Map<number, number[]>();
  for (let i = 0; i < set.size; i++) {
    for (let k = set.placeStart[i]; k < set.placeStart[i + 1]; k++) {
      owner[k] = i;
      [x[k], y[k], z[k]] = unitVector(set.lat[k], set.lng[k]);
      const key = cellKey(Math.floor(set.lat[k] / CELL_LAT), Math.floor(set.lng[k] / CELL_LNG));
      const cell = byCell.get(key);
      if (cell) cell.push(k);
      else byCell.set(key, [k]);
    }
  }
  const grid: PlaceGrid = {
    cells: new Map([...byCell].map(([key, places]) => [key, Uint32Array.from(places)])),
    owner,
    x,
    y,
    z,
    touched: new Uint32Array(1024),
    nearest: new Float64Array(set.size).fill(Infinity),
  };
  grids.set(set, grid);
  return grid;
}


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
