import { boundingBox, EARTH_RADIUS_M } from '../../../platform/geo/distance.js';
import { blendedScore, type SearchFilterSpec, type SearchSpec } from '../sql/search.js';
import { byCodePoint, type CandidateSet } from './candidate-set.js';

/**
 * A page of a search from its held candidates (candidates.ts), per request: the time filters
 * applied, and with a centre each candidate at its nearest place within the radius, ranked by
 * relevance blended with distance (words) or by distance (no words) — the same order and the
 * same total as the SQL paths of sql/search.ts.
 *
 * Every request used to visit every candidate (its places, its distance, its score), which for
 * the tens of thousands of candidates a need phrase with its related words finds was most of a
 * search's time. Now the work per request is about the page, not the set:
 * - without a centre, the order is the set's own (or, under a time filter, that order with the
 *   closed left out, worked out once per set and moment): a slice;
 * - with a centre, places are grouped in grid cells with a bound on how far each cell's places
 *   lie from its middle. A cell wholly inside the radius adds its count to the total without a
 *   distance measured; only cells the radius's edge crosses are measured place by place. The
 *   page is then read from the cells in order of the best score any of their places could
 *   have, stopping when no cell left could beat the page's last.
 * Bounds are compared with a margin far wider than rounding, so the answer is exactly what
 * measuring every place gives (a test compares them on random sets).
 */

export interface RankedPage {
  page: { serviceId: string; distanceM: number | null }[];
  total: number;
}

/** Relative margin on every bound: far above floating-point rounding, far below a metre. */
const MARGIN = 1e-9;

/** Whether candidate i is open at some time in [from, to). */
function openIn(set: CandidateSet, i: number, from: number, to: number): boolean {
  for (let k = set.openStart[i]; k < set.openStart[i + 1]; k++) {
    if (set.openFrom[k] < to && from < set.openTo[k]) return true;
  }
  return false;
}

/** A set seen through a time filter: who passes, in the set's order, and (with a centre) how many per grid cell. */
interface TimeView {
  open: Uint8Array;
  byRelevance: Uint32Array;
  /** Single-place candidates open per grid cell; -1 until counted. */
  cellCounts?: Int32Array;
}

/** Views kept per set: "open now" moves on every minute, so a few are enough. */
const VIEWS_PER_SET = 4;
const timeViews = new WeakMap<CandidateSet, Map<string, TimeView>>();

function timeView(set: CandidateSet, filters: SearchFilterSpec): TimeView | undefined {
  const { openAt, openWithin } = filters;
  if (openAt === undefined && openWithin === undefined) return undefined;
  const key = `${openAt ?? ''}|${openWithin ? `${openWithin.from}-${openWithin.to}` : ''}`;
  let views = timeViews.get(set);
  if (!views) timeViews.set(set, (views = new Map()));
  const held = views.get(key);
  if (held) return held;
  const open = new Uint8Array(set.size);
  const passing = new Uint32Array(set.size);
  let count = 0;
  for (const i of set.byRelevance) {
    if ((openAt === undefined || openIn(set, i, openAt, openAt + 1)) && (openWithin === undefined || openIn(set, i, openWithin.from, openWithin.to))) {
      open[i] = 1;
      passing[count++] = i;
    }
  }
  const view: TimeView = { open, byRelevance: passing.slice(0, count) };
  views.set(key, view);
  if (views.size > VIEWS_PER_SET) views.delete(views.keys().next().value!);
  return view;
}

export function rankCandidates(set: CandidateSet, spec: SearchSpec): RankedPage {
  const view = timeView(set, spec.filters);
  const wanted = spec.offset + spec.limit;
  if (!spec.near) {
    const order = view ? view.byRelevance : set.byRelevance;
    const page = Array.from(order.subarray(Math.min(spec.offset, order.length), Math.min(wanted, order.length)), (i) => ({ serviceId: set.ids[i], distanceM: null }));
    return { page, total: order.length };
  }
  return rankNear(set, spec, spec.near, view, wanted);
}

interface Entry {
  i: number;
  /** Metres with words; the squared chord without (the page's few become metres at the end). */
  d: number;
  score: number;
}

