import { hash } from 'node:crypto';
import type { Queryable } from '../../../platform/db/db.js';
import type {
  Attribute,
  Location,
  Organization,
  Phone,
  Service,
  Taxonomy,
  TaxonomyTerm,
  TaxonomyWithTerms,
} from '../oruk/schemas.js';

/**
 * SQL that writes full ORUK services (already validated: oruk/validate.ts) into the directory
 * tables, set-based: each table gets one statement per batch of services, its rows passed as
 * one JSON parameter and unpacked with `json_to_recordset` (text JSON: parsed once, as it is
 * read, without building a jsonb value first).
 *
 * - Services, organisations, locations, programs and taxonomy terms are upserted by id:
 *   shared things are written once however many services carry them (the last copy in a batch
 *   wins). Upserting a location or organisation replaces its own lists (addresses,
 *   accessibility, identifiers, attributes); a location named only by id is left alone.
 * - A service's own lists are replaced: the batch's existing children are deleted, then the
 *   new ones inserted in input order (`position`). A child id already used elsewhere moves to
 *   the service that now claims it (a publisher moved a contact from one service to another).
 * - Nothing here opens a transaction: callers write inside theirs.
 */

type Row = Record<string, unknown>;

/** Services per set of statements: big enough to amortise round trips, small enough to plan well. */
export const WRITE_BATCH = 1000;

interface Table {
  name: string;
  /** [column, SQL type] in the order json_to_recordset declares them. */
  columns: [string, string][];
}

function table(name: string, spec: string): Table {
  return {
    name,
    columns: spec
      .split(',')
      .map((c) => c.trim().split(/\s+/))
      .map(([column, type]) => [column, type]),
  };
}

const q = (identifier: string) => `"${identifier}"`;

const TAXONOMY = table('taxonomy', 'id uuid, name text, description text, uri text, version text');
const TAXONOMY_TERM = table(
  'taxonomy_term',
  'id uuid, code text, name text, description text, parent_id uuid, taxonomy text, taxonomy_id uuid, term_uri text, term text, language text',
);
const ORGANIZATION = table(
  'organization',
  'id uuid, name text, description text, email text, website text, logo text, uri text, parent_organization_id uuid',
);
const ORGANIZATION_IDENTIFIER = table(
  'organization_identifier',
  'id uuid, organization_id uuid, identifier_scheme text, identifier_type text, identifier text, position int',
);
const PROGRAM = table('program', 'id uuid, organization_id uuid, name text, alternate_name text, description text');
const LOCATION = table(
  'location',
  'id uuid, location_type text, name text, description text, latitude float8, longitude float8, external_identifier text, external_identifier_type text',
);
const ADDRESS = table(
  'address',
  'id uuid, location_id uuid, attention text, address_1 text, address_2 text, city text, region text, state_province text, postal_code text, country text, address_type text, position int',
);
const ACCESSIBILITY = table('accessibility', 'id uuid, location_id uuid, description text, details text, url text, accessibility text, position int');
const SERVICE = table(
  'service',
  'id uuid, organization_id uuid, program_id uuid, name text, alternate_name text, description text, url text, email text, status text, ' +
    'interpretation_services text, application_process text, fees_description text, wait_time text, fees text, accreditations text, ' +
    'eligibility_description text, minimum_age numeric, maximum_age numeric, assured_date date, assurer_email text, licenses text, alert text, ' +
    'last_modified timestamptz',
);
const SERVICE_AT_LOCATION = table('service_at_location', 'id uuid, service_id uuid, location_id uuid, position int');
const SCHEDULE = table(
  'schedule',
  'id uuid, service_id uuid, service_at_location_id uuid, valid_from date, valid_to date, dtstart date, freq text, interval int, byday text, ' +
    'bymonthday text, description text, opens_at time, closes_at time, schedule_link text, attending_type text, notes text, position int',
);
const SERVICE_AREA = table('service_area', 'id uuid, service_id uuid, name text, extent text, extent_type text, uri text, service_area text, position int');
const CONTACT = table('contact', 'id uuid, service_id uuid, name text, title text, department text, email text, position int');
const PHONE = table('phone', 'id uuid, service_id uuid, contact_id uuid, number text, extension text, type text, description text, position int');
const LANGUAGE = table('language', 'id uuid, service_id uuid, owner text, phone_id uuid, name text, code text, note text, position int');
const FUNDING = table('funding', 'id uuid, service_id uuid, source text, position int');
const COST_OPTION = table(
  'cost_option',
  'id uuid, service_id uuid, valid_from date, valid_to date, option text, currency text, amount numeric, amount_description text, position int',
);
const REQUIRED_DOCUMENT = table('required_document', 'id uuid, service_id uuid, document text, uri text, position int');
const METADATA = table(
  'metadata',
  'id uuid, service_id uuid, resource_id uuid, resource_type text, last_action_date date, last_action_type text, field_name text, ' +
    'previous_value text, replacement_value text, updated_by text, position int',
);
const ATTRIBUTE = table(
  'attribute',
  'id uuid, link_entity text, link_id uuid, link_type text, taxonomy_term_id uuid, value text, label text, position int, ' +
    'service_id uuid, location_id uuid, organization_id uuid',
);

