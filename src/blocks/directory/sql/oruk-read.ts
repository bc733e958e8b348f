import type { Queryable } from '../../../platform/db/db.js';
import type {
  Location,
  Organization,
  Page,
  Service,
  ServiceAtLocationFull,
  ServiceListItem,
  Taxonomy,
  TaxonomyTerm,
  TaxonomyWithTerms,
} from '../oruk/schemas.js';
import { isUuid } from '../../../platform/uuid.js';

/**
 * SQL that reads the directory back as ORUK 3.0 JSON: full services (export, the ORUK feed,
 * the service page), service list items, service_at_location, taxonomies and terms.
 *
 * Output follows ORUK's compliance rules so that import → export → import is a fixed point:
 * empty optional fields and empty lists are left out (never null, never ""), numbers are
 * numbers, dates 'YYYY-MM-DD', times 'HH:MM:SS', last_modified 'YYYY-MM-DDTHH:MM:SS.mmmZ'.
 * Keys come in ORUK's order. Foreign keys that the nesting implies (a schedule's service_id,
 * an attribute's link_id, ...) are left out, as in ORUK's examples.
 *
 * A batch of full services is one statement: each table's rows for the batch come back as
 * one JSON array and are assembled here.
 */

type Row = Record<string, unknown>;

/** The fields of `row` named in `keys`, in that order, leaving out null and undefined. */
function pick(row: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) {
    const v = row[k];
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}

/** Set `key` to `list` only if it has items (ORUK output leaves empty lists out). */
function withList(target: Row, key: string, list: unknown[] | undefined): void {
  if (list && list.length) target[key] = list;
}

function groupBy(rows: Row[] | null, key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows ?? []) {
    const k = row[key] as string;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(row);
  }
  return groups;
}

const SERVICE_KEYS = [
  'id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services', 'application_process',
  'fees_description', 'wait_time', 'fees', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age',
  'assured_date', 'assurer_email', 'licenses', 'alert', 'last_modified',
] as const;
const ORGANIZATION_KEYS = ['id', 'name', 'description', 'email', 'website', 'logo', 'uri', 'parent_organization_id'] as const;
const LOCATION_KEYS = ['id', 'location_type', 'name', 'description', 'latitude', 'longitude', 'external_identifier', 'external_identifier_type'] as const;
const TERM_KEYS = ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'taxonomy_id', 'term_uri', 'term', 'language'] as const;
const TAXONOMY_KEYS = ['id', 'name', 'description', 'uri', 'version'] as const;

/** The select list of a service's own fields, formatted for output. */
const SERVICE_COLUMNS = `s.id, s.organization_id, s.program_id, s.name, s.alternate_name, s.description, s.url, s.email, s.status,
  s.interpretation_services, s.application_process, s.fees_description, s.wait_time, s.fees, s.accreditations,
  s.eligibility_description, s.minimum_age, s.maximum_age,
  -- "Last checked" in Hearth is published as ORUK's assured_date when it is the later of the two.
  GREATEST(s.assured_date, (s.last_checked AT TIME ZONE 'Europe/London')::date) AS assured_date,
  s.assurer_email, s.licenses, s.alert,
  to_char(s.last_modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_modified`;

const ORGANIZATION_COLUMNS = 'o.id, o.name, o.description, o.email, o.website, o.logo, o.uri, o.parent_organization_id';

/** `json_agg` of a subquery's rows in order, nulls stripped, '[]' when none. */
const agg = (select: string, order: string) =>
  `(SELECT coalesce(json_strip_nulls(json_agg(x ORDER BY ${order})), '[]') FROM (${select}) x)`;

