import type { Queryable } from '../../../platform/db/db.js';
import { boundingBox, haversineSql } from '../../../platform/geo/distance.js';
import { multirangeBounds, nextOpening } from '../search/opening-hours.js';

/**
 * All SQL of directory search: the queries that answer a search, and (further down) the
 * set-based statements that rebuild the search index from the ORUK tables.
 */

/** Collects positional parameters while a statement is assembled; values never enter the SQL text. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

export interface SearchFilterSpec {
  age?: number;
  free?: boolean;
  /** Minute of the week the service must be open at. */
  openAt?: number;
  /** Stretch of the week [from, to) the service must be open at some time in. */
  openWithin?: { from: number; to: number };
  language?: string;
  /** Every one of these. */
  accessibility?: string[];
  /** Any of these. */
  delivery?: string[];
  /** Any of these (ancestors are in the index, so a parent term finds its children). */
  termIds?: string[];
}

export interface TextSpec {
  /** 'all': the words as typed, read by websearch_to_tsquery (AND, "phrases", -not). 'any': OR of `words`. */
  mode: 'all' | 'any';
  query: string;
  /** Plain lower-case words (letters and digits only) for 'any'. */
  words: string[];
  /** Names of the needs the query named, as a tsquery of plain words (`food & bank | rent & arrears`). */
  needQuery?: string;
  /** Needs the query named: services tagged with them are candidates and rank first. */
  specificNeedIds: string[];
  /** Broader needs the query also named: a smaller boost, no extra candidates. */
  broadNeedIds: string[];
  /** Share of the query's words the need phrases cover (0..1): how much a need tag counts. */
  needWeight: number;
  /**
   * Words listings may use instead of the resident's (search/thesaurus.ts), as a tsquery text of
   * plain words: a service whose document matches is a candidate, ranked below any that has the
   * resident's own words.
   */
  relatedQuery?: string;
  /** The age asked for (the `age` filter): services meant for that age rank above those open to all ages. */
  age?: number;
  /**
   * Services to rank lower whatever their match (services for people who harm, for a victim's
   * words: search/audiences.ts): those tagged with one of `termIds` (or a narrower term) or
   * whose document matches `described` (a to_tsquery text) have their relevance multiplied by `factor`.
   */
  demote?: { termIds: string[]; described: string; factor: number };
}

export interface NearSpec {
  lat: number;
  lng: number;
  radiusM: number;
}

export interface SearchSpec {
  councilId: string;
  filters: SearchFilterSpec;
  text?: TextSpec;
  near?: NearSpec;
  limit: number;
  offset: number;
  /** Minute of the week now (Europe/London), for each result's `open_now`. */
  nowMinute: number;
}

export interface SearchRow {
  service_id: string;
  name: string;
  summary: string;
  organization_id: string | null;
  organization_name: string | null;
  distance_m: number | null;
  open_now: boolean;
  free: boolean;
  min_age: number | null;
  max_age: number | null;
  delivery: string[];
  languages: string[];
  terms: { id: string; name: string }[];
  /** A date ('2025-07-02', Europe/London). */
  last_checked: string | null;
  /** When it next opens, in minutes of the week (Europe/London) from now's week; null when unknown or open now. */
  opens_next: number | null;
  place_name: string | null;
  place_address: string | null;
  place_postcode: string | null;
}

export interface SearchPage {
  rows: SearchRow[];
  total: number;
  /** True when `total` was counted only up to a cap (a lower bound). */
  totalIsEstimate: boolean;
}

/** Counts beyond this are reported as "at least": counting every match costs more than it tells. */
export const COUNT_CAP = 500;

/** Relevance weights of the document's four classes {D, C, B, A}: places, description, term names, name. */
const RANK_WEIGHTS = `'{0.1, 0.2, 0.4, 1.0}'`;

/**
 * The locally flat point of a place (see the GiST index in 002_search.sql): this exact
 * expression is what the index is built on.
 */
const PLACE_POINT = 'point(p.longitude * cos(radians(p.latitude)), p.latitude)';

/** Metres at which a result's relevance is halved when a centre is given (see `blendedScore`). */
export const HALF_SCORE_DISTANCE_M = 3000;

/**
 * Relevance blended with distance: divided by (1 + km / 3), so a service 3 km away needs twice
 * the relevance of one on the doorstep to rank beside it. Strong matches across town stay
 * above weak ones next door, and distance is never ignored.
 */
export function blendedScore(relevance: number, distanceM: number): number {
  return relevance / (1 + distanceM / HALF_SCORE_DISTANCE_M);
}

function filterConditions(f: SearchFilterSpec, p: Params): string[] {
  const c: string[] = [];
  if (f.age !== undefined) {
    const age = p.add(f.age, 'int');
    c.push(`(s.min_age IS NULL OR s.min_age <= ${age})`, `(s.max_age IS NULL OR s.max_age >= ${age})`);
  }
  if (f.free) c.push('s.free');
  if (f.openAt !== undefined) c.push(`s.open_minutes @> ${p.add(f.openAt, 'int4')}`);
  if (f.openWithin) c.push(`s.open_minutes && int4range(${p.add(f.openWithin.from, 'int4')}, ${p.add(f.openWithin.to, 'int4')})`);
  if (f.language) c.push(`s.languages @> ARRAY[${p.add(f.language, 'text')}]`);
  if (f.accessibility?.length) c.push(`s.accessibility @> ${p.add(f.accessibility, 'text[]')}`);
  if (f.delivery?.length) c.push(`s.delivery && ${p.add(f.delivery, 'text[]')}`);
  if (f.termIds?.length) c.push(`s.taxonomy_term_ids && ${p.add(f.termIds, 'uuid[]')}`);
  return c;
}

const and = (conditions: string[]) => conditions.map((c) => ` AND ${c}`).join('');

interface NearSql {
  /** Haversine distance of place `p` from the centre, in metres. */
  distance(): string;
  /** Bounding box of place `p`: a cheap test before the haversine one. */
  box(): string;
  /** The centre in the GiST's point space, for nearest-first scans. */
  gistCentre(): string;
  radius(): string;
}

function nearSql(near: NearSpec, p: Params): NearSql {
  const b = boundingBox({ lat: near.lat, lng: near.lng }, near.radiusM);
  // Parameters are added when a part is first used: PostgreSQL refuses parameters a statement never mentions.
  const centre = once(() => `${p.add(near.lat, 'float8')}|${p.add(near.lng, 'float8')}`);
  return {
    distance: once(() => {
      const [lat, lng] = centre().split('|');
      return haversineSql('p.latitude', 'p.longitude', lat, lng);
    }),
    box: once(
      () =>
        `p.latitude BETWEEN ${p.add(b.minLat, 'float8')} AND ${p.add(b.maxLat, 'float8')} AND p.longitude BETWEEN ${p.add(b.minLng, 'float8')} AND ${p.add(b.maxLng, 'float8')}`,
    ),
    gistCentre: once(() => `point(${p.add(near.lng * Math.cos((near.lat * Math.PI) / 180), 'float8')}, ${p.add(near.lat, 'float8')})`),
    radius: once(() => p.add(near.radiusM, 'float8')),
  };
}

/** The words as typed, as a tsquery (websearch syntax for 'all', an OR of plain words for 'any'). */
function typedTsquery(text: TextSpec, p: Params): string {
  return text.mode === 'all'
    ? `websearch_to_tsquery('english', unaccent(${p.add(text.query, 'text')}))`
    : `to_tsquery('english', ${p.add(text.words.map((w) => w.replace(/[^a-z0-9]/g, '')).filter(Boolean).join(' | ') || 'x', 'text')})`;
}