function rankNear(set: CandidateSet, spec: SearchSpec, near: NonNullable<SearchSpec['near']>, view: TimeView | undefined, wanted: number): RankedPage {
  const grid = placeGrid(set);
  const withWords = Boolean(spec.text);
  const open = view?.open;
  // Distances compare as chords through the Earth (no trigonometry per place); only candidates
  // that may reach the page become metres, through the identity haversine = (chord / 2)².
  const [cx, cy, cz] = unitVector(near.lat, near.lng);
  const radiusChord = 2 * Math.sin(near.radiusM / EARTH_RADIUS_M / 2);
  const radiusChord2 = radiusChord * radiusChord;
  // Clearly inside needs no metres; at the edge a place must be inside both as a chord and in metres (as in SQL).
  const clearlyWithin2 = radiusChord2 * (1 - 4 * MARGIN);
  const within = (chord2: number) => chord2 <= clearlyWithin2 || (chord2 <= radiusChord2 && (!withWords || toMetres(chord2) <= near.radiusM));

  // Best first: score, then distance, name and id (as byScore in sql/search.ts).
  const page: Entry[] = [];
  const before = (a: Entry, b: Entry) => b.score - a.score || a.d - b.d || byCodePoint(set.names[a.i], set.names[b.i]) || byCodePoint(set.ids[a.i], set.ids[b.i]);
  /** Candidate i at its nearest place, onto the page if it belongs there. */
  const offer = (i: number, chord2: number) => {
    if (wanted === 0) return;
    const d = withWords ? toMetres(chord2) : chord2;
    const score = withWords ? blendedScore(set.relevance[i], d) : -chord2;
    // Most candidates fall short of the page's last: no entry is made for them.
    if (page.length === wanted && score < page[wanted - 1].score) return;
    const entry: Entry = { i, d, score };
    if (page.length === wanted && before(entry, page[wanted - 1]) >= 0) return;
    let at = page.length;
    while (at > 0 && before(entry, page[at - 1]) < 0) at--;
    page.splice(at, 0, entry);
    if (page.length > wanted) page.pop();
  };

  // Places are those of the grid cells the radius's bounding box touches (as they always were).
  const box = boundingBox({ lat: near.lat, lng: near.lng }, near.radiusM);
  const rows = [cellRow(box.minLat), cellRow(box.maxLat)];
  const cols = [cellCol(box.minLng), cellCol(box.maxLng)];
  const inBox = (row: number, col: number) => row >= rows[0] && row <= rows[1] && col >= cols[0] && col <= cols[1];

  let total = 0;
  // Candidates with several places, each at its nearest: few, so measured one by one.
  for (const i of grid.multiPlace) {
    let nearest = Infinity;
    for (let k = set.placeStart[i]; k < set.placeStart[i + 1]; k++) {
      if (!inBox(cellRow(set.lat[k]), cellCol(set.lng[k]))) continue;
      const [x, y, z] = unitVector(set.lat[k], set.lng[k]);
      const chord2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
      if (chord2 < nearest) nearest = chord2;
    }
    if (nearest === Infinity || !within(nearest) || (open && !open[i])) continue;
    total++;
    offer(i, nearest);
  }

  // The rest, a cell at a time. Within `spread` of the cell's middle (a straight line, as the
  // chord is), every place is at least `gap - spread` and at most `gap + spread` from the centre.
  const reachable: { cell: number; wholly: boolean; bound: number }[] = [];
  for (let c = 0; c < grid.cells.length; c++) {
    const cell = grid.cells[c];
    if (!inBox(cell.row, cell.col)) continue;
    const gap = Math.hypot(cell.x - cx, cell.y - cy, cell.z - cz);
    const nearestChord = Math.max(0, gap - cell.spread) * (1 - MARGIN);
    if (nearestChord > radiusChord) continue;
    const wholly = (gap + cell.spread) * (1 + MARGIN) < radiusChord;
    if (wholly) total += open ? cellOpenCount(grid, view!, c) : cell.places.length;
    else {
      const { x, y, z, owner } = grid;
      for (const k of cell.places) {
        const dx = x[k] - cx;
        const dy = y[k] - cy;
        const dz = z[k] - cz;
        if ((!open || open[owner[k]]) && within(dx * dx + dy * dy + dz * dz)) total++;
      }
    }
    reachable.push({ cell: c, wholly, bound: bestScoreIn(cell.maxRelevance, nearestChord, withWords, near.radiusM) });
  }

  reachable.sort((a, b) => b.bound - a.bound);
  const { x, y, z, owner } = grid;
  for (const { cell: c, wholly, bound } of reachable) {
    if (page.length === wanted && (wanted === 0 || bound < page[wanted - 1].score)) break;
    for (const k of grid.cells[c].places) {
      const i = owner[k];
      if (open && !open[i]) continue;
      const dx = x[k] - cx;
      const dy = y[k] - cy;
      const dz = z[k] - cz;
      const chord2 = dx * dx + dy * dy + dz * dz;
      if (!wholly && !within(chord2)) continue;
      offer(i, chord2);
    }
  }
  return {
    page: page.slice(spec.offset).map((f) => ({ serviceId: set.ids[f.i], distanceM: withWords ? f.d : toMetres(f.d) })),
    total,
  };
}