// `= ANY(ARRAY(subquery))` rather than `IN (subquery)`: the few ids a batch needs are looked up
// by index, where a semi-join estimated from table statistics may scan whole tables.
const FULL_SERVICES_SQL = `
WITH s AS (SELECT * FROM service WHERE council_id = $1 AND id = ANY($2::uuid[])),
sal AS (SELECT * FROM service_at_location WHERE council_id = $1 AND service_id = ANY($2::uuid[])),
loc AS (SELECT * FROM location WHERE council_id = $1 AND id = ANY(ARRAY(SELECT location_id FROM sal))),
org AS (SELECT * FROM organization WHERE council_id = $1 AND id = ANY(ARRAY(SELECT organization_id FROM s))),
attr AS (
  SELECT * FROM attribute WHERE council_id = $1 AND service_id = ANY($2::uuid[])
  UNION ALL SELECT * FROM attribute WHERE council_id = $1 AND location_id = ANY(ARRAY(SELECT id FROM loc))
  UNION ALL SELECT * FROM attribute WHERE council_id = $1 AND organization_id = ANY(ARRAY(SELECT id FROM org))
)
SELECT
  ${agg(`SELECT ${SERVICE_COLUMNS} FROM s`, 'x.id')} AS services,
  ${agg(`SELECT ${ORGANIZATION_COLUMNS} FROM org o`, 'x.id')} AS organizations,
  ${agg(`SELECT id, organization_id, identifier_scheme, identifier_type, identifier, position FROM organization_identifier
         WHERE council_id = $1 AND organization_id = ANY(ARRAY(SELECT id FROM org))`, 'x.organization_id, x.position, x.id')} AS organization_identifiers,
  ${agg(`SELECT id, name, alternate_name, description FROM program
         WHERE council_id = $1 AND id = ANY(ARRAY(SELECT program_id FROM s))`, 'x.id')} AS programs,
  ${agg(`SELECT sal.id, sal.service_id, sal.location_id, sal.position FROM sal`, 'x.service_id, x.position, x.id')} AS service_at_locations,
  ${agg(`SELECT id, location_type, name, description, latitude, longitude, external_identifier, external_identifier_type FROM loc`, 'x.id')} AS locations,
  ${agg(`SELECT id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type, position
         FROM address WHERE council_id = $1 AND location_id = ANY(ARRAY(SELECT id FROM loc))`, 'x.location_id, x.position, x.id')} AS addresses,
  ${agg(`SELECT id, location_id, description, details, url, accessibility, position
         FROM accessibility WHERE council_id = $1 AND location_id = ANY(ARRAY(SELECT id FROM loc))`, 'x.location_id, x.position, x.id')} AS accessibility,
  ${agg(`SELECT id, service_id, service_at_location_id, valid_from, valid_to, dtstart, freq, "interval", byday, bymonthday, description,
                opens_at, closes_at, schedule_link, attending_type, notes, position
         FROM schedule WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS schedules,
  ${agg(`SELECT id, service_id, name, extent, extent_type, uri, service_area, position
         FROM service_area WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS service_areas,
  ${agg(`SELECT id, service_id, owner, phone_id, name, code, note, position
         FROM language WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS languages,
  ${agg(`SELECT id, service_id, source, position
         FROM funding WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS funding,
  ${agg(`SELECT id, service_id, valid_from, valid_to, option, currency, amount, amount_description, position
         FROM cost_option WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS cost_options,
  ${agg(`SELECT id, service_id, document, uri, position
         FROM required_document WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS required_documents,
  ${agg(`SELECT id, service_id, resource_id, resource_type, last_action_date, last_action_type, field_name, previous_value,
                replacement_value, updated_by, position
         FROM metadata WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS metadata,
  ${agg(`SELECT id, service_id, name, title, department, email, position
         FROM contact WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS contacts,
  ${agg(`SELECT id, service_id, contact_id, number, extension, type, description, position
         FROM phone WHERE council_id = $1 AND service_id = ANY($2::uuid[])`, 'x.service_id, x.position, x.id')} AS phones,
  ${agg(`SELECT id, link_entity, link_id, link_type, taxonomy_term_id, value, label, position FROM attr`, 'x.link_id, x.position, x.id')} AS attributes,
  ${agg(`SELECT ${TERM_KEYS.join(', ')} FROM taxonomy_term
         WHERE council_id = $1 AND id = ANY(ARRAY(SELECT DISTINCT taxonomy_term_id FROM attr))`, 'x.id')} AS terms`;

interface FullServiceRows {
  services: Row[];
  organizations: Row[];
  organization_identifiers: Row[];
  programs: Row[];
  service_at_locations: Row[];
  locations: Row[];
  addresses: Row[];
  accessibility: Row[];
  schedules: Row[];
  service_areas: Row[];
  languages: Row[];
  funding: Row[];
  cost_options: Row[];
  required_documents: Row[];
  metadata: Row[];
  contacts: Row[];
  phones: Row[];
  attributes: Row[];
  terms: Row[];
}

/** Turns one batch's rows into nested ORUK objects. */
class Assembler {
  private readonly terms: Map<string, Row>;
  private readonly attributes: Map<string, Row[]>;
  private readonly organizations = new Map<string, Row>();
  private readonly locations = new Map<string, Row>();
  private readonly byService: Record<string, Map<string, Row[]>>;

  constructor(private readonly rows: FullServiceRows) {
    this.terms = new Map(rows.terms.map((t) => [t.id as string, pick(t, TERM_KEYS)]));
    this.attributes = groupBy(rows.attributes, 'link_id');
    const identifiers = groupBy(rows.organization_identifiers, 'organization_id');
    for (const o of rows.organizations) {
      const org = pick(o, ORGANIZATION_KEYS);
      withList(
        org,
        'organization_identifiers',
        identifiers.get(o.id as string)?.map((x) => this.attributed(pick(x, ['id', 'identifier_scheme', 'identifier_type', 'identifier']), x.id, 'organization_identifier')),
      );
      this.organizations.set(o.id as string, this.attributed(org, o.id, 'organization'));
    }
    const addresses = groupBy(rows.addresses, 'location_id');
    const accessibility = groupBy(rows.accessibility, 'location_id');
    for (const l of rows.locations) {
      const location = pick(l, LOCATION_KEYS);
      const id = l.id as string;
      withList(
        location,
        'addresses',
        addresses.get(id)?.map((a) =>
          this.attributed(
            pick(a, ['id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type']),
            a.id,
            'address',
          ),
        ),
      );
      withList(
        location,
        'accessibility',
        accessibility.get(id)?.map((a) => this.attributed(pick(a, ['id', 'description', 'details', 'url', 'accessibility']), a.id, 'accessibility')),
      );
      this.locations.set(id, this.attributed(location, id, 'location'));
    }
    this.byService = {};
    for (const k of ['service_at_locations', 'schedules', 'service_areas', 'languages', 'funding', 'cost_options', 'required_documents', 'metadata', 'contacts', 'phones'] as const) {
      this.byService[k] = groupBy(rows[k], 'service_id');
    }
  }

  /** `target` with its attributes (those linking to `linkId` from `entity`) added. */
  private attributed(target: Row, linkId: unknown, entity: string): Row {
    const attributes = this.attributes.get(linkId as string)?.filter((a) => a.link_entity === entity);
    withList(
      target,
      'attributes',
      attributes?.map((a) => {
        const out = pick(a, ['id', 'link_type']);
        const term = this.terms.get(a.taxonomy_term_id as string);
        if (term) out.taxonomy_term = term;
        return Object.assign(out, pick(a, ['value', 'label']));
      }),
    );
    return target;
  }

  location(id: string): Location | undefined {
    return this.locations.get(id) as Location | undefined;
  }

  organization(id: string): Organization | undefined {
    return this.organizations.get(id) as Organization | undefined;
  }

  service(row: Row): Service {
    const id = row.id as string;
    const of = (k: string) => this.byService[k].get(id);
    const languagesOf = (rows: Row[] | undefined, withPhone: boolean) =>
      rows?.map((l) => pick(l, withPhone ? ['id', 'phone_id', 'name', 'code', 'note'] : ['id', 'name', 'code', 'note']));
    const phoneLanguages = groupBy((of('languages') ?? []).filter((l) => l.owner === 'phone'), 'phone_id');
    const phone = (p: Row) => {
      const out = pick(p, ['id', 'number', 'extension', 'type', 'description']);
      withList(out, 'languages', languagesOf(phoneLanguages.get(p.id as string), false));
      return out;
    };
    const phones = of('phones') ?? [];

    const s = pick(row, SERVICE_KEYS);
    withList(s, 'phones', phones.filter((p) => p.contact_id == null).map(phone));
    withList(s, 'schedules', of('schedules')?.map((x) =>
      pick(x, ['id', 'service_at_location_id', 'valid_from', 'valid_to', 'dtstart', 'freq', 'interval', 'byday', 'bymonthday', 'description',
        'opens_at', 'closes_at', 'schedule_link', 'attending_type', 'notes'])));
    withList(s, 'service_areas', of('service_areas')?.map((x) => pick(x, ['id', 'name', 'extent', 'extent_type', 'uri', 'service_area'])));
    withList(s, 'service_at_locations', of('service_at_locations')?.map((x) => {
      const out: Row = { id: x.id };
      const location = this.locations.get(x.location_id as string);
      if (location) out.location = location;
      return out;
    }));
    withList(s, 'languages', languagesOf(of('languages')?.filter((l) => l.owner === 'service'), true));
    const organization = this.organizations.get(row.organization_id as string);
    if (organization) s.organization = organization;
    withList(s, 'funding', of('funding')?.map((x) => pick(x, ['id', 'source'])));
    withList(s, 'cost_options', of('cost_options')?.map((x) =>
      pick(x, ['id', 'valid_from', 'valid_to', 'option', 'currency', 'amount', 'amount_description'])));
    const program = this.rows.programs.find((p) => p.id === row.program_id);
    if (program) s.program = pick(program, ['id', 'name', 'alternate_name', 'description']);
    withList(s, 'required_documents', of('required_documents')?.map((x) => pick(x, ['id', 'document', 'uri'])));
    withList(s, 'contacts', of('contacts')?.map((c) => {
      const out = pick(c, ['id', 'name', 'title', 'department', 'email']);
      withList(out, 'phones', phones.filter((p) => p.contact_id === c.id).map(phone));
      return this.attributed(out, c.id, 'contact');
    }));
    this.attributed(s, id, 'service');
    withList(s, 'metadata', of('metadata')?.map((x) =>
      pick(x, ['id', 'resource_id', 'resource_type', 'last_action_date', 'last_action_type', 'field_name', 'previous_value', 'replacement_value', 'updated_by'])));
    return s as Service;
  }
}

async function readBatch(db: Queryable, councilId: string, ids: string[]): Promise<{ assembler: Assembler; rows: FullServiceRows }> {
  const { rows } = await db.query<FullServiceRows>(FULL_SERVICES_SQL, [councilId, ids]);
  return { assembler: new Assembler(rows[0]), rows: rows[0] };
}

/** Full services by id, in the order of `ids` (ids that do not exist are left out). */
export async function getFullServices(db: Queryable, councilId: string, ids: string[]): Promise<Service[]> {
  if (ids.length === 0) return [];
  const { assembler, rows } = await readBatch(db, councilId, ids);
  const byId = new Map(rows.services.map((r) => [r.id as string, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id.toLowerCase());
    return row ? [assembler.service(row)] : [];
  });
}

export async function getFullService(db: Queryable, councilId: string, id: string): Promise<Service | undefined> {
  if (!isUuid(id)) return undefined;
  return (await getFullServices(db, councilId, [id]))[0];
}

/** Ids of a council's services after `after` (all from the start when null), in id order. */
export async function nextServiceIds(db: Queryable, councilId: string, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM service WHERE council_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3',
    [councilId, after, limit],
  );
  return rows.map((r) => r.id);
}

/** Every full service of a council in id order, a batch at a time (keyset paging: flat cost per batch). */
export async function* iterateFullServices(db: Queryable, councilId: string, batchSize = 500): AsyncGenerator<Service[]> {
  let after: string | null = null;
  for (;;) {
    const ids = await nextServiceIds(db, councilId, after, batchSize);
    if (ids.length === 0) return;
    yield await getFullServices(db, councilId, ids);
    after = ids[ids.length - 1];
  }
}

export async function countServices(db: Queryable, councilId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM service WHERE council_id = $1', [councilId]);
  return rows[0].n;
}

/** Hearth's bookkeeping of services (not ORUK fields), for pages: when created, changed, last checked. */
export async function getServiceBookkeeping(
  db: Queryable,
  councilId: string,
  ids: string[],
): Promise<Map<string, { createdAt: Date; updatedAt: Date; lastChecked: Date | null }>> {
  const { rows } = await db.query<{ id: string; created_at: Date | string; updated_at: Date | string; last_checked: Date | string | null }>(
    'SELECT id, created_at, updated_at, last_checked FROM service WHERE council_id = $1 AND id = ANY($2::uuid[])',
    [councilId, ids.filter(isUuid)],
  );
  const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return new Map(
    rows.map((r) => [r.id, { createdAt: date(r.created_at), updatedAt: date(r.updated_at), lastChecked: r.last_checked === null ? null : date(r.last_checked) }]),
  );
}

/** Services as `/services` pages list them (own fields and organisation), in the order of `ids`. */
export async function getServiceListItems(db: Queryable, councilId: string, ids: string[]): Promise<ServiceListItem[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ s: Row; o: Row }>(
    `SELECT json_strip_nulls(row_to_json(sx)) AS s, json_strip_nulls(row_to_json(ox)) AS o
     FROM (SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.council_id = $1 AND s.id = ANY($2::uuid[])) sx
     JOIN LATERAL (SELECT ${ORGANIZATION_COLUMNS} FROM organization o WHERE o.council_id = $1 AND o.id = sx.organization_id) ox ON true`,
    [councilId, ids.filter(isUuid)],
  );
  const byId = new Map(rows.map((r) => [r.s.id as string, { ...pick(r.s, SERVICE_KEYS), organization: pick(r.o, ORGANIZATION_KEYS) } as ServiceListItem]));
  return ids.flatMap((id) => byId.get(id.toLowerCase()) ?? []);
}

/** One service at one location, as ORUK's `/service_at_locations/{id}` returns it. */
export async function getServiceAtLocation(db: Queryable, councilId: string, id: string): Promise<ServiceAtLocationFull | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<{ service_id: string; location_id: string }>(
    'SELECT service_id, location_id FROM service_at_location WHERE council_id = $1 AND id = $2',
    [councilId, id],
  );
  if (!rows.length) return undefined;
  const { assembler, rows: batch } = await readBatch(db, councilId, [rows[0].service_id]);
  const location = assembler.location(rows[0].location_id);
  const { service_at_locations: _places, ...service } = assembler.service(batch.services[0]);
  return { id: id.toLowerCase(), ...(location ? { location } : {}), service };
}

/** Which of these ids exist in `table` for the council. */
export async function existingIds(db: Queryable, councilId: string, table: 'service' | 'location' | 'taxonomy_term' | 'organization', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE council_id = $1 AND id = ANY($2::uuid[])`, [councilId, ids]);
  return new Set(rows.map((r) => r.id));
}

// --- taxonomies -----------------------------------------------------------------------------

export interface PageRequest {
  /** From 1. */
  page?: number;
  perPage?: number;
}

/** An ORUK page around one page of items. */
export function orukPage<T>(contents: T[], totalItems: number, page: number, perPage: number): Page<T> {
  const totalPages = Math.ceil(totalItems / perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function paging(request: PageRequest): { page: number; perPage: number; offset: number } {
  const page = Math.max(1, Math.floor(request.page ?? 1));
  const perPage = Math.min(1000, Math.max(1, Math.floor(request.perPage ?? 50)));
  return { page, perPage, offset: (page - 1) * perPage };
}

export async function listTaxonomies(db: Queryable, councilId: string, request: PageRequest = {}): Promise<Page<Taxonomy>> {
  const { page, perPage, offset } = paging(request);
  const { rows } = await db.query<Row & { total: number }>(
    `SELECT t.*, count(*) OVER () AS total FROM (
       SELECT ${TAXONOMY_KEYS.join(', ')} FROM taxonomy WHERE council_id = $1) t
     ORDER BY t.name, t.id LIMIT $2 OFFSET $3`,
    [councilId, perPage, offset],
  );
  const total = rows.length ? Number(rows[0].total) : await countRows(db, 'taxonomy', councilId);
  return orukPage(rows.map((r) => pick(r, TAXONOMY_KEYS) as Taxonomy), total, page, perPage);
}

async function countRows(db: Queryable, table: 'taxonomy' | 'taxonomy_term', councilId: string, where = '', params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1 ${where}`, [councilId, ...params]);
  return rows[0].n;
}

/** A taxonomy with its terms (by name), as `/taxonomies/{id}` returns it. */
export async function getTaxonomy(db: Queryable, councilId: string, id: string): Promise<TaxonomyWithTerms | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<Row>(`SELECT ${TAXONOMY_KEYS.join(', ')} FROM taxonomy WHERE council_id = $1 AND id = $2`, [councilId, id]);
  if (!rows.length) return undefined;
  const terms = await db.query<Row>(
    `SELECT ${TERM_KEYS.join(', ')} FROM taxonomy_term WHERE council_id = $1 AND taxonomy_id = $2 ORDER BY name, id`,
    [councilId, id],
  );
  const taxonomy = pick(rows[0], TAXONOMY_KEYS);
  withList(taxonomy, 'taxonomy_terms', terms.rows.map((t) => pick(t, TERM_KEYS)));
  return taxonomy as TaxonomyWithTerms;
}

export interface TermFilter extends PageRequest {
  taxonomyId?: string;
  /** Terms directly under this one; `null` for top-level terms. */
  parentId?: string | null;
}

export async function listTaxonomyTerms(db: Queryable, councilId: string, request: TermFilter = {}): Promise<Page<TaxonomyTerm>> {
  const { page, perPage, offset } = paging(request);
  const where: string[] = [];
  const params: unknown[] = [];
  if (request.taxonomyId !== undefined) {
    params.push(request.taxonomyId);
    where.push(`AND taxonomy_id = $${params.length + 1}::uuid`);
  }
  if (request.parentId === null) where.push('AND parent_id IS NULL');
  else if (request.parentId !== undefined) {
    params.push(request.parentId);
    where.push(`AND parent_id = $${params.length + 1}::uuid`);
  }
  const filter = where.join(' ');
  const { rows } = await db.query<Row & { total: number }>(
    `SELECT ${TERM_KEYS.join(', ')}, count(*) OVER () AS total FROM taxonomy_term WHERE council_id = $1 ${filter}
     ORDER BY name, id LIMIT ${perPage} OFFSET ${offset}`,
    [councilId, ...params],
  );
  const total = rows.length ? Number(rows[0].total) : await countRows(db, 'taxonomy_term', councilId, filter, params);
  return orukPage(rows.map((r) => pick(r, TERM_KEYS) as TaxonomyTerm), total, page, perPage);
}

export async function getTaxonomyTerm(db: Queryable, councilId: string, id: string): Promise<TaxonomyTerm | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<Row>(`SELECT ${TERM_KEYS.join(', ')} FROM taxonomy_term WHERE council_id = $1 AND id = $2`, [councilId, id]);
  return rows.length ? (pick(rows[0], TERM_KEYS) as TaxonomyTerm) : undefined;
}

/**
 * Make the caller's (just begun) transaction read one consistent snapshot, so a long export
 * sees every service as of one moment even while imports run.
 */
export async function useReadSnapshot(tx: Queryable): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
}