/** The names of the needs the query named, as a tsquery; one that matches nothing when there are none. */
function needTsquery(text: TextSpec, p: Params): string {
  return text.needQuery ? `to_tsquery('english', ${p.add(text.needQuery, 'text')})` : `''::tsquery`;
}

/** The thesaurus's related words as a tsquery (the English configuration, as documents are built). */
function relatedTsquery(text: TextSpec, p: Params): string {
  return text.relatedQuery ? `to_tsquery('english', ${p.add(text.relatedQuery, 'text')})` : `''::tsquery`;
}

/**
 * A listing found only through related words scores at most this; one with the resident's own
 * words at least this more than its own rank, so a direct match always ranks above a related one
 * of the same need.
 */
export const RELATED_MAX = 0.3;

/** How much fitting the age asked for adds at most (a service for ages 5 to 11 asked for 8 adds about 0.38). */
export const AGE_FIT_MAX = 0.5;

/**
 * How well service `s` is meant for `age` (0..1): 0 when it gives no ages (open to all), else
 * the narrower its range the more (20 / (20 + years wide)). Services whose range excludes the
 * age are filtered out before this counts.
 */
export function ageFitSql(age: string): string {
  return `(CASE WHEN s.min_age IS NULL AND s.max_age IS NULL THEN 0.0
               ELSE 20.0 / (20.0 + greatest(coalesce(s.max_age, greatest(100, ${age})) - coalesce(s.min_age, 0), 0)) END)`;
}

interface TextSql {
  /** The CTE computing the two tsqueries once per statement. */
  cte: string;
  /** Whether service `s` is a candidate. */
  match(): string;
  /** Relevance of service `s`, 0..`maxRelevance`. */
  relevance(): string;
  maxRelevance: number;
}

/** Memoise an SQL fragment whose parameters must be added only if it is used. */
function once(make: () => string): () => string {
  let sql: string | undefined;
  return () => (sql ??= make());
}

/**
 * A candidate matches the words (or the names of the needs they were read as), or is tagged with
 * one of those needs. Relevance: the full-text rank of the words over the weighted document (0..1:
 * about 0.6 for one word of the name, 0.1 for one word of the description, near 1 for every word
 * in the name), plus a boost for services tagged with a need the query named — 1 for the most
 * specific needs, 0.3 for broader ones it also named (or whose name the document contains) — times
 * the share of the query the need phrases cover. So a service filed under "rent arrears"
 * outranks one that merely mentions rent, while a need read from one word of several does not
 * outrank a service named with all of them.
 */
function textSql(text: TextSpec, p: Params, q = 'q'): TextSql {
  const specific = once(() => p.add(text.specificNeedIds, 'uuid[]'));
  const demote = text.demote;
  return {
    cte: `${q} AS (SELECT ${typedTsquery(text, p)} AS typed, ${needTsquery(text, p)} AS needs${
      text.relatedQuery ? `, ${relatedTsquery(text, p)} AS related` : ''
    }${demote ? `, ${demote.described ? `to_tsquery('english', ${p.add(demote.described, 'text')})` : `''::tsquery`} AS demoted` : ''})`,
    match: once(() => `(s.document @@ (SELECT typed || needs${text.relatedQuery ? ' || related' : ''} FROM ${q}) OR s.taxonomy_term_ids && ${specific()})`),
    relevance: once(() => {
      const broad = p.add(text.broadNeedIds, 'uuid[]');
      const weight = p.add(text.needWeight, 'float8');
      // Related words: a listing with the resident's own words gets RELATED_MAX on top of its rank;
      // one without them, its rank over the related words, scaled below RELATED_MAX.
      const related = text.relatedQuery
        ? `
      + CASE WHEN s.document @@ (SELECT typed FROM ${q}) THEN ${RELATED_MAX}
             ELSE ${RELATED_MAX} * least(ts_rank(${RANK_WEIGHTS}, s.document, (SELECT related FROM ${q}), 0) * 1.5, 0.99) END`
        : '';
      const age = text.age !== undefined ? `\n      + ${AGE_FIT_MAX} * ${ageFitSql(p.add(text.age, 'int'))}` : '';
      const relevance = `(least(ts_rank(${RANK_WEIGHTS}, s.document, (SELECT typed FROM ${q}), 0), 1)
      + ${weight} * CASE WHEN s.taxonomy_term_ids && ${specific()} THEN 1.0
                         WHEN s.taxonomy_term_ids && ${broad} OR s.document @@ (SELECT needs FROM ${q}) THEN 0.3 ELSE 0 END${related}${age})`;
      if (!demote) return relevance;
      // Both ways of ranking (SQL and the candidate cache) read relevance from here, so both demote alike.
      const demoted = `(s.taxonomy_term_ids && ${p.add(demote.termIds, 'uuid[]')} OR s.document @@ (SELECT demoted FROM ${q}))`;
      const factor = p.add(demote.factor, 'float8');
      if (!text.relatedQuery) return `(${relevance} * CASE WHEN ${demoted} THEN ${factor} ELSE 1 END)`;
      // A demoted service with the resident's own words keeps its place among the direct matches
      // (its own part demoted as without the thesaurus), above listings found only through related words.
      return `(CASE WHEN NOT ${demoted} THEN ${relevance}
                    WHEN s.document @@ (SELECT typed FROM ${q}) THEN ${RELATED_MAX} + ${factor} * (${relevance} - ${RELATED_MAX})
                    ELSE ${relevance} * ${factor} END)`;
    }),
    maxRelevance: 1 + text.needWeight + (text.relatedQuery ? RELATED_MAX : 0) + (text.age !== undefined ? AGE_FIT_MAX : 0),
  };
}

/** A result's description: the service's own, cut at a word before 300 characters. */
const SUMMARY_SQL = `CASE WHEN length(coalesce(sv.description, '')) <= 300 THEN coalesce(sv.description, '')
                ELSE regexp_replace(left(sv.description, 301), '\\s+\\S*$', '') || '…' END`;

/**
 * The date a result was last checked, as the UK reads it ('2025-07-02'): ORUK's assured_date or
 * a later confirmation in Hearth, else the day it last changed. A date, not an instant: a check
 * on 2 July is stored as midnight in London, 23:00 on 1 July in UTC, and must not read as 1 July.
 */
const LAST_CHECKED_SQL = `to_char(coalesce(greatest(sv.assured_date, (sv.last_checked AT TIME ZONE 'Europe/London')::date),
                                  (sv.last_modified AT TIME ZONE 'Europe/London')::date), 'YYYY-MM-DD')`;

/** The terms a result shows (search_service `s`), as [{id, name}] by name. */
const termsSql = (council: string) => `coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id)
                     FROM taxonomy_term t
                     WHERE t.council_id = ${council} AND t.id = ANY(s.direct_term_ids)), '[]')`;

/**
 * What a result shows, for the services of CTE `page(service_id, ord, distance_m)`: the index's
 * own columns, the rest read from the ORUK tables for these few rows only (keeping the index
 * narrow keeps scans over many candidates fast), and the nearest place (or, without a centre,
 * the first by name).
 */
function pageDetailsSql(councilId: string, nowMinute: number, near: NearSql | undefined, p: Params): string {
  const council = p.add(councilId, 'uuid');
  const placeOrder = near ? near.distance() : 'p.name, p.location_id';
  return `
    SELECT page.ord, s.service_id, s.name, ${SUMMARY_SQL} AS summary,
           sv.organization_id, o.name AS organization_name, page.distance_m,
           s.open_minutes @> ${p.add(nowMinute, 'int4')} AS open_now, s.free, s.min_age, s.max_age,
           s.delivery, s.languages, ${LAST_CHECKED_SQL} AS last_checked, s.open_minutes::text AS open,
           ${termsSql(council)} AS terms,
           pl.name AS place_name, pl.address AS place_address, pl.postcode AS place_postcode
    FROM page
    JOIN search_service s ON s.council_id = ${council} AND s.service_id = page.service_id
    JOIN service sv ON sv.council_id = ${council} AND sv.id = page.service_id
    LEFT JOIN organization o ON o.council_id = ${council} AND o.id = sv.organization_id
    LEFT JOIN LATERAL (
      SELECT p.name, p.address, p.postcode FROM search_place p
      WHERE p.council_id = ${council} AND p.service_id = page.service_id
      ORDER BY ${placeOrder} LIMIT 1
    ) pl ON true`;
}

