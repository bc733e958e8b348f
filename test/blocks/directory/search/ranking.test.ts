import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildCandidateSet } from '../../../../src/blocks/directory/search/candidate-set.js';
import { rankCandidates } from '../../../../src/blocks/directory/search/ranking.js';
import { blendedScore, type CandidateRow, type SearchSpec, type TextSpec } from '../../../../src/blocks/directory/sql/search.js';
import { EARTH_RADIUS_M } from '../../../../src/platform/geo/distance.js';

/**
 * rankCandidates skips most candidates (whole grid cells inside the radius are counted, cells
 * that cannot reach the page are never read). The reference here skips nothing: every place of
 * every candidate measured, every candidate scored, everything sorted. They must agree exactly,
 * page and total, on random sets — dense towns, ties of relevance and name, several places per
 * service, none, opening hours — and random searches.
 */

const unit = (lat: number, lng: number) => {
  const [phi, lambda] = [(lat * Math.PI) / 180, (lng * Math.PI) / 180];
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
};
const toMetres = (chord2: number) => 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));
const byCodePoint = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const ranges = (open: string) => [...open.matchAll(/\[(\d+),(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);

function reference(rows: CandidateRow[], spec: SearchSpec) {
  const { openAt, openWithin } = spec.filters;
  const isOpen = (r: CandidateRow) => {
    const rs = ranges(r.open);
    const openIn = (from: number, to: number) => rs.some(([f, t]) => f < to && from < t);
    return (openAt === undefined || openIn(openAt, openAt + 1)) && (openWithin === undefined || openIn(openWithin.from, openWithin.to));
  };
  const withWords = Boolean(spec.text);
  const found: { r: CandidateRow; d: number; score: number }[] = [];
  for (const r of rows) {
    if (!isOpen(r)) continue;
    if (!spec.near) {
      found.push({ r, d: 0, score: r.relevance });
      continue;
    }
    const [cx, cy, cz] = unit(spec.near.lat, spec.near.lng);
    let nearest = Infinity;
    (r.lats ?? []).forEach((lat, k) => {
      const [x, y, z] = unit(lat, r.lngs![k]);
      nearest = Math.min(nearest, (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
    });
    const radiusChord = 2 * Math.sin(spec.near.radiusM / EARTH_RADIUS_M / 2);
    if (nearest > radiusChord * radiusChord) continue;
    const metres = toMetres(nearest);
    if (withWords && metres > spec.near.radiusM) continue;
    found.push({ r, d: withWords ? metres : nearest, score: withWords ? blendedScore(r.relevance, metres) : -nearest });
  }
  found.sort((a, b) => b.score - a.score || a.d - b.d || byCodePoint(a.r.name, b.r.name) || byCodePoint(a.r.service_id, b.r.service_id));
  return {
    page: found.slice(spec.offset, spec.offset + spec.limit).map((f) => ({ serviceId: f.r.service_id, distanceM: spec.near ? (withWords ? f.d : toMetres(f.d)) : null })),
    total: found.length,
  };
}

// Places around two towns about 6 km apart (many services share a town's few streets), and a few far off.
const TOWNS = [
  [52.55, -1.5],
  [52.6, -1.45],
];
const place = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...TOWNS), fc.double({ min: -0.03, max: 0.03, noNaN: true }), fc.double({ min: -0.045, max: 0.045, noNaN: true })).map(([[lat, lng], a, b]) => [lat + a, lng + b]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TOWNS), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([[lat, lng], a, b]) => [lat + a * 0.0025, lng + b * 0.00375]) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: 51, max: 54, noNaN: true }), fc.double({ min: -3, max: 0, noNaN: true })) },
);
const row = fc.record({
  name: fc.constantFrom('Advice centre', 'Food bank', 'Befriending', 'Carers', 'Zeta'),
  relevance: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  places: fc.oneof({ weight: 6, arbitrary: fc.array(place, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(place, { maxLength: 3 }) }),
  open: fc.constantFrom('{}', '{[540,1020)}', '{[540,1020),[1980,2460)}', '{[0,10080)}', '{[3000,3001)}'),
});
const rows = fc.array(row, { maxLength: 400, size: 'medium' }).map((list) =>
  list.map(
    (r, i): CandidateRow => ({
      service_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: r.name,
      relevance: r.relevance,
      open: r.open,
      lats: r.places.length ? r.places.map((p) => p[0]) : null,
      lngs: r.places.length ? r.places.map((p) => p[1]) : null,
    }),
  ),
);
const search = fc.record({
  words: fc.boolean(),
  near: fc.option(fc.record({ town: fc.constantFrom(...TOWNS), dLat: fc.double({ min: -0.05, max: 0.05, noNaN: true }), dLng: fc.double({ min: -0.07, max: 0.07, noNaN: true }), radiusM: fc.constantFrom(100, 500, 1000, 3000, 5000, 8000, 20000, 200000) }), { nil: undefined }),
  openAt: fc.option(fc.constantFrom(600, 2000, 5000), { nil: undefined }),
  openWithin: fc.option(fc.constantFrom({ from: 0, to: 1440 }, { from: 1440, to: 2880 }), { nil: undefined }),
  offset: fc.constantFrom(0, 0, 3, 10, 50),
  limit: fc.constantFrom(1, 10, 20),
});

interface Search {
  words: boolean;
  near?: { town: number[]; dLat: number; dLng: number; radiusM: number };
  openAt?: number;
  openWithin?: { from: number; to: number };
  offset: number;
  limit: number;
}

const specOf = (s: Search): SearchSpec => ({
  councilId: 'c',
  filters: { ...(s.openAt !== undefined ? { openAt: s.openAt } : {}), ...(s.openWithin ? { openWithin: s.openWithin } : {}) },
  text: s.words ? ({ mode: 'all', query: 'x', words: ['x'] } as unknown as TextSpec) : undefined,
  near: s.near ? { lat: s.near.town[0] + s.near.dLat, lng: s.near.town[1] + s.near.dLng, radiusM: s.near.radiusM } : undefined,
  limit: s.limit,
  offset: s.offset,
  nowMinute: 0,
});

describe('directory search: ranking held candidates', () => {
  it('gives the page and total that measuring and sorting every candidate gives', () => {
    fc.assert(
      fc.property(rows, fc.array(search, { minLength: 1, maxLength: 8 }), (list, searches) => {
        const set = buildCandidateSet(list);
        // Several searches of one set: what a set keeps between searches (its grid, its views) must not leak.
        for (const s of searches) {
          const spec = specOf(s);
          assert.deepEqual(rankCandidates(set, spec), reference(list, spec), JSON.stringify(s));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('finds the nearest services of a crowded town in order, counting every one within the radius', () => {
    // 3,000 services on a 60 m lattice: most cells lie wholly inside the radius, so the total
    // comes from cell counts and the page from the few cells nearest the centre.
    const list: CandidateRow[] = [];
    for (let a = 0; a < 60; a++) for (let b = 0; b < 50; b++) {
      list.push({ service_id: `s${String(list.length).padStart(5, '0')}`, name: 'Service', relevance: (a * b) % 7 === 0 ? 1 : 0.5, open: '{}', lats: [52.55 + a * 0.00054], lngs: [-1.5 + b * 0.00088] });
    }
    const set = buildCandidateSet(list);
    for (const near of [{ lat: 52.566, lng: -1.478, radiusM: 800 }, { lat: 52.566, lng: -1.478, radiusM: 20_000 }, { lat: 52.55, lng: -1.5, radiusM: 1500 }]) {
      for (const words of [false, true]) {
        const spec = specOf({ words, near: { town: [near.lat, near.lng], dLat: 0, dLng: 0, radiusM: near.radiusM }, offset: 0, limit: 10 });
        const ranked = rankCandidates(set, spec);
        assert.deepEqual(ranked, reference(list, spec));
        assert.ok(ranked.total > 0 && ranked.page.length === 10);
      }
    }
  });
});