/** Tables of rows a service owns, deleted and rewritten with it. Order matters for inserts. */
const SERVICE_CHILDREN = [SERVICE_AT_LOCATION, SCHEDULE, SERVICE_AREA, CONTACT, PHONE, LANGUAGE, FUNDING, COST_OPTION, REQUIRED_DOCUMENT, METADATA];

const sqlCache = new Map<string, string>();
function cached(key: string, build: () => string): string {
  let sql = sqlCache.get(key);
  if (!sql) sqlCache.set(key, (sql = build()));
  return sql;
}

/** The recordset unpacking parameter `$n` into the table's columns. */
const recordset = (t: Table, n: number) => `json_to_recordset($${n}::json) AS x(${t.columns.map(([c, type]) => `${q(c)} ${type}`).join(', ')})`;

/**
 * INSERT ... ON CONFLICT (council_id, id) DO UPDATE of every column (plus `updated_at` if the
 * table keeps one), rows from parameter `$n`, council from `$1`. `onlyChanged`: a row that
 * would be written back unchanged is left alone, so a shared thing (an organisation many
 * services carry) keeps its `updated_at` and gains no new row version each time it is re-sent.
 */
function upsertSql(t: Table, n: number, touch: boolean, onlyChanged = false): string {
  const cols = t.columns.map(([c]) => q(c));
  const updated = cols.filter((c) => c !== '"id"');
  const updates = updated.map((c) => `${c} = EXCLUDED.${c}`);
  if (touch) updates.push('updated_at = now()');
  const when = onlyChanged ? `\n    WHERE (${updated.map((c) => `${t.name}.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${c}`).join(', ')})` : '';
  return `INSERT INTO ${t.name} (council_id, ${cols.join(', ')})
    SELECT $1::uuid, ${cols.map((c) => `x.${c}`).join(', ')} FROM ${recordset(t, n)}
    ON CONFLICT (council_id, id) DO UPDATE SET ${updates.join(', ')}${when}`;
}

/**
 * Several upserts as one statement of data-modifying CTEs (one round trip, one plan). Foreign
 * keys between them hold: PostgreSQL checks them at the end of the statement, when every
 * CTE's rows are in.
 */
function upsertsSql(key: string, tables: { t: Table; touch: boolean; onlyChanged?: boolean }[]): string {
  return cached(key, () => {
    const ctes = tables.map(({ t, touch, onlyChanged }, i) => `w_${t.name} AS (${upsertSql(t, 2 + i, touch, onlyChanged)})`);
    return `WITH ${ctes.join(',\n')}\nSELECT 1`;
  });
}