type RowWithTotal = Omit<SearchRow, 'opens_next'> & { total?: number; ord?: number; open?: string };

/** Drop the bookkeeping columns, and the single empty row a LEFT JOIN leaves when the page is empty. */
function clean(rows: RowWithTotal[], nowMinute: number): SearchRow[] {
  return rows
    .filter((r) => r.service_id !== null)
    .map(({ total: _total, ord: _ord, open, ...row }) => ({
      ...row,
      distance_m: row.distance_m === null ? null : Math.round(Number(row.distance_m)),
      opens_next: nextOpening(multirangeBounds(open ?? ''), nowMinute),
    }));
}

/**
 * Details of a page whose services and distances are already chosen, in that order, and when
 * asked the capped count of the search in the same statement (one round trip fewer).
 */
async function pageDetails(
  db: Queryable,
  spec: SearchSpec,
  page: { serviceId: string; distanceM: number | null }[],
  withCount: boolean,
): Promise<{ rows: SearchRow[]; count?: { total: number; totalIsEstimate: boolean } }> {
  if (!page.length && !withCount) return { rows: [] };
  const p = new Params();
  const count = withCount ? countSql(spec, p, COUNT_CAP) : undefined;
  const ids = p.add(page.map((r) => r.serviceId), 'uuid[]');
  const distances = p.add(page.map((r) => r.distanceM), 'float8[]');
  const near = spec.near ? nearSql(spec.near, p) : undefined;
  const sql = `
    WITH ${count?.cte ? `${count.cte}, ` : ''}page AS (SELECT * FROM unnest(${ids}, ${distances}) WITH ORDINALITY AS x(service_id, distance_m, ord))
    SELECT c.counted, d.* FROM (SELECT ${count ? count.expression : 'NULL::bigint'} AS counted) c
    LEFT JOIN (${pageDetailsSql(spec.councilId, spec.nowMinute, near, p)}) d ON true
    ORDER BY d.ord`;
  const { rows } = await db.query<RowWithTotal & { counted: number | null }>(sql, p.values);
  const counted = Number(rows[0]?.counted ?? 0);
  return {
    rows: clean(rows.map(({ counted: _c, ...r }) => r as RowWithTotal), spec.nowMinute),
    ...(withCount ? { count: { total: Math.min(counted, COUNT_CAP), totalIsEstimate: counted > COUNT_CAP } } : {}),
  };
}

/** Words, or needs, and no centre: rank every candidate, keep the best page (a top-N sort). */
async function searchByText(db: Queryable, spec: SearchSpec, text: TextSpec): Promise<SearchPage> {
  const p = new Params();
  const council = p.add(spec.councilId, 'uuid');
  const t = textSql(text, p);
  const where = `s.council_id = ${council} AND ${t.match()}${and(filterConditions(spec.filters, p))}`;
  const sql = `
    WITH ${t.cte},
    -- OFFSET 0 keeps the projection here, so the window below buffers narrow rows, not documents.
    scored AS (
      SELECT s.service_id, s.name, ${t.relevance()} AS relevance FROM search_service s WHERE ${where} OFFSET 0
    ),
    page AS (
      SELECT service_id, NULL::float8 AS distance_m, total, row_number() OVER (ORDER BY relevance DESC, name, service_id) AS ord
      FROM (
        SELECT service_id, name, relevance, count(*) OVER () AS total FROM scored
        ORDER BY relevance DESC, name, service_id
        LIMIT ${p.add(spec.limit, 'int')} OFFSET ${p.add(spec.offset, 'int')}
      ) ranked
    )
    SELECT d.*, (SELECT max(total) FROM page) AS total FROM (${pageDetailsSql(spec.councilId, spec.nowMinute, undefined, p)}) d
    ORDER BY d.ord`;
  const { rows } = await db.query<RowWithTotal>(sql, p.values);
  if (rows.length || spec.offset === 0) return { rows: clean(rows, spec.nowMinute), total: Number(rows[0]?.total ?? 0), totalIsEstimate: false };
  // Past the last page the window count has no row to ride on: count on its own.
  const c = new Params();
  const tc = textSql(text, c);
  const count = await db.query<{ n: number }>(
    `WITH ${tc.cte} SELECT count(*) AS n FROM search_service s WHERE s.council_id = ${c.add(spec.councilId, 'uuid')} AND ${tc.match()}${and(filterConditions(spec.filters, c))}`,
    c.values,
  );
  return { rows: [], total: Number(count.rows[0].n), totalIsEstimate: false };
}

interface Scored {
  serviceId: string;
  name: string;
  distanceM: number;
  score: number;
}

/** How the nearest-first reading proceeds (tests shrink these to exercise every path). */
export const nearTuning = {
  /**
   * Places read in the first round: this many per result wanted, and at least `firstPlaces`
   * with words (only some places match them), `firstPlacesNoWords` without.
   */
  placesPerResult: 4,
  firstPlaces: 400,
  firstPlacesNoWords: 40,
  /** Places read nearest first before giving up on the index order and ranking every candidate. */
  maxPlaces: 4096,
};

/**
 * A centre given: read the places nearest first from the GiST (a growing number of them), keep
 * those whose services pass the filters (and match the words), and stop as soon as nothing
 * further away could still make the page:
 * - every place within the radius has been read; or
 * - without words (nearest first), the page's last service is nearer than the furthest place read; or
 * - with words, a service at distance D or beyond scores at most maxRelevance / (1 + D / 3 km),
 *   and the page's last score already beats that.
 * When the filters are so narrow that this would read thousands of places, every candidate
 * service is ranked instead (`searchNearAll`). A service at several places counts once, at its
 * nearest.
 */
