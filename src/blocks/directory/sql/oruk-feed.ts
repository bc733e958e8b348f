import type { Queryable } from '../../../platform/db/db.js';
import { boundingBox, haversineSql } from '../../../platform/geo/distance.js';
import type { LocationSummary } from '../oruk/schemas.js';

/**
 * The ORUK feed's list queries: a page of services or of service_at_locations with the
 * feed's filters, and how many match. A page first picks its ids (the filters as semi-joins
 * on indexed columns, in primary-key order so the index is walked in order and the scan stops
 * at the page's end), then joins their fields; the count is its own statement over the same
 * filters. Feed order is by id: stable while a client pages through, even as names change.
 */

/** Collects positional parameters while a statement is assembled; values never enter the SQL text. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

export interface FeedFilters {
  /** Words, as a person types them (full-text search over the search index's document). */
  search?: string;
  /** Services tagged with any of these terms (a term and its narrower terms: `termWithNarrower`). */
  taxonomyTermIds?: string[];
  /** Services tagged with any term of this taxonomy. */
  taxonomyId?: string;
  organizationId?: string;
  /** Services whose minimum age is at least this (no minimum counts as 0). */
  minimumAge?: number;
  /** Services whose maximum age is at most this (no maximum is never at most anything). */
  maximumAge?: number;
  /** A schedule on this day: RFC 5545 day code, 'MO' … 'SU'. */
  day?: string;
  /** A schedule opening at or after this local time, 'HH:MM[:SS]'. */
  startTime?: string;
  /** A schedule closing at or before this local time, 'HH:MM[:SS]'. */
  endTime?: string;
  /** Changed on or after this moment (ISO 8601). */
  modifiedAfter?: string;
  /** Nearest first from this point; with `radiusM`, only within that many metres. */
  near?: { lat: number; lng: number; radiusM?: number };
}

export interface FeedPage<T> {
  total: number;
  items: T[];
}

/**
 * A term and every term under it, for the taxonomy_term_id filter. Resolved on its own so the
 * list and count statements get a plain array the planner can estimate. UNION (not UNION ALL)
 * ends the walk should a publisher's parents form a loop.
 */