/** Rows with the same id in one statement would make ON CONFLICT touch a row twice: keep the last. */
function lastById(rows: Row[]): Row[] {
  const byId = new Map<unknown, Row>();
  for (const row of rows) {
    byId.delete(row.id); // re-inserting keeps the last occurrence's position in the order
    byId.set(row.id, row);
  }
  return byId.size === rows.length ? rows : [...byId.values()];
}

const json = (rows: Row[]) => JSON.stringify(lastById(rows));

async function upsert(tx: Queryable, councilId: string, t: Table, rows: Row[], touch = false): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(cached(`upsert:${t.name}`, () => upsertSql(t, 2, touch, true)), [councilId, json(rows)]);
}

// --- flattening -----------------------------------------------------------------------------

/** Rows a location or organisation owns: replaced as a set whenever the owner is written. */
interface OwnedRows {
  a: Row[];
  b: Row[];
  attributes: Row[];
}

class BatchRows {
  readonly terms = new Map<string, Row>();
  readonly organizations = new Map<string, Row>();
  readonly organizationRows = new Map<string, OwnedRows>();
  readonly programs = new Map<string, Row>();
  readonly locations = new Map<string, Row>();
  readonly locationRows = new Map<string, OwnedRows>();
  readonly services: Row[] = [];
  readonly children = new Map<string, Row[]>(SERVICE_CHILDREN.map((t) => [t.name, []]));
  readonly serviceAttributes: Row[] = [];

  private child(t: Table, row: Row): void {
    this.children.get(t.name)!.push(row);
  }

  /** Leave out shared things this import has already written exactly so (with their lists). */
  dropWritten(written: SharedRowsWritten): void {
    const drop = (kind: string, rows: Map<string, Row>, owned?: Map<string, OwnedRows>) => {
      for (const [id, row] of rows) {
        if (written.isNew(kind, id, row, owned?.get(id))) continue;
        rows.delete(id);
        owned?.delete(id);
      }
    };
    drop('taxonomy_term', this.terms);
    drop('organization', this.organizations, this.organizationRows);
    drop('program', this.programs);
    drop('location', this.locations, this.locationRows);
  }

  term(term: TaxonomyTerm): void {
    this.terms.set(term.id, { ...term });
  }

  private attributes(
    into: Row[],
    attributes: Attribute[] | undefined,
    linkEntity: string,
    linkId: string,
    owner: { service_id?: string; location_id?: string; organization_id?: string },
  ): void {
    (attributes ?? []).forEach((a, position) => {
      if (a.taxonomy_term) this.term(a.taxonomy_term);
      into.push({
        id: a.id,
        link_entity: linkEntity,
        link_id: linkId,
        link_type: a.link_type,
        taxonomy_term_id: a.taxonomy_term?.id ?? a.taxonomy_term_id,
        value: a.value,
        label: a.label,
        position,
        ...owner,
      });
    });
  }

  organization(org: Organization): void {
    const { organization_identifiers, attributes, ...fields } = org;
    this.organizations.set(org.id, fields);
    const owned: OwnedRows = { a: [], b: [], attributes: [] };
    const owner = { organization_id: org.id };
    (organization_identifiers ?? []).forEach((x, position) => {
      const { attributes: idAttributes, ...idFields } = x;
      owned.a.push({ ...idFields, organization_id: org.id, position });
      this.attributes(owned.attributes, idAttributes, 'organization_identifier', x.id, owner);
    });
    this.attributes(owned.attributes, attributes, 'organization', org.id, owner);
    this.organizationRows.set(org.id, owned);
  }