async function searchNear(db: Queryable, spec: SearchSpec, near: NearSpec): Promise<SearchPage> {
  const wanted = spec.offset + spec.limit;
  const first = Math.max(wanted * nearTuning.placesPerResult, spec.text ? nearTuning.firstPlaces : nearTuning.firstPlacesNoWords);
  for (let places = first; ; places *= 8) {
    if (places > nearTuning.maxPlaces) return searchNearAll(db, spec, near);
    const p = new Params();
    const council = p.add(spec.councilId, 'uuid');
    const t = spec.text ? textSql(spec.text, p) : undefined;
    const n = nearSql(near, p);
    const sql = `
      WITH ${t ? `${t.cte}, ` : ''}
      nearest AS MATERIALIZED (
        SELECT p.service_id, ${n.distance()} AS distance_m
        FROM search_place p WHERE p.council_id = ${council}
        ORDER BY ${PLACE_POINT} <-> ${n.gistCentre()}
        LIMIT ${p.add(places, 'int')}
      )
      SELECT r.service_id, s.name, r.distance_m, ${t ? t.relevance() : '1.0'} AS relevance, NULL::bigint AS fetched
      FROM nearest r
      JOIN search_service s ON s.council_id = ${council} AND s.service_id = r.service_id
      WHERE r.distance_m <= ${n.radius()}${t ? ` AND ${t.match()}` : ''}${and(filterConditions(spec.filters, p))}
      UNION ALL
      SELECT NULL, NULL, max(distance_m), NULL, count(*) FROM nearest`;
    const { rows } = await db.query<{ service_id: string | null; name: string; distance_m: number; relevance: number; fetched: number | null }>(sql, p.values);
    const sentinel = rows.find((r) => r.service_id === null)!;
    const exhausted = Number(sentinel.fetched) < places;
    // The index orders by a locally flat distance; 1% slack covers its difference from haversine.
    const horizon = Number(sentinel.distance_m ?? 0) * 0.99;
    const best = new Map<string, Scored>();
    for (const r of rows) {
      if (r.service_id === null) continue;
      const d = Number(r.distance_m);
      const score = t ? blendedScore(Number(r.relevance), d) : -d;
      const seen = best.get(r.service_id);
      if (!seen || score > seen.score) best.set(r.service_id, { serviceId: r.service_id, name: r.name, distanceM: d, score });
    }
    const ranked = [...best.values()].sort(byScore);
    const complete = exhausted || horizon > near.radiusM;
    const last = ranked[wanted - 1];
    const pageSettled = last !== undefined && (t ? last.score >= t.maxRelevance / (1 + horizon / HALF_SCORE_DISTANCE_M) : last.distanceM <= horizon);
    if (!complete && !pageSettled && t && last !== undefined && horizon > 0) {
      // Places within the distance the bound needs, guessed from the density read so far: when
      // more than the nearest-first reading would ever read, rank every candidate straight away.
      const needed = Math.min(near.radiusM, HALF_SCORE_DISTANCE_M * (t.maxRelevance / last.score - 1));
      if (places * (needed / horizon) ** 2 > nearTuning.maxPlaces) return searchNearAll(db, spec, near);
    }
    if (complete || pageSettled) {
      const page = ranked.slice(spec.offset, wanted).map((r) => ({ serviceId: r.serviceId, distanceM: r.distanceM }));
      const details = await pageDetails(db, spec, page, !complete);
      const count = details.count ?? { total: ranked.length, totalIsEstimate: false };
      return { rows: details.rows, total: Math.max(count.total, ranked.length), totalIsEstimate: count.totalIsEstimate };
    }
  }
}

/** Best first; ties by distance, then name and id compared by code point (as `COLLATE "C"` in SQL). */
function byScore(a: Scored, b: Scored): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return b.score - a.score || a.distanceM - b.distanceM || text(a.name, b.name) || text(a.serviceId, b.serviceId);
}

/** A centre and narrow filters: every candidate service, its nearest place within the radius, ranked. */
async function searchNearAll(db: Queryable, spec: SearchSpec, near: NearSpec): Promise<SearchPage> {
  const p = new Params();
  const council = p.add(spec.councilId, 'uuid');
  const t = spec.text ? textSql(spec.text, p) : undefined;
  const n = nearSql(near, p);
  // Same order as `byScore`: blended score, then distance, name and id.
  const score = t ? `relevance / (1 + distance_m / ${HALF_SCORE_DISTANCE_M}.0)` : '-distance_m';
  const sql = `
    WITH ${t ? `${t.cte}, ` : ''}
    scored AS (
      SELECT s.service_id, s.name, d.distance_m, ${t ? t.relevance() : '1.0'} AS relevance
      FROM search_service s
      CROSS JOIN LATERAL (
        SELECT min(${n.distance()}) AS distance_m FROM search_place p
        WHERE p.council_id = ${council} AND p.service_id = s.service_id AND ${n.box()}
      ) d
      WHERE s.council_id = ${council}${t ? ` AND ${t.match()}` : ''}${and(filterConditions(spec.filters, p))}
        AND d.distance_m <= ${n.radius()}
      OFFSET 0
    )
    SELECT service_id, distance_m, count(*) OVER () AS total FROM scored
    ORDER BY ${score} DESC, distance_m, name COLLATE "C", service_id
    LIMIT ${p.add(spec.limit, 'int')} OFFSET ${p.add(spec.offset, 'int')}`;
  const { rows } = await db.query<{ service_id: string; distance_m: number; total: number }>(sql, p.values);
  if (!rows.length && spec.offset > 0) {
    const count = await countMatches(db, spec, Number.MAX_SAFE_INTEGER - 1);
    return { rows: [], total: count.total, totalIsEstimate: false };
  }
  const page = rows.map((r) => ({ serviceId: r.service_id, distanceM: Number(r.distance_m) }));
  return { rows: (await pageDetails(db, spec, page, false)).rows, total: Number(rows[0]?.total ?? 0), totalIsEstimate: false };
}

/**
 * Relevance without words: 1, plus how well the service is meant for the age asked for (so a
 * browse by age lists services for that age before those open to all ages).
 */
function browseRelevance(filters: SearchFilterSpec, p: Params): string {
  return filters.age !== undefined ? `(1.0 + ${AGE_FIT_MAX} * ${ageFitSql(p.add(filters.age, 'int'))})` : '1.0';
}

/** Neither words nor centre: alphabetical (with an age, services meant for it first). */
async function searchBrowse(db: Queryable, spec: SearchSpec): Promise<SearchPage> {
  const p = new Params();
  const count = countSql(spec, p, COUNT_CAP);
  const council = p.add(spec.councilId, 'uuid');
  const filters = filterConditions(spec.filters, p);
  // With an age: services meant for it first (as `browseRelevance` ranks the held candidates), then by name.
  const browseOrder = spec.filters.age !== undefined ? `${browseRelevance(spec.filters, p)} DESC, s.name, s.service_id` : 's.name, s.service_id';
  const sql = `
    WITH page AS (
      SELECT s.service_id, NULL::float8 AS distance_m, row_number() OVER (ORDER BY ${browseOrder}) AS ord
      FROM search_service s
      WHERE s.council_id = ${council}${and(filters)}
      ORDER BY ${browseOrder}
      LIMIT ${p.add(spec.limit, 'int')} OFFSET ${p.add(spec.offset, 'int')}
    )
    SELECT c.counted, d.* FROM (SELECT ${count.expression} AS counted) c
    LEFT JOIN (${pageDetailsSql(spec.councilId, spec.nowMinute, undefined, p)}) d ON true
    ORDER BY d.ord`;
  const { rows } = await db.query<RowWithTotal & { counted: number }>(sql, p.values);
  const counted = Number(rows[0].counted);
  return { rows: clean(rows.map(({ counted: _c, ...r }) => r as RowWithTotal), spec.nowMinute), total: Math.min(counted, COUNT_CAP), totalIsEstimate: counted > COUNT_CAP };
}

/**
 * The services matching a search, counted up to `cap` + 1 (beyond `cap`, "at least"): an SQL
 * expression, and the CTE it needs. With a centre, candidate services are checked for a place
 * within the radius one by one, which stops at the cap.
 */
function countSql(spec: SearchSpec, p: Params, cap: number, q = 'q'): { cte?: string; expression: string } {
  const council = p.add(spec.councilId, 'uuid');
  const t = spec.text ? textSql(spec.text, p, q) : undefined;
  const conditions = [`s.council_id = ${council}`, ...(t ? [t.match()] : []), ...filterConditions(spec.filters, p)];
  if (spec.near) {
    const n = nearSql(spec.near, p);
    conditions.push(
      `EXISTS (SELECT 1 FROM search_place p WHERE p.council_id = s.council_id AND p.service_id = s.service_id AND ${n.box()} AND ${n.distance()} <= ${n.radius()})`,
    );
  }
  return {
    cte: t?.cte,
    expression: `(SELECT count(*) FROM (SELECT 1 FROM search_service s WHERE ${conditions.join(' AND ')} LIMIT ${p.add(cap + 1, 'int8')}) x)`,
  };
}