const toMetres = (chord2: number) => 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));

/**
 * The highest score a place of a cell could have: the cell's highest relevance at the nearest
 * a place could be (an arc is never shorter than its chord), or without words the nearest a
 * place could be. Rounded up by the margin.
 */
function bestScoreIn(maxRelevance: number, nearestChord: number, withWords: boolean, radiusM: number): number {
  if (!withWords) return -(nearestChord * nearestChord) * (1 - MARGIN);
  // A negative relevance scores best far away; the farthest a result can be is the radius.
  const bound = maxRelevance >= 0 ? blendedScore(maxRelevance, nearestChord * EARTH_RADIUS_M) : blendedScore(maxRelevance, radiusM);
  return bound + Math.abs(bound) * MARGIN;
}

function cellOpenCount(grid: PlaceGrid, view: TimeView, c: number): number {
  const counts = (view.cellCounts ??= new Int32Array(grid.cells.length).fill(-1));
  if (counts[c] < 0) {
    let n = 0;
    for (const k of grid.cells[c].places) n += view.open[grid.owner[k]];
    counts[c] = n;
  }
  return counts[c];
}

function unitVector(lat: number, lng: number): [number, number, number] {
  const phi = (lat * Math.PI) / 180;
  const lambda = (lng * Math.PI) / 180;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/**
 * Which places a search with a centre looks at: those in squares of about 1.1 km by 1 km in
 * Britain that the radius's bounding box touches (the rule the SQL paths' box approximates).
 */
const BOX_CELL_LAT = 0.01;
const BOX_CELL_LNG = 0.015;
const cellRow = (lat: number) => Math.floor(lat / BOX_CELL_LAT);
const cellCol = (lng: number) => Math.floor(lng / BOX_CELL_LNG);
/**
 * The grid's own cells are smaller, a quarter of those squares each way (about 275 m by 250 m): only cells
 * the radius's edge crosses are measured place by place, and the smaller they are, the fewer
 * places lie in them.
 */
const CELL_DIVISIONS = 4;

interface GridCell {
  row: number;
  col: number;
  /** Places of candidates with one place only. */
  places: Uint32Array;
  /** The middle of those places (a point inside the Earth) and the farthest of them from it, as straight lines. */
  x: number;
  y: number;
  z: number;
  spread: number;
  maxRelevance: number;
}

interface PlaceGrid {
  cells: GridCell[];
  /** Candidates with more than one place. */
  multiPlace: Uint32Array;
  /** The candidate each place belongs to. */
  owner: Uint32Array;
  /** Each place as a unit vector from the Earth's centre. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
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
  const byCell = new Map<string, { row: number; col: number; places: number[] }>();
  const multiPlace: number[] = [];
  for (let i = 0; i < set.size; i++) {
    const single = set.placeStart[i + 1] - set.placeStart[i] === 1;
    if (set.placeStart[i + 1] - set.placeStart[i] > 1) multiPlace.push(i);
    for (let k = set.placeStart[i]; k < set.placeStart[i + 1]; k++) {
      owner[k] = i;
      [x[k], y[k], z[k]] = unitVector(set.lat[k], set.lng[k]);
      if (!single) continue;
      const row = cellRow(set.lat[k]);
      const col = cellCol(set.lng[k]);
      const subRow = Math.floor((set.lat[k] / BOX_CELL_LAT - row) * CELL_DIVISIONS);
      const subCol = Math.floor((set.lng[k] / BOX_CELL_LNG - col) * CELL_DIVISIONS);
      const key = `${row} ${col} ${subRow} ${subCol}`;
      const cell = byCell.get(key);
      if (cell) cell.places.push(k);
      else byCell.set(key, { row, col, places: [k] });
    }
  }
  const cells = [...byCell.values()].map(({ row, col, places: ks }): GridCell => {
    let [mx, my, mz] = [0, 0, 0];
    let maxRelevance = -Infinity;
    for (const k of ks) {
      mx += x[k] / ks.length;
      my += y[k] / ks.length;
      mz += z[k] / ks.length;
      maxRelevance = Math.max(maxRelevance, set.relevance[owner[k]]);
    }
    let spread = 0;
    for (const k of ks) spread = Math.max(spread, Math.hypot(x[k] - mx, y[k] - my, z[k] - mz));
    return { row, col, places: Uint32Array.from(ks), x: mx, y: my, z: mz, spread, maxRelevance };
  });
  const grid: PlaceGrid = { cells, multiPlace: Uint32Array.from(multiPlace), owner, x, y, z };
  grids.set(set, grid);
  return grid;
}