  location(location: Location): void {
    const { addresses, accessibility, attributes, ...fields } = location;
    this.locations.set(location.id, fields);
    const owned: OwnedRows = { a: [], b: [], attributes: [] };
    const owner = { location_id: location.id };
    (addresses ?? []).forEach((x, position) => {
      const { attributes: own, ...rest } = x;
      owned.a.push({ ...rest, location_id: location.id, position });
      this.attributes(owned.attributes, own, 'address', x.id, owner);
    });
    (accessibility ?? []).forEach((x, position) => {
      const { attributes: own, ...rest } = x;
      owned.b.push({ ...rest, location_id: location.id, position });
      this.attributes(owned.attributes, own, 'accessibility', x.id, owner);
    });
    this.attributes(owned.attributes, attributes, 'location', location.id, owner);
    this.locationRows.set(location.id, owned);
  }

  private phones(serviceId: string, phones: Phone[] | undefined, contactId: string | undefined): void {
    (phones ?? []).forEach((p, position) => {
      const { languages, ...fields } = p;
      this.child(PHONE, { ...fields, service_id: serviceId, contact_id: contactId ?? null, position });
      (languages ?? []).forEach((l, lp) => this.child(LANGUAGE, { ...l, service_id: serviceId, owner: 'phone', phone_id: p.id, position: lp }));
    });
  }

  service(s: Service): void {
    const sid = s.id;
    const org = s.organization!; // validation guarantees it
    this.organization(org);
    if (s.program) this.programs.set(s.program.id, { ...s.program, organization_id: s.program.organization_id ?? org.id });
    const {
      organization: _o,
      program,
      phones,
      schedules,
      service_areas,
      service_at_locations,
      languages,
      funding,
      cost_options,
      required_documents,
      contacts,
      attributes,
      metadata,
      ...fields
    } = s;
    this.services.push({ ...fields, organization_id: org.id, program_id: program?.id ?? null });
    const withService = (rows: Row[] | undefined, t: Table) =>
      (rows ?? []).forEach((r, position) => this.child(t, { ...r, service_id: sid, position }));
    (service_at_locations ?? []).forEach((sal, position) => {
      if (sal.location) this.location(sal.location);
      this.child(SERVICE_AT_LOCATION, { id: sal.id, service_id: sid, location_id: sal.location?.id ?? sal.location_id, position });
    });
    withService(schedules, SCHEDULE);
    withService(service_areas, SERVICE_AREA);
    (languages ?? []).forEach((l, position) => this.child(LANGUAGE, { ...l, service_id: sid, owner: 'service', position }));
    withService(funding, FUNDING);
    withService(cost_options, COST_OPTION);
    withService(required_documents, REQUIRED_DOCUMENT);
    withService(metadata, METADATA);
    this.phones(sid, phones, undefined);
    (contacts ?? []).forEach((c, position) => {
      const { phones: contactPhones, attributes: contactAttributes, ...fields } = c;
      this.child(CONTACT, { ...fields, service_id: sid, position });
      this.phones(sid, contactPhones, c.id);
      this.attributes(this.serviceAttributes, contactAttributes, 'contact', c.id, { service_id: sid });
    });
    this.attributes(this.serviceAttributes, attributes, 'service', sid, { service_id: sid });
  }
}

// --- statements -----------------------------------------------------------------------------

/** Shared things first: terms, organisations, programs, locations. */
const SHARED = [
  { t: TAXONOMY_TERM, touch: true, onlyChanged: true },
  { t: ORGANIZATION, touch: true, onlyChanged: true },
  { t: PROGRAM, touch: false, onlyChanged: true },
  { t: LOCATION, touch: true, onlyChanged: true },
];

/** Then, after their old lists are deleted, the services and every list (children before grandchildren). */
const OWNED = [
  ORGANIZATION_IDENTIFIER,
  ADDRESS,
  ACCESSIBILITY,
  ...SERVICE_CHILDREN,
  ATTRIBUTE,
].map((t) => ({ t, touch: false }));