export async function termWithNarrower(db: Queryable, councilId: string, termId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE term(id) AS (
       SELECT $2::uuid
       UNION
       SELECT t.id FROM taxonomy_term t JOIN term ON t.council_id = $1 AND t.parent_id = term.id
     )
     SELECT id FROM term`,
    [councilId, termId],
  );
  return rows.map((r) => r.id);
}

/**
 * The service filters, in two kinds: conditions on the service's own columns (alias `s`), and
 * sets of service ids from other tables (each a subquery). A list of services tests both on
 * `s`; a list of service_at_locations tests the sets on its own service_id, and needs the
 * service table only for column conditions.
 */
interface ServiceFilterSql {
  columns: string[];
  idSets: string[];
}

function serviceFilterSql(councilParam: string, f: FeedFilters, p: Params): ServiceFilterSql {
  const columns: string[] = [];
  const idSets: string[] = [];
  if (f.organizationId) columns.push(`s.organization_id = ${p.add(f.organizationId, 'uuid')}`);
  if (f.modifiedAfter) columns.push(`s.last_modified >= ${p.add(f.modifiedAfter, 'timestamptz')}`);
  if (f.minimumAge !== undefined) columns.push(`coalesce(s.minimum_age, 0) >= ${p.add(f.minimumAge, 'numeric')}`);
  if (f.maximumAge !== undefined) columns.push(`s.maximum_age <= ${p.add(f.maximumAge, 'numeric')}`);
  if (f.search) {
    idSets.push(`SELECT ss.service_id FROM search_service ss
      WHERE ss.council_id = ${councilParam} AND ss.document @@ websearch_to_tsquery('english', unaccent(${p.add(f.search, 'text')}))`);
  }
  if (f.taxonomyTermIds) {
    idSets.push(`SELECT a.service_id FROM attribute a
      WHERE a.council_id = ${councilParam} AND a.taxonomy_term_id = ANY(${p.add(f.taxonomyTermIds, 'uuid[]')}) AND a.service_id IS NOT NULL`);
  }
  if (f.taxonomyId) {
    idSets.push(`SELECT a.service_id FROM attribute a
      WHERE a.council_id = ${councilParam} AND a.service_id IS NOT NULL AND a.taxonomy_term_id IN (
        SELECT t.id FROM taxonomy_term t WHERE t.council_id = ${councilParam} AND t.taxonomy_id = ${p.add(f.taxonomyId, 'uuid')})`);
  }
  if (f.day || f.startTime || f.endTime) {
    const sc = [`sc.council_id = ${councilParam}`];
    // BYDAY lists day codes, monthly ones with an ordinal ('MO,TU', '1SA', '-1FR'). The cheap
    // LIKE narrows the rows; the pattern then checks the code stands alone in the list.
    if (f.day) {
      sc.push(`upper(sc.byday) LIKE ${p.add(`%${f.day}%`, 'text')}`);
      sc.push(`sc.byday ~* ${p.add(`(^|,)\\s*[+-]?[0-9]*${f.day}\\s*(,|$)`, 'text')}`);
    }
    if (f.startTime) sc.push(`sc.opens_at >= ${p.add(f.startTime, 'time')}`);
    if (f.endTime) sc.push(`sc.closes_at <= ${p.add(f.endTime, 'time')}`);
    idSets.push(`SELECT sc.service_id FROM schedule sc WHERE ${sc.join(' AND ')}`);
  }
  return { columns, idSets };
}

/** Every condition on service `s`, its council's first. */
function serviceConditions(councilParam: string, f: FeedFilters, p: Params): string[] {
  const { columns, idSets } = serviceFilterSql(councilParam, f, p);
  return [`s.council_id = ${councilParam}`, ...columns, ...idSets.map((set) => `s.id IN (${set})`)];
}

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/**
 * A centre as the statements see it. `radiusM` is the caller's limit, measured exactly
 * (haversine). Without it the list is every match nearest first, ranked by the flat-earth
 * distance (metres off across a county, the same order, and cheap when every place of the
 * council is ranked); `ringM` then bounds one try of that ranking (see `RINGS_M`).
 */
type Centre = NonNullable<FeedFilters['near']> & { ringM?: number };
type Matching = Omit<FeedFilters, 'near'> & { near?: Centre };

/**
 * Nearest first without a radius: the page is tried within these rings (flat-earth metres)
 * before ranking every place. A ring holding at least `offset + limit` matches holds the page,
 * in the same order, since every match outside it is further away.
 */
const RINGS_M = [2_000, 8_000, 32_000, 128_000];

interface NearSql {
  /** Metres of location `l` from the centre, for ordering. */
  distance: string;
  /** Conditions on location `l`: coordinates, and the box and limit when there is one. */
  where: string;
  /** Only places within a limit match (a radius or a ring). */
  bounded: boolean;
}

const isBounded = (near: Centre) => near.radiusM !== undefined || near.ringM !== undefined;

function box(centre: Centre, radiusM: number, p: Params): string {
  const b = boundingBox(centre, radiusM);
  return `l.latitude BETWEEN ${p.add(b.minLat, 'float8')} AND ${p.add(b.maxLat, 'float8')}
      AND l.longitude BETWEEN ${p.add(b.minLng, 'float8')} AND ${p.add(b.maxLng, 'float8')}`;
}

function nearSql(near: Centre, p: Params): NearSql {
  const lat = p.add(near.lat, 'float8');
  const lng = p.add(near.lng, 'float8');
  if (near.radiusM !== undefined) {
    const distance = haversineSql('l.latitude', 'l.longitude', lat, lng);
    return { distance, where: `${box(near, near.radiusM, p)} AND ${distance} <= ${p.add(near.radiusM, 'float8')}`, bounded: true };
  }
  const eastScale = p.add(METRES_PER_DEGREE * Math.cos((near.lat * Math.PI) / 180), 'float8');
  const distance = `sqrt(power((l.latitude - ${lat}) * ${METRES_PER_DEGREE}, 2) + power((l.longitude - ${lng}) * ${eastScale}, 2))`;
  if (near.ringM === undefined) return { distance, where: 'l.latitude IS NOT NULL AND l.longitude IS NOT NULL', bounded: false };
  // boundingBox is the flat-earth box, so the index range holds the whole ring.
  return { distance, where: `${box(near, near.ringM, p)} AND ${distance} <= ${p.add(near.ringM, 'float8')}`, bounded: true };
}

/** Nearest first with no limit: find the smallest ring holding the page, if any does. */
async function ringHolding(
  near: Centre | undefined,
  needed: number,
  count: (ring: Centre) => Promise<number>,
): Promise<Centre | undefined> {
  if (!near || isBounded(near)) return undefined;
  for (const ringM of RINGS_M) {
    const ring = { ...near, ringM };
    if ((await count(ring)) >= needed) return ring;
  }
  return undefined;
}

// --- services -------------------------------------------------------------------------------

/**
 * FROM/WHERE of the matching services. `distance` is each service's nearest place (NULL
 * without a centre, or for a service with no located place, which then comes last). A count
 * leaves out what cannot change it: the nearest-place join when nothing limits distance.
 */
function servicesMatch(councilId: string, f: Matching, p: Params, purpose: 'page' | 'count'): { from: string; distance: string } {
  const council = p.add(councilId, 'uuid');
  const where = serviceConditions(council, f, p).join('\n  AND ');
  const near = f.near && (purpose === 'page' || isBounded(f.near)) ? nearSql(f.near, p) : undefined;
  if (!near) return { from: `FROM service s WHERE ${where}`, distance: 'NULL::float8' };
  const places = `SELECT sal.service_id, min(${near.distance}) AS distance
        FROM location l JOIN service_at_location sal ON sal.council_id = l.council_id AND sal.location_id = l.id
        WHERE l.council_id = ${council} AND ${near.where}
        GROUP BY sal.service_id`;
  if (purpose === 'count') return { from: `FROM service s WHERE ${where} AND s.id IN (SELECT service_id FROM (${places}) d)`, distance: 'NULL::float8' };
  return {
    from: `FROM service s ${near.bounded ? 'JOIN' : 'LEFT JOIN'} (${places}) d ON d.service_id = s.id WHERE ${where}`,
    distance: 'd.distance',
  };
}

export async function countServices(db: Queryable, councilId: string, filters: Matching): Promise<number> {
  const p = new Params();
  const { from } = servicesMatch(councilId, filters, p, 'count');
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, p.values);
  return rows[0].n;
}

/** The ids of one page of services matching the filters, in feed order (by id; nearest first with a centre). */
export async function pageOfServiceIds(db: Queryable, councilId: string, filters: Matching, limit: number, offset: number): Promise<string[]> {
  const ring = await ringHolding(filters.near, offset + limit, (near) => countServices(db, councilId, { ...filters, near }));
  const f = ring ? { ...filters, near: ring } : filters;
  const p = new Params();
  const { from, distance } = servicesMatch(councilId, f, p, 'page');
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id, ${distance} AS distance
     ${from}
     ORDER BY distance NULLS LAST, s.id
     LIMIT ${p.add(limit, 'int')} OFFSET ${p.add(offset, 'int')}`,
    p.values,
  );
  return rows.map((r) => r.id);
}