async function countMatches(db: Queryable, spec: SearchSpec, cap = COUNT_CAP): Promise<{ total: number; totalIsEstimate: boolean }> {
  const p = new Params();
  const count = countSql(spec, p, cap);
  const { rows } = await db.query<{ n: number }>(`${count.cte ? `WITH ${count.cte} ` : ''}SELECT ${count.expression} AS n`, p.values);
  const n = Number(rows[0].n);
  return { total: Math.min(n, cap), totalIsEstimate: n > cap };
}

/** A service that matches a search's words and time-independent filters (see `searchCandidates`). */
export interface CandidateRow {
  service_id: string;
  name: string;
  relevance: number;
  /** Weekly opening as the multirange's text, e.g. '{[540,1020),[1980,2460)}'. */
  open: string;
  lats: number[] | null;
  lngs: number[] | null;
}

/**
 * Every service that matches the words (if any) and the filters that do not depend on the
 * moment (`openAt` and `openWithin` are ignored here), with its relevance, its weekly opening
 * minutes and its places: the part of a search that is the same wherever and whenever it is
 * asked, which search/candidates.ts keeps in memory. At most `cap` + 1 rows, so the caller can
 * tell the set is too large to hold.
 */
export async function searchCandidates(db: Queryable, councilId: string, text: TextSpec | undefined, filters: SearchFilterSpec, cap: number): Promise<CandidateRow[]> {
  const p = new Params();
  const council = p.add(councilId, 'uuid');
  const t = text ? textSql(text, p) : undefined;
  const { openAt: _at, openWithin: _within, ...timeless } = filters;
  const sql = `
    WITH ${t ? `${t.cte}, ` : ''}
    matched AS (
      SELECT s.service_id, s.name, ${t ? t.relevance() : browseRelevance(timeless, p)} AS relevance, s.open_minutes
      FROM search_service s
      WHERE s.council_id = ${council}${t ? ` AND ${t.match()}` : ''}${and(filterConditions(timeless, p))}
      LIMIT ${p.add(cap + 1, 'int8')}
    )
    SELECT m.service_id, m.name, m.relevance::float8 AS relevance, m.open_minutes::text AS open, pl.lats, pl.lngs
    FROM matched m
    LEFT JOIN LATERAL (
      SELECT array_agg(p.latitude ORDER BY p.location_id)::float8[] AS lats, array_agg(p.longitude ORDER BY p.location_id)::float8[] AS lngs
      FROM search_place p WHERE p.council_id = ${council} AND p.service_id = m.service_id
    ) pl ON true`;
  const { rows } = await db.query<CandidateRow>(sql, p.values);
  return rows;
}

/** The council's search index generation (see 003_search_generation.sql); '0' before its first change. */
export async function searchGeneration(db: Queryable, councilId: string): Promise<string> {
  const { rows } = await db.query<{ generation: string | number }>('SELECT generation FROM search_generation WHERE council_id = $1', [councilId]);
  return String(rows[0]?.generation ?? 0);
}

/** What a result shows that does not depend on where or when it is asked (see `serviceCards`). */
export interface ServiceCard {
  service_id: string;
  name: string;
  summary: string;
  organization_id: string | null;
  organization_name: string | null;
  free: boolean;
  min_age: number | null;
  max_age: number | null;
  delivery: string[];
  languages: string[];
  terms: { id: string; name: string }[];
  last_checked: string | null;
  open: string;
  /** Its places, in the order shown without a centre (by name). */
  places: { name: string | null; address: string | null; postcode: string | null; lat: number; lng: number }[];
}

/** The cards of these services (those in the index; in no particular order). */
export async function serviceCards(db: Queryable, councilId: string, serviceIds: string[]): Promise<ServiceCard[]> {
  if (!serviceIds.length) return [];
  const p = new Params();
  const council = p.add(councilId, 'uuid');
  const ids = p.add(serviceIds, 'uuid[]');
  const { rows } = await db.query<ServiceCard>(
    `SELECT s.service_id, s.name, ${SUMMARY_SQL} AS summary, sv.organization_id, o.name AS organization_name,
            s.free, s.min_age, s.max_age, s.delivery, s.languages, ${LAST_CHECKED_SQL} AS last_checked, ${termsSql(council)} AS terms,
            s.open_minutes::text AS open,
            coalesce((SELECT jsonb_agg(jsonb_build_object('name', p.name, 'address', p.address, 'postcode', p.postcode,
                                                          'lat', p.latitude, 'lng', p.longitude) ORDER BY p.name, p.location_id)
                      FROM search_place p WHERE p.council_id = ${council} AND p.service_id = s.service_id), '[]') AS places
     FROM search_service s
     JOIN service sv ON sv.council_id = ${council} AND sv.id = s.service_id
     LEFT JOIN organization o ON o.council_id = ${council} AND o.id = sv.organization_id
     WHERE s.council_id = ${council} AND s.service_id = ANY(${ids})`,
    p.values,
  );
  return rows;
}

/** One page of a search, with its total. */
export async function searchPage(db: Queryable, spec: SearchSpec): Promise<SearchPage> {
  if (spec.near) return searchNear(db, spec, spec.near);
  if (spec.text) return searchByText(db, spec, spec.text);
  return searchBrowse(db, spec);
}

/** Whether each of several searches would find anything at all (for "try widening your search"), in one statement. */
export async function searchesHaveResults(db: Queryable, specs: SearchSpec[]): Promise<boolean[]> {
  if (!specs.length) return [];
  const p = new Params();
  const counts = specs.map((spec, i) => countSql(spec, p, 0, `q${i}`));
  const ctes = counts.map((c) => c.cte).filter(Boolean);
  const { rows } = await db.query<Record<string, number>>(
    `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${counts.map((c, i) => `${c.expression} AS c${i}`).join(', ')}`,
    p.values,
  );
  return specs.map((_, i) => Number(rows[0][`c${i}`]) > 0);
}

/**
 * Typo correction: for each word, whether any listing uses it (by its stem, so "carers" counts
 * when a listing says "carer"), and if none does, the council's vocabulary words nearest to it by
 * trigram distance (from the GiST index), nearest first.
 */
export async function nearestWords(
  db: Queryable,
  councilId: string,
  words: string[],
  candidates = 8,
): Promise<Map<string, { used: boolean; nearest: string[] }>> {
  const out = new Map<string, { used: boolean; nearest: string[] }>();
  if (!words.length) return out;
  const { rows } = await db.query<{ word: string; used: boolean; nearest: string[] }>(
    `SELECT t.word, u.used,
            CASE WHEN u.used THEN '{}'::text[]
                 ELSE ARRAY(SELECT w.word FROM search_word w WHERE w.council_id = $1 ORDER BY w.word <-> t.word LIMIT $3) END AS nearest
     FROM unnest($2::text[]) AS t(word)
     CROSS JOIN LATERAL (
       SELECT EXISTS (SELECT 1 FROM search_service s WHERE s.council_id = $1 AND s.document @@ plainto_tsquery('english', t.word)) AS used
     ) u`,
    [councilId, words, candidates],
  );
  for (const r of rows) out.set(r.word, { used: r.used, nearest: r.nearest });
  return out;
}