const SERVICE_UPSERT = (() => {
  const cols = SERVICE.columns.map(([c]) => q(c));
  const plain = cols.filter((c) => c !== '"id"' && c !== '"last_modified"');
  return `w_service AS (INSERT INTO service (council_id, ${cols.join(', ')}, last_checked)
    SELECT $1::uuid, ${cols.map((c) => (c === '"last_modified"' ? 'coalesce(x.last_modified, now())' : `x.${c}`)).join(', ')},
           x.assured_date::timestamp AT TIME ZONE 'Europe/London'
    FROM ${recordset(SERVICE, 2)}
    ON CONFLICT (council_id, id) DO UPDATE SET ${plain.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
      last_modified = EXCLUDED.last_modified,
      updated_at = now(),
      -- A later confirmation (say, by the organisation in Hearth) is not undone by an older assured_date.
      last_checked = GREATEST(service.last_checked, EXCLUDED.last_checked)
    RETURNING id, (xmax = 0) AS created)`;
})();

const WRITE_OWNED = (() => {
  const children = OWNED.map(({ t }, i) => `w_${t.name} AS (${upsertSql(t, 3 + i, false)})`);
  return `WITH ${SERVICE_UPSERT},\n${children.join(',\n')}\nSELECT id, created FROM w_service`;
})();

/** One statement deleting the old lists of the batch's organisations ($2), locations ($3) and services ($4). */
const DELETE_OWNED = (() => {
  const deletes: [string, string, number][] = [
    ['organization_identifier', 'organization_id', 2],
    ['attribute', 'organization_id', 2],
    ['address', 'location_id', 3],
    ['accessibility', 'location_id', 3],
    ['attribute', 'location_id', 3],
    ...SERVICE_CHILDREN.map((t): [string, string, number] => [t.name, 'service_id', 4]),
    ['attribute', 'service_id', 4],
  ];
  const ctes = deletes.map(([t, column, n], i) => `d${i} AS (DELETE FROM ${t} WHERE council_id = $1 AND ${column} = ANY($${n}::uuid[]))`);
  return `WITH ${ctes.join(',\n')}\nSELECT 1`;
})();

/** Which of the batch's organisations ($2), locations ($3) and services ($4) exist already. */
const EXISTING = `
  SELECT 'organization' AS kind, array_agg(id) AS ids FROM organization WHERE council_id = $1 AND id = ANY($2::uuid[])
  UNION ALL SELECT 'location', array_agg(id) FROM location WHERE council_id = $1 AND id = ANY($3::uuid[])
  UNION ALL SELECT 'service', array_agg(id) FROM service WHERE council_id = $1 AND id = ANY($4::uuid[])`;

/**
 * What one import has written so far of the things services share — organisations, locations,
 * programs, taxonomy terms — as a digest of each copy. A large feed repeats the same
 * organisation with each of its services: a copy identical to one already written by this
 * import is not written again, nor are its lists deleted and rewritten. A different copy is
 * written (the last copy wins, as it does within a batch).
 */
export class SharedRowsWritten {
  private readonly digests = new Map<string, string>();

  /** Whether this copy differs from what this import last wrote for `kind` `id` (then it is recorded as written). */
  isNew(kind: string, id: string, ...content: unknown[]): boolean {
    const key = `${kind}:${id}`;
    // One-shot: a hash object per copy cost more than the hashing.
    const digest = hash('sha1', JSON.stringify(content), 'base64');
    if (this.digests.get(key) === digest) return false;
    this.digests.set(key, digest);
    return true;
  }
}

/**
 * Let this transaction's rows name locations and taxonomy terms that a later statement of it
 * writes (an import naming a location before the service that describes it): the database
 * checks those references at commit instead of statement by statement (migration 005). Lasts
 * until the transaction ends.
 */
export async function deferReferenceChecks(tx: Queryable): Promise<void> {
  await tx.exec(`SET LOCAL hearth.defer_directory_references = 'on'`);
}

export interface UpsertResult {
  /** Ids of services that did not exist before. */
  created: string[];
  /** Ids of services that existed and were replaced. */
  updated: string[];
}