// --- service_at_locations -------------------------------------------------------------------

/**
 * FROM/WHERE of the matching service_at_locations. The service is joined only when a filter
 * is on the service (every service_at_location has one, by foreign key), and the location only
 * when there is a centre.
 */
function placesMatch(councilId: string, f: Matching, p: Params, purpose: 'page' | 'count'): { from: string; distance: string } {
  const council = p.add(councilId, 'uuid');
  const where = [`sal.council_id = ${council}`];
  const { columns, idSets } = serviceFilterSql(council, f, p);
  if (columns.length) where.push(`sal.service_id IN (SELECT s.id FROM service s WHERE s.council_id = ${council} AND ${columns.join(' AND ')})`);
  for (const set of idSets) where.push(`sal.service_id IN (${set})`);
  const near = f.near && (purpose === 'page' || isBounded(f.near)) ? nearSql(f.near, p) : undefined;
  if (near?.bounded) where.push(near.where);
  return {
    from: `FROM service_at_location sal
      ${near ? 'JOIN location l ON l.council_id = sal.council_id AND l.id = sal.location_id' : ''}
      WHERE ${where.join('\n  AND ')}`,
    distance: near ? near.distance : 'NULL::float8',
  };
}

export async function countServiceAtLocations(db: Queryable, councilId: string, filters: Matching): Promise<number> {
  const p = new Params();
  const { from } = placesMatch(councilId, filters, p, 'count');
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, p.values);
  return rows[0].n;
}

/** A page's service_at_location with its location's own fields (the service is added by the caller). */
export interface PlaceItem {
  id: string;
  service_id: string;
  location_id: string;
  location: LocationSummary;
}

interface PlaceRow {
  id: string;
  service_id: string;
  location_id: string;
  location_type: LocationSummary['location_type'];
  name: string | null;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  external_identifier: string | null;
  external_identifier_type: string | null;
}

/** Copy the non-null fields: ORUK leaves empty optional fields out rather than sending null. */
function present<T extends object>(entries: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== null && value !== undefined) out[key] = value;
  return out as T;
}

/** One page of service_at_locations matching the filters (by id; nearest first with a centre). */
export async function pageOfServiceAtLocations(
  db: Queryable,
  councilId: string,
  filters: FeedFilters,
  limit: number,
  offset: number,
): Promise<PlaceItem[]> {
  const ring = await ringHolding(filters.near, offset + limit, (near) => countServiceAtLocations(db, councilId, { ...filters, near }));
  const p = new Params();
  const { from, distance } = placesMatch(councilId, ring ? { ...filters, near: ring } : filters, p, 'page');
  const council = p.add(councilId, 'uuid');
  const { rows } = await db.query<PlaceRow>(
    `WITH page AS MATERIALIZED (
       SELECT sal.id, ${distance} AS distance
       ${from}
       ORDER BY distance NULLS LAST, sal.id
       LIMIT ${p.add(limit, 'int')} OFFSET ${p.add(offset, 'int')}
     )
     SELECT sal.id, sal.service_id, sal.location_id, l.location_type, l.name, l.description, l.latitude, l.longitude,
       l.external_identifier, l.external_identifier_type
     FROM page
     JOIN service_at_location sal ON sal.council_id = ${council} AND sal.id = page.id
     JOIN location l ON l.council_id = sal.council_id AND l.id = sal.location_id
     ORDER BY page.distance NULLS LAST, page.id`,
    p.values,
  );
  return rows.map((r) => ({
    id: r.id,
    service_id: r.service_id,
    location_id: r.location_id,
    location: present<LocationSummary>({
      id: r.location_id,
      location_type: r.location_type,
      name: r.name,
      description: r.description,
      latitude: r.latitude,
      longitude: r.longitude,
      external_identifier: r.external_identifier,
      external_identifier_type: r.external_identifier_type,
    }),
  }));
}
