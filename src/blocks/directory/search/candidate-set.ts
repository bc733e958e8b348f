import type { CandidateRow } from '../sql/search.js';
import { multirangeBounds } from './opening-hours.js';

/**
 * A search's candidates as the candidate cache holds them (candidates.ts): in columns, every
 * service's places and weekly opening minutes in flat typed arrays, and the order without a
 * centre worked out once.
 */

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

/** Code-point order, as `COLLATE "C"`. */
export const byCodePoint = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

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