/** The centre of the places in a town the directory knows (for `near=Kingsmere`). */
export async function townCentre(db: Queryable, councilId: string, town: string): Promise<{ lat: number; lng: number } | undefined> {
  const { rows } = await db.query<{ lat: number | null; lng: number | null }>(
    `SELECT avg(latitude) AS lat, avg(longitude) AS lng FROM search_place WHERE council_id = $1 AND lower(town) = lower($2)`,
    [councilId, town.trim()],
  );
  return rows[0]?.lat != null && rows[0]?.lng != null ? { lat: Number(rows[0].lat), lng: Number(rows[0].lng) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Index rebuild: set-based, one batch of services per statement, inside the caller's transaction.
// ---------------------------------------------------------------------------------------------

/** A fixed vocabulary (ids and codes from vocabulary.ts) as an SQL VALUES list. */
function vocabularyValues(terms: readonly { id: string; code: string }[]): string {
  for (const t of terms) {
    if (!/^[0-9a-f-]{36}$/.test(t.id) || !/^[a-z_]+$/.test(t.code)) throw new Error(`unexpected vocabulary term ${t.id} ${t.code}`);
  }
  return `(VALUES ${terms.map((t) => `('${t.id}'::uuid, '${t.code}')`).join(', ')})`;
}

export interface IndexVocabulary {
  delivery: readonly { id: string; code: string }[];
  accessibility: readonly { id: string; code: string }[];
  /** The needs taxonomy: ids, parents (null at the top) and the synonyms each adds to a document. */
  needIds: string[];
  needParents: (string | null)[];
  needSynonyms: string[];
  /** A JSON object: language names (lower case) → the ISO 639 code each means. */
  languageCodesByName: string;
  /**
   * Terms of other vocabularies (LGSL, ...) mapped to needs (taxonomy/external-terms.ts
   * `indexKeys`): a key an imported term may match, beside the need it is indexed under.
   */
  mappedKeys: string[];
  mappedNeedIds: string[];
}

interface Hint {
  /** Substrings of which one must occur before the expression is tried (cheap; most texts have none). */
  words: string[];
  /** ARE regular expression over the lower-case text. */
  re: string;
}

/**
 * Accessibility features read from free text when a feed has no vocabulary attributes. Large
 * alternations are slow in PostgreSQL's regex engine, so each is guarded by plain substrings.
 */
const ACCESSIBILITY_HINTS: Record<string, Hint> = {
  wheelchair: { words: ['wheelchair', 'step', 'level access', 'ramp'], re: String.raw`wheelchair|step[- ]free|level access|ramped access` },
  accessible_toilet: { words: ['toilet', 'loo', 'wc', 'changing places'], re: String.raw`(accessible|disabled) (toilet|loo|wc)|changing places` },
  hearing_loop: { words: ['loop'], re: String.raw`hearing loop|induction loop|loop system` },
  bsl: { words: ['bsl', 'sign language'], re: String.raw`\mbsl\M|sign language` },
  parking: { words: ['badge', 'parking'], re: String.raw`blue badge|disabled parking|accessible parking` },
  quiet_space: { words: ['quiet', 'sensory'], re: String.raw`quiet (room|space|area)|sensory room` },
  large_print: { words: ['large print', 'easy read', 'braille'], re: String.raw`large print|easy read|braille` },
};

/** Delivery read from a service's own words. */
const DELIVERY_HINTS: Record<string, Hint> = {
  phone: {
    words: ['phone', 'helpline', 'help line', 'call us', 'ring us'],
    re: String.raw`\m(helpline|help line|phone line|freephone|call us|ring us|by (tele)?phone|over the (tele)?phone|(tele)?phone (support|service|advice|befriending|counselling|calls?))\M`,
  },
  online: {
    words: ['online', 'on-line', 'video', 'chat', 'email', 'virtual'],
    re: String.raw`\m(online|on-line|video calls?|webchat|web chat|live chat|by email|email support|virtual)\M`,
  },
  in_person: { words: ['drop', 'face', 'in person', 'home visit'], re: String.raw`\m(drop[- ]in|face[- ]to[- ]face|in person|home visits?)\M` },
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Whether the hint matches `lowerTextSql` (an expression already in lower case): the cheap substrings first. */
function hintMatches(lowerTextSql: string, h: Hint): string {
  return `((${h.words.map((w) => `strpos(${lowerTextSql}, ${sqlString(w)}) > 0`).join(' OR ')}) AND ${lowerTextSql} ~ ${sqlString(h.re)})`;
}

/**
 * The codes of a fixed vocabulary that apply, as a sorted array, built without a subquery per
 * row (sorting a handful of codes through one costs more than the rest of the row). `applies`
 * gives each code's condition.
 */
function vocabularyArray(codes: readonly string[], applies: (code: string) => string): string {
  return `array_remove(ARRAY[${[...codes]
    .sort()
    .map((code) => `CASE WHEN ${applies(code)} THEN ${sqlString(code)} END`)
    .join(', ')}]::text[], NULL)`;
}

/** How the service is delivered: tagged so, found at a place or online, or said so in its own words. */
function deliveryArray(vocabulary: IndexVocabulary): string {
  return vocabularyArray(
    vocabulary.delivery.map((t) => t.code),
    (code) =>
      [
        `${sqlString(code)} = ANY(d.delivery_terms)`,
        code === 'in_person' ? 'coalesce(d.physical, false)' : '',
        code === 'online' ? 'coalesce(d.virtual, false)' : '',
        DELIVERY_HINTS[code] ? hintMatches('d.own_words', DELIVERY_HINTS[code]) : '',
      ]
        .filter(Boolean)
        .join(' OR '),
  );
}

/** Accessibility: tagged on the service or its places, said so of its places, or BSL among its languages. */
function accessibilityArray(vocabulary: IndexVocabulary): string {
  return vocabularyArray(
    vocabulary.accessibility.map((t) => t.code),
    (code) =>
      [
        `${sqlString(code)} = ANY(d.accessibility_terms)`,
        `${sqlString(code)} = ANY(d.place_accessibility)`,
        ACCESSIBILITY_HINTS[code] ? hintMatches(`coalesce(d.access_text, '')`, ACCESSIBILITY_HINTS[code]) : '',
        code === 'bsl' ? `'bfi' = ANY(d.languages)` : '',
      ]
        .filter(Boolean)
        .join(' OR '),
  );
}

let rebuildSqlCache: { key: string; sql: string } | undefined;

/** A URI or vocabulary name as taxonomy/external-terms.ts `normaliseKey` makes it: lower case, no scheme, no trailing slash. */
function normalisedKey(column: string): string {
  return `lower(regexp_replace(regexp_replace(trim(${column}), '^https?://', '', 'i'), '/+$', ''))`;
}

/**
 * The statement that writes search_service and search_place for a batch of services, and
 * returns the names for the typo vocabulary. Parameters: $1 council, $2 service ids, $3..$5 needs (ids, parents, synonyms),
 * $6 language names → codes (JSON), $7/$8 mapped vocabularies' keys and their need ids. Every table is reached from the batch's ids through its
 * (council_id, ...) index, so the plan does not depend on fresh statistics during a bulk load.
 */
function rebuildSql(vocabulary: IndexVocabulary): string {
  const key = JSON.stringify([vocabulary.delivery, vocabulary.accessibility]);
  if (rebuildSqlCache?.key === key) return rebuildSqlCache.sql;
  const deliveryVocab = vocabularyValues(vocabulary.delivery);
  const accessVocab = vocabularyValues(vocabulary.accessibility);
  const sql = `
WITH RECURSIVE
-- Every per-service lookup below is a LATERAL subquery keyed on (council_id, service_id): the
-- plan is then index probes whatever the statistics say, which matters during a bulk import
-- that has not been analysed yet (a hash join over a whole table per batch would make the
-- import quadratic). OFFSET 0 keeps the planner from flattening them back into plain joins.
svc AS MATERIALIZED (
  SELECT s.* FROM (SELECT DISTINCT id FROM unnest($2::uuid[]) AS i(id)) ids
  CROSS JOIN LATERAL (SELECT * FROM service s WHERE s.council_id = $1 AND s.id = ids.id OFFSET 0) s
  -- Only services in operation are searchable; the others keep no index rows. Nor does another
  -- source's listing of a service shown already (federation/matching.ts: it shows once).
  WHERE s.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM directory_service_match dm WHERE dm.council_id = $1 AND dm.service_id = s.id)
),
direct AS MATERIALIZED (
  SELECT DISTINCT svc.id AS service_id, a.term_id
  FROM svc
  CROSS JOIN LATERAL (
    SELECT a.taxonomy_term_id AS term_id FROM attribute a
    WHERE a.council_id = $1 AND a.service_id = svc.id AND a.link_entity = 'service' AND a.link_id = svc.id OFFSET 0
  ) a
),
needs AS MATERIALIZED (
  SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::text[]) AS n(id, parent_id, synonyms)
),
-- Terms of a mapped vocabulary (data/taxonomy/mappings) recognised by their URI, a CURIE, or
-- their vocabulary's name with their code or label: the service is indexed under the needs
-- they map to, exactly as if tagged with them. Each distinct term's keys are made once (a
-- batch's thousands of service-term pairs name about a hundred terms), then the pairs join.
term_needs AS MATERIALIZED (
  SELECT DISTINCT t.id AS term_id, m.need_id
  FROM (SELECT DISTINCT term_id FROM direct) d
  JOIN taxonomy_term t ON t.council_id = $1 AND t.id = d.term_id
  LEFT JOIN taxonomy tx ON tx.council_id = $1 AND tx.id = t.taxonomy_id
  CROSS JOIN LATERAL (
    SELECT 'uri:' || ${normalisedKey('t.term_uri')} AS key
    UNION ALL SELECT 'curie:' || lower(trim(c)) FROM unnest(ARRAY[t.code, t.term]) AS c WHERE c LIKE '%_:_%'
    UNION ALL SELECT 'name:' || v || '|' || lower(trim(c))
      FROM unnest(ARRAY[${normalisedKey('t.taxonomy')}, ${normalisedKey('tx.name')}, ${normalisedKey('tx.uri')}]) AS v,
           unnest(ARRAY[t.code, t.term, t.name]) AS c
      WHERE v IS NOT NULL AND c IS NOT NULL
  ) k
  JOIN unnest($7::text[], $8::uuid[]) AS m(key, need_id) ON m.key = k.key
),
mapped AS MATERIALIZED (
  SELECT DISTINCT d.service_id, tn.need_id AS term_id FROM direct d JOIN term_needs tn ON tn.term_id = d.term_id
),
linked AS (
  SELECT service_id, term_id FROM direct UNION SELECT service_id, term_id FROM mapped
),
-- The needs this batch uses: their synonyms join the vocabulary typo correction offers.
used_needs AS MATERIALIZED (
  SELECT n.id, n.synonyms FROM needs n WHERE n.id IN (SELECT term_id FROM linked)
),
-- Every linked term with itself and its ancestors (the council's own tree, else the needs tree).
tree(term_id, ancestor_id, depth) AS (
  SELECT DISTINCT term_id, term_id, 0 FROM linked
  UNION
  SELECT tree.term_id, coalesce(t.parent_id, n.parent_id), tree.depth + 1
  FROM tree
  LEFT JOIN taxonomy_term t ON t.council_id = $1 AND t.id = tree.ancestor_id
  LEFT JOIN needs n ON n.id = tree.ancestor_id
  WHERE coalesce(t.parent_id, n.parent_id) IS NOT NULL AND tree.depth < 8
),
term_ids AS (
  SELECT d.service_id, array_agg(DISTINCT tree.ancestor_id) AS ids
  FROM linked d JOIN tree ON tree.term_id = d.term_id
  GROUP BY d.service_id
),
term_text AS (
  SELECT d.service_id,
         string_agg(t.name, ' ; ') AS names,
         array_agg(t.id) FILTER (WHERE dv.code IS NULL AND av.code IS NULL) AS shown_terms,
         array_agg(dv.code) FILTER (WHERE dv.code IS NOT NULL) AS delivery,
         array_agg(av.code) FILTER (WHERE av.code IS NOT NULL) AS accessibility
  FROM direct d
  JOIN taxonomy_term t ON t.council_id = $1 AND t.id = d.term_id
  LEFT JOIN ${deliveryVocab} AS dv(id, code) ON dv.id = d.term_id
  LEFT JOIN ${accessVocab} AS av(id, code) ON av.id = d.term_id
  GROUP BY d.service_id
),
places AS MATERIALIZED (
  SELECT DISTINCT ON (sal.service_id, l.id)
         sal.service_id, l.id AS location_id, l.location_type, l.name, l.description, l.latitude, l.longitude,
         ad.address, ad.postcode, ad.town
  FROM svc
  CROSS JOIN LATERAL (
    SELECT sal.service_id, sal.location_id FROM service_at_location sal WHERE sal.council_id = $1 AND sal.service_id = svc.id OFFSET 0
  ) sal
  CROSS JOIN LATERAL (SELECT * FROM location l WHERE l.council_id = $1 AND l.id = sal.location_id OFFSET 0) l
  LEFT JOIN LATERAL (
    SELECT concat_ws(', ', a.address_1, a.address_2, a.city) AS address, a.postal_code AS postcode, a.city AS town
    FROM address a WHERE a.council_id = $1 AND a.location_id = l.id
    ORDER BY (a.address_type = 'physical') DESC, a.position LIMIT 1
  ) ad ON true
  ORDER BY sal.service_id, l.id
),
-- Each place's accessibility text, by index probe per place (a join against a CTE would be
-- planned from a guess of one row, as a nested loop over every pair).
place_agg AS (
  SELECT p.service_id,
         bool_or(p.location_type = 'physical') AS physical,
         bool_or(p.location_type = 'virtual') AS virtual,
         string_agg(concat_ws(' ', p.name, p.town, p.postcode), ' ; ') AS words,
         lower(string_agg(concat_ws(' ', p.description, acc.text), ' ; ')) AS access_text
  FROM places p
  LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(' ', x.description, x.details, x.accessibility), ' ; ') AS text
    FROM accessibility x WHERE x.council_id = $1 AND x.location_id = p.location_id
  ) acc ON true
  GROUP BY p.service_id
),
-- Accessibility features the places are tagged with (the vocabulary's terms).
place_access AS (
  SELECT p.service_id, array_agg(DISTINCT av.code) AS codes
  FROM places p
  CROSS JOIN LATERAL (
    SELECT la.taxonomy_term_id FROM attribute la WHERE la.council_id = $1 AND la.location_id = p.location_id OFFSET 0
  ) la
  JOIN ${accessVocab} AS av(id, code) ON av.id = la.taxonomy_term_id
  GROUP BY p.service_id
),
langs AS (
  SELECT l.service_id,
         -- Distinct and sorted by the aggregate itself.
         array_agg(DISTINCT l.resolved) FILTER (WHERE l.resolved IS NOT NULL) AS codes
  FROM svc
  CROSS JOIN LATERAL (
    SELECT l.service_id,
           coalesce(
             CASE lower(split_part(l.code, '-', 1)) WHEN 'bsl' THEN 'bfi' WHEN '' THEN NULL ELSE lower(split_part(l.code, '-', 1)) END,
             $6::jsonb ->> lower(trim(l.name))) AS resolved
    FROM language l WHERE l.council_id = $1 AND l.service_id = svc.id OFFSET 0
  ) l
  GROUP BY l.service_id
),
costs AS (
  SELECT c.service_id,
         bool_or(c.amount > 0) AS charges,
         string_agg(concat_ws(' ', c.option, c.amount_description), ' ; ') AS text
  FROM svc
  CROSS JOIN LATERAL (SELECT * FROM cost_option c WHERE c.council_id = $1 AND c.service_id = svc.id OFFSET 0) c
  GROUP BY c.service_id
),
sched_ranges AS (
  SELECT sc.service_id, r.range
  FROM svc
  CROSS JOIN LATERAL (SELECT * FROM schedule sc WHERE sc.council_id = $1 AND sc.service_id = svc.id OFFSET 0) sc
  CROSS JOIN LATERAL unnest(string_to_array(upper(replace(sc.byday, ' ', '')), ',')) AS d(code)
  CROSS JOIN LATERAL (
    SELECT (array_position(ARRAY['MO','TU','WE','TH','FR','SA','SU'], d.code) - 1) * 1440 AS day_start,
           (extract(hour FROM sc.opens_at) * 60 + extract(minute FROM sc.opens_at))::int AS opens,
           CASE WHEN sc.closes_at >= time '23:59' THEN 1440
                ELSE (extract(hour FROM sc.closes_at) * 60 + extract(minute FROM sc.closes_at))::int END AS closes
  ) m
  -- Closing at or before opening runs past midnight (equal: round the clock); past Sunday
  -- midnight it carries on from Monday 00:00.
  CROSS JOIN LATERAL (
    SELECT m.day_start + m.opens AS s,
           m.day_start + CASE WHEN m.closes > m.opens THEN m.closes ELSE 1440 + m.closes END AS e
  ) x
  CROSS JOIN LATERAL unnest(ARRAY[
    int4range(x.s, least(x.e, 10080)),
    CASE WHEN x.e > 10080 THEN int4range(0, x.e - 10080) END
  ]) AS r(range)
  WHERE sc.freq = 'WEEKLY' AND coalesce(sc."interval", 1) = 1
    AND sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL
    AND (sc.valid_to IS NULL OR sc.valid_to >= current_date)
    AND (sc.valid_from IS NULL OR sc.valid_from <= current_date)
    AND m.day_start IS NOT NULL AND r.range IS NOT NULL
),
sched AS (
  SELECT service_id, range_agg(range) AS open_minutes FROM sched_ranges GROUP BY service_id
),
doc AS MATERIALIZED (
  SELECT svc.*, o.name AS organization_name,
         concat_ws(' ', svc.description, o.name, svc.eligibility_description, svc.alternate_name) AS body,
         lower(concat_ws(' ', svc.name, svc.description, svc.application_process)) AS own_words,
         concat_ws(' ', svc.fees, svc.fees_description, co.text) AS fee_text,
         tt.names, tt.shown_terms, tt.delivery AS delivery_terms, tt.accessibility AS accessibility_terms,
         ti.ids, pa.physical, pa.virtual, pa.words AS place_words, pa.access_text, pac.codes AS place_accessibility,
         lg.codes AS languages, co.charges, sc.open_minutes
  FROM svc
  LEFT JOIN LATERAL (SELECT o.name FROM organization o WHERE o.council_id = $1 AND o.id = svc.organization_id OFFSET 0) o ON true
  LEFT JOIN term_text tt ON tt.service_id = svc.id
  LEFT JOIN term_ids ti ON ti.service_id = svc.id
  LEFT JOIN place_agg pa ON pa.service_id = svc.id
  LEFT JOIN place_access pac ON pac.service_id = svc.id
  LEFT JOIN langs lg ON lg.service_id = svc.id
  LEFT JOIN costs co ON co.service_id = svc.id
  LEFT JOIN sched sc ON sc.service_id = svc.id
),
ins_service AS (
  INSERT INTO search_service (
    council_id, service_id, name, document, min_age, max_age, free, delivery, accessibility, languages,
    taxonomy_term_ids, direct_term_ids, open_minutes)
  SELECT
    d.council_id, d.id, d.name,
    setweight(to_tsvector('english', unaccent(d.name)), 'A')
      || setweight(to_tsvector('english', unaccent(coalesce(d.names, ''))), 'B')
      || setweight(to_tsvector('english', unaccent(d.body)), 'C')
      || setweight(to_tsvector('english', unaccent(coalesce(d.place_words, ''))), 'D'),
    floor(d.minimum_age)::int, floor(d.maximum_age)::int,
    NOT (coalesce(d.charges, false) OR (d.fee_text ~ '£ ?[0-9]*[1-9]' AND d.fee_text !~* '\\mfree\\M')),
    ${deliveryArray(vocabulary)},
    ${accessibilityArray(vocabulary)},
    coalesce(d.languages, '{}'),
    coalesce(d.ids, '{}'),
    coalesce(d.shown_terms, '{}'),
    coalesce(d.open_minutes, '{}')
  FROM doc d
  RETURNING service_id
),
ins_place AS (
  INSERT INTO search_place (council_id, service_id, location_id, latitude, longitude, name, address, postcode, town)
  SELECT $1, p.service_id, p.location_id, p.latitude, p.longitude, p.name, p.address, p.postcode, p.town
  -- Every service in places is in doc, so in ins_service; the key to it is checked at the end of the statement.
  FROM places p
  WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
  RETURNING 1
)
-- The names whose words typo correction offers (services, organisations, needs and their
-- synonyms, places), each distinct name once; search/index-builder.ts splits them into words.
SELECT (SELECT count(*) FROM ins_service) AS services, (SELECT count(*) FROM ins_place) AS places,
  ARRAY(
    SELECT DISTINCT piece.text
    FROM (
      SELECT d.name FROM doc d
      UNION ALL SELECT d.organization_name FROM doc d
      UNION ALL SELECT t.name FROM taxonomy_term t WHERE t.council_id = $1 AND t.id IN (SELECT term_id FROM direct)
      UNION ALL SELECT p.name FROM places p UNION ALL SELECT p.town FROM places p UNION ALL SELECT p.postcode FROM places p
      UNION ALL SELECT n.synonyms FROM used_needs n
    ) AS piece(text)
    WHERE piece.text IS NOT NULL
  ) AS names`;
  rebuildSqlCache = { key, sql };
  return sql;
}

/**
 * Rebuild the index rows of these services from the ORUK tables: rows of services that no
 * longer exist go, the rest are written afresh. `stale`: those of them that may have rows
 * already (to delete first); a service just created has none. Returns the names whose words
 * belong in the typo vocabulary (`addSearchWords`).
 */
export async function rebuildSearchRows(tx: Queryable, councilId: string, serviceIds: string[], stale: string[], vocabulary: IndexVocabulary): Promise<string[]> {
  if (!serviceIds.length) return [];
  // search_place rows go with their service (ON DELETE CASCADE).
  if (stale.length) await tx.query('DELETE FROM search_service WHERE council_id = $1 AND service_id = ANY($2::uuid[])', [councilId, stale]);
  const { rows } = await tx.query<{ names: string[] }>(rebuildSql(vocabulary), [
    councilId,
    serviceIds,
    vocabulary.needIds,
    vocabulary.needParents,
    vocabulary.needSynonyms,
    vocabulary.languageCodesByName,
    vocabulary.mappedKeys,
    vocabulary.mappedNeedIds,
  ]);
  return rows[0]?.names ?? [];
}

/** Add words to a council's typo vocabulary (those it has already stay). */
export async function addSearchWords(tx: Queryable, councilId: string, words: string[]): Promise<void> {
  if (!words.length) return;
  await tx.query('INSERT INTO search_word (council_id, word) SELECT $1, w FROM unnest($2::text[]) AS w ORDER BY 2 ON CONFLICT DO NOTHING', [councilId, words]);
}

/** Empty a council's index (before rebuilding it whole). */
export async function clearSearchIndex(tx: Queryable, councilId: string): Promise<void> {
  await tx.query('DELETE FROM search_service WHERE council_id = $1', [councilId]);
  await tx.query('DELETE FROM search_word WHERE council_id = $1', [councilId]);
}

/** The ids of a council's services, in pages, for a whole rebuild. */
export async function serviceIdsAfter(db: Queryable, councilId: string, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM service WHERE council_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
    [councilId, after, limit],
  );
  return rows.map((r) => r.id);
}