/**
 * One batch of services made ready to write: flattened into rows and serialised as the
 * statements' parameters. Done in Node, apart from the database's work, so that a writer can
 * prepare the next batch while the database writes this one.
 */
export interface PreparedBatch {
  organizationIds: string[];
  locationIds: string[];
  serviceIds: string[];
  shared: string[];
  owned: string[];
}

/** Services flattened between pauses. */
const PREPARE_CHUNK = 50;

async function prepareBatch(services: Service[], written: SharedRowsWritten | undefined, pause: () => Promise<void>): Promise<PreparedBatch> {
  const rows = new BatchRows();
  for (let i = 0; i < services.length; i++) {
    rows.service(services[i]);
    if ((i + 1) % PREPARE_CHUNK === 0) await pause();
  }
  if (written) rows.dropWritten(written);
  const organizations = [...rows.organizationRows.values()];
  const locations = [...rows.locationRows.values()];
  const serialised = async (list: Row[]) => {
    await pause();
    return json(list);
  };
  const owned: string[] = [];
  for (const list of [
    rows.services,
    organizations.flatMap((o) => o.a),
    locations.flatMap((o) => o.a),
    locations.flatMap((o) => o.b),
    ...SERVICE_CHILDREN.map((t) => rows.children.get(t.name)!),
    [...rows.serviceAttributes, ...locations.flatMap((o) => o.attributes), ...organizations.flatMap((o) => o.attributes)],
  ]) {
    owned.push(await serialised(list));
  }
  return {
    organizationIds: [...rows.organizations.keys()],
    locationIds: [...rows.locations.keys()],
    serviceIds: rows.services.map((r) => r.id as string),
    shared: [json([...rows.terms.values()]), json([...rows.organizations.values()]), json([...rows.programs.values()]), json([...rows.locations.values()])],
    owned,
  };
}

/** Three statements per batch: shared things, delete old lists (of what existed), services with all their lists. */
async function writeBatch(tx: Queryable, councilId: string, batch: PreparedBatch): Promise<UpsertResult> {
  // Only things that already exist have old lists to delete (a first import skips ~6,000 probes per batch).
  const existing = await tx.query<{ kind: string; ids: string[] }>(EXISTING, [councilId, batch.organizationIds, batch.locationIds, batch.serviceIds]);
  const existingOf = (kind: string) => existing.rows.find((r) => r.kind === kind)?.ids ?? [];
  await tx.query(upsertsSql('shared', SHARED), [councilId, ...batch.shared]);
  const [oldOrganizations, oldLocations, oldServices] = [existingOf('organization'), existingOf('location'), existingOf('service')];
  if (oldOrganizations.length || oldLocations.length || oldServices.length) {
    await tx.query(DELETE_OWNED, [councilId, oldOrganizations, oldLocations, oldServices]);
  }
  const upserted = await tx.query<{ id: string; created: boolean }>(WRITE_OWNED, [councilId, ...batch.owned]);
  const result: UpsertResult = { created: [], updated: [] };
  for (const r of upserted.rows) (r.created ? result.created : result.updated).push(r.id);
  return result;
}

/**
 * Make full services (validated) ready to write, in batches of WRITE_BATCH. `written`: what
 * this import has written (or prepared) already; batches must then be written in the order
 * they were prepared. `pause`: awaited now and then, so that a writer preparing one batch while
 * the database writes another can pass the database its next statement without delay.
 */
export async function prepareServices(services: Service[], written?: SharedRowsWritten, pause: () => Promise<void> = async () => {}): Promise<PreparedBatch[]> {
  const batches: PreparedBatch[] = [];
  for (let i = 0; i < services.length; i += WRITE_BATCH) batches.push(await prepareBatch(services.slice(i, i + WRITE_BATCH), written, pause));
  return batches;
}

/** Write prepared batches. Returns which services were created and which updated, for the caller's events. */
export async function writePreparedServices(tx: Queryable, councilId: string, batches: PreparedBatch[]): Promise<UpsertResult> {
  const result: UpsertResult = { created: [], updated: [] };
  for (const prepared of batches) {
    const batch = await writeBatch(tx, councilId, prepared);
    result.created.push(...batch.created);
    result.updated.push(...batch.updated);
  }
  return result;
}

/** Delete a service and everything it owns (its organisation and locations stay). Returns its name, or undefined if there was none. */
export async function deleteService(tx: Queryable, councilId: string, id: string): Promise<{ name: string } | undefined> {
  const { rows } = await tx.query<{ name: string }>('DELETE FROM service WHERE council_id = $1 AND id = $2 RETURNING name', [councilId, id]);
  return rows[0];
}

/** Upsert taxonomies and the terms they carry. */
export async function upsertTaxonomies(tx: Queryable, councilId: string, taxonomies: (Taxonomy | TaxonomyWithTerms)[]): Promise<void> {
  const rows = taxonomies.map(({ taxonomy_terms: _terms, ...t }: TaxonomyWithTerms) => t);
  await upsert(tx, councilId, TAXONOMY, rows, true);
  await upsertTaxonomyTerms(
    tx,
    councilId,
    taxonomies.flatMap((t: TaxonomyWithTerms) => (t.taxonomy_terms ?? []).map((term) => ({ ...term, taxonomy_id: term.taxonomy_id ?? t.id }))),
  );
}

/** Upsert taxonomy terms by id. */
export async function upsertTaxonomyTerms(tx: Queryable, councilId: string, terms: TaxonomyTerm[]): Promise<void> {
  for (let i = 0; i < terms.length; i += 5000) await upsert(tx, councilId, TAXONOMY_TERM, terms.slice(i, i + 5000), true);
}

/** Every table the writers above fill. */
const WRITTEN_TABLES = [TAXONOMY_TERM, ORGANIZATION, PROGRAM, LOCATION, SERVICE, ...OWNED.map((o) => o.t)].map((t) => t.name);

/**
 * Bring the planner's statistics up to date on directory tables that it believes are (nearly)
 * empty. Why: every table here has several indexes leading with council_id, and with one
 * council's rows all alike, a plan made while a table looked empty can pick any of them for a
 * lookup by (council_id, id) — scanning the whole council per lookup. Foreign-key checks cache
 * such plans per connection, so a large first import into an empty database went quadratic.
 * ANALYZE counts the rows this transaction has written and invalidates the cached plans. Cheap
 * on small tables; tables the planner already knows to be large are left alone, and so are
 * those it believes at least half as large as they are now (the rows counted so far plus those
 * this transaction has inserted): a feed pulled in many batches, each an import of its own,
 * would otherwise analyse its small tables (organisations, places) again at every batch, about
 * a twentieth of a 50k-service pull's database time. (ANALYZE holds its table lock to the end
 * of the transaction, so two first imports into one empty database run one after the other
 * rather than side by side.)
 */
export async function refreshPlannerStatistics(tx: Queryable, belowRows = 10_000): Promise<void> {
  const { rows } = await tx.query<{ relname: string }>(
    `SELECT relname FROM pg_class
     WHERE relname = ANY($1::text[]) AND relkind = 'r' AND relnamespace = current_schema()::regnamespace AND reltuples < $2
       AND pg_stat_get_live_tuples(oid) + pg_stat_get_xact_tuples_inserted(oid) > 2 * greatest(reltuples, 0) + 100`,
    [WRITTEN_TABLES, belowRows],
  );
  for (const r of rows) await tx.exec(`ANALYZE ${q(r.relname)}`);
}

/**
 * Reclaim dead rows and refresh planner statistics after a bulk load. PGlite has no
 * autovacuum; on PostgreSQL this only hurries what autovacuum would do. Not in a transaction.
 */
export async function vacuumAfterBulkLoad(db: Queryable): Promise<void> {
  await db.exec('VACUUM ANALYZE');
}
