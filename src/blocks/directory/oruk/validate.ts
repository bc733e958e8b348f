import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import {
  OrganizationSchema,
  ServiceSchema,
  TaxonomySchema,
  TaxonomyTermSchema,
  type Organization,
  type Service,
  type Taxonomy,
  type TaxonomyTerm,
} from './schemas.js';
import { UUID } from '../../../platform/uuid.js';

/**
 * Validation of incoming ORUK 3.0 data: the shape (Hearth's TypeBox schemas, compiled with
 * Ajv) and the rules a schema cannot say (an organisation on every service, ids unique, ages
 * in order, days of the week, ...). Every problem is reported, each with a JSON path into the
 * input, so a publisher can fix a feed in one go.
 *
 * Before validating, a value is normalised against the schema: optional fields that are null
 * or blank are dropped (ORUK says empty optional fields are left out; many feeds send null or
 * "" instead, and both mean "absent"), and UUIDs are lower-cased.
 */

export interface OrukProblem {
  /** Where, as a JSON path into the input: `$[3].service_at_locations[0].location.latitude`. */
  path: string;
  reason: string;
}

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1];
}

/** YYYY-MM-DD naming a real day (PostgreSQL refuses year 0 and 30 February alike). */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return Boolean(m) && isCalendarDate(Number(m![1]), Number(m![2]), Number(m![3]));
}

/** RFC 3339 date-time with an offset, as ORUK's last_modified. */
function isDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/.exec(value);
  return Boolean(m) && isCalendarDate(Number(m![1]), Number(m![2]), Number(m![3]));
}

function createOrukAjv(): Ajv {
  // No type coercion and no defaults: imported data is checked as it is, never rewritten by Ajv.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  // Stricter than ajv-formats where PostgreSQL is stricter: no `urn:uuid:` prefix, real days only.
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('date', isDate);
  ajv.addFormat('date-time', isDateTime);
  return ajv;
}

const ajv = createOrukAjv();
const compiled = new Map<TSchema, ValidateFunction>();
function validatorFor(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

// --- paths ----------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const key = (name: string) => (IDENTIFIER.test(name) ? `.${name}` : `['${name.replace(/'/g, "\\'")}']`);

function pointerToPath(base: string, pointer: string): string {
  if (!pointer) return base;
  return (
    base +
    pointer
      .slice(1)
      .split('/')
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : key(seg)))
      .join('')
  );
}

const FORMAT_REASONS: Record<string, string> = {
  uuid: 'must be a UUID such as 3a19ff88-4620-4d17-9830-ac1d859eb5d5',
  uri: 'must be a full URL such as https://example.org/page',
  email: 'must be an email address',
  date: 'must be a date as YYYY-MM-DD',
  'date-time': 'must be a date and time with a time zone, such as 2024-03-15T10:30:00Z',
};

function reasonFor(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      if (error.data === null) return `must not be null (leave the field out instead)`;
      return `must be ${p.type === 'integer' ? 'a whole number' : p.type === 'number' ? 'a number' : p.type === 'object' ? 'an object' : p.type === 'array' ? 'a list' : `a ${String(p.type)}`}`;
    case 'minimum':
    case 'maximum':
      if (typeof parent.minimum === 'number' && typeof parent.maximum === 'number') {
        return `must be between ${parent.minimum} and ${parent.maximum} (got ${JSON.stringify(error.data)})`;
      }
      return `must be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(p.limit)} (got ${JSON.stringify(error.data)})`;
    case 'minLength':
      return 'must not be empty';
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')} (got ${JSON.stringify(error.data)})`;
    case 'pattern':
      return 'must be a time of day as HH:MM or HH:MM:SS';
    case 'format':
      return FORMAT_REASONS[String(p.format)] ?? `must be a valid ${String(p.format)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function schemaProblems(validate: ValidateFunction, value: unknown, base: string): OrukProblem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: OrukProblem[] = [];
  for (const error of validate.errors ?? []) {
    let path = pointerToPath(base, error.instancePath);
    if (error.keyword === 'required') path += key(String((error.params as { missingProperty: string }).missingProperty));
    const reason = reasonFor(error);
    const id = `${path}\u0000${reason}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ path, reason });
  }
  return problems;
}

// --- normalisation --------------------------------------------------------------------------

interface SchemaNode {
  type?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
}

/**
 * `value` with optional null/blank fields dropped and UUIDs lower-cased, following `schema`:
 * a copy, or the value itself changed when `inPlace` (for data the caller owns, such as a file
 * just parsed). Text containing NUL characters is reported: PostgreSQL cannot store it.
 */
export function normalise(value: unknown, schema: TSchema, path: string, problems: OrukProblem[], inPlace = false): unknown {
  return normaliseNode(value, schema as SchemaNode, path, problems, inPlace);
}

function normaliseNode(value: unknown, schema: SchemaNode, path: string, problems: OrukProblem[], inPlace: boolean): unknown {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) problems.push({ path, reason: 'must not contain NUL characters (\\u0000)' });
    return schema.format === 'uuid' ? value.toLowerCase() : value;
  }
  if (Array.isArray(value)) {
    if (schema.type !== 'array' || !schema.items) return value;
    const out = inPlace ? value : new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = normaliseNode(value[i], schema.items, `${path}[${i}]`, problems, inPlace);
    return out;
  }
  if (value === null || typeof value !== 'object' || schema.type !== 'object' || !schema.properties) return value;
  const required = schema.required ?? [];
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = inPlace ? input : {};
  for (const name of Object.keys(input)) {
    const v = input[name];
    const propertySchema = schema.properties[name];
    if (!propertySchema) {
      out[name] = v; // extra properties are allowed and ignored
      continue;
    }
    const blank = v === null || (typeof v === 'string' && (v === '' || v.trim() === ''));
    if (blank && !required.includes(name)) {
      if (inPlace) delete out[name];
      continue;
    }
    out[name] = typeof v === 'object' || propertySchema.format === 'uuid' || (typeof v === 'string' && v.includes('\u0000'))
      ? normaliseNode(v, propertySchema, path + key(name), problems, inPlace)
      : v;
  }
  return out;
}

// --- the rules a schema cannot say ----------------------------------------------------------

const BYDAY = /^([+-]?(?:[1-9]|[1-4]\d|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const idOf = (o: Obj): string | undefined => (typeof o.id === 'string' && UUID.test(o.id) ? o.id : undefined);

/**
 * Which table an id lives in, and which thing owns rows there. Rows owned by a service are
 * replaced with it; rows owned by a location or organisation are replaced with that.
 */
type OwnedTable =
  | 'schedule'
  | 'service_area'
  | 'service_at_location'
  | 'language'
  | 'funding'
  | 'cost_option'
  | 'contact'
  | 'phone'
  | 'required_document'
  | 'metadata'
  | 'attribute'
  | 'address'
  | 'accessibility'
  | 'organization_identifier';

/** One service, location or organisation as met in the input: ids must be unique inside it. */
class Occurrence {
  private readonly ids = new Map<string, string>();
  constructor(
    readonly ownerId: string | undefined,
    private readonly checker: ServiceChecker,
  ) {}

  own(table: OwnedTable, item: Obj, path: string, parentId?: string, parentField?: string): void {
    const id = idOf(item);
    if (!id) return;
    const k = `${table}:${id}`;
    const first = this.ids.get(k);
    if (first !== undefined) this.checker.problem(`${path}.id`, `duplicate id ${id}: also used at ${first}`);
    else this.ids.set(k, path);
    if (this.ownerId) this.checker.registry?.claim(table, id, this.ownerId, `${path}.id`, this.checker);
    if (parentField && parentId && typeof item[parentField] === 'string' && item[parentField] !== parentId) {
      this.checker.problem(`${path}.${parentField}`, `must be ${parentId}, the id of the object it is nested in (or be left out)`);
    }
  }
}

/**
 * Import-wide bookkeeping: which owner each owned id belongs to (two services may not claim
 * the same schedule), which service ids were seen, and references to locations and terms
 * given only by id, to be found elsewhere in the import or in the database.
 */
export class ImportRegistry {
  private readonly owners = new Map<OwnedTable, Map<string, string>>();
  private readonly ownerPaths = new Map<string, string>();
  private readonly services = new Map<string, string>();
  readonly definedLocations = new Set<string>();
  readonly definedTerms = new Set<string>();
  private readonly locationRefs = new Map<string, string>();
  private readonly termRefs = new Map<string, string>();

  claim(table: OwnedTable, id: string, ownerId: string, path: string, checker: ServiceChecker): void {
    let owners = this.owners.get(table);
    if (!owners) this.owners.set(table, (owners = new Map()));
    const owner = owners.get(id);
    if (owner === undefined) owners.set(id, ownerId);
    else if (owner !== ownerId) {
      checker.problem(path, `id ${id} is also used by another ${table === 'attribute' ? 'object' : 'service'}'s ${table} (at ${this.ownerPaths.get(owner) ?? owner})`);
    }
  }

  noteOwner(ownerId: string, path: string): void {
    if (!this.ownerPaths.has(ownerId)) this.ownerPaths.set(ownerId, path);
  }

  /** The path of the first service with this id, or undefined (and the id is recorded). */
  service(id: string, path: string): string | undefined {
    const first = this.services.get(id);
    if (first === undefined) this.services.set(id, path);
    return first;
  }

  referLocation(id: string, path: string): void {
    if (!this.locationRefs.has(id)) this.locationRefs.set(id, path);
  }

  referTerm(id: string, path: string): void {
    if (!this.termRefs.has(id)) this.termRefs.set(id, path);
  }

  /** Locations and terms referred to by id only and defined nowhere in the import: id → first path. */
  unresolved(): { locations: Map<string, string>; terms: Map<string, string> } {
    const open = (refs: Map<string, string>, defined: Set<string>) => new Map([...refs].filter(([id]) => !defined.has(id)));
    return { locations: open(this.locationRefs, this.definedLocations), terms: open(this.termRefs, this.definedTerms) };
  }
}

class ServiceChecker {
  readonly problems: OrukProblem[] = [];
  constructor(readonly registry: ImportRegistry | undefined) {}

  problem(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }

  check(s: Obj, path: string): void {
    const serviceId = idOf(s);
    if (serviceId && this.registry) {
      const first = this.registry.service(serviceId, path);
      if (first !== undefined) this.problem(`${path}.id`, `duplicate service id ${serviceId}: also at ${first}`);
      this.registry.noteOwner(serviceId, path);
    }
    const own = new Occurrence(serviceId, this);

    const org = s.organization;
    let orgId: string | undefined;
    if (!isObj(org)) {
      if (org === undefined) this.problem(`${path}.organization`, 'is required: every service must name the organisation that provides it (with its id and name)');
    } else {
      orgId = idOf(org);
      this.organization(org, `${path}.organization`);
    }
    if (orgId && typeof s.organization_id === 'string' && s.organization_id !== orgId) {
      this.problem(`${path}.organization_id`, `must be ${orgId}, the id of the service's organization (or be left out)`);
    }
    if (isObj(s.program)) {
      const programOrg = s.program.organization_id;
      if (orgId && typeof programOrg === 'string' && programOrg !== orgId) {
        this.problem(`${path}.program.organization_id`, `must be ${orgId}: a program belongs to the service's organization`);
      }
    }

    if (typeof s.minimum_age === 'number' && typeof s.maximum_age === 'number' && s.minimum_age > s.maximum_age) {
      this.problem(`${path}.minimum_age`, `must not be more than maximum_age (${s.minimum_age} > ${s.maximum_age})`);
    }

    list(s.schedules).forEach((x, i) => {
      const p = `${path}.schedules[${i}]`;
      own.own('schedule', x, p, serviceId, 'service_id');
      this.schedule(x, p);
    });
    list(s.service_areas).forEach((x, i) => own.own('service_area', x, `${path}.service_areas[${i}]`, serviceId, 'service_id'));
    list(s.languages).forEach((x, i) => own.own('language', x, `${path}.languages[${i}]`, serviceId, 'service_id'));
    list(s.funding).forEach((x, i) => own.own('funding', x, `${path}.funding[${i}]`, serviceId, 'service_id'));
    list(s.cost_options).forEach((x, i) => {
      const p = `${path}.cost_options[${i}]`;
      own.own('cost_option', x, p, serviceId, 'service_id');
      this.validityPeriod(x, p);
    });
    list(s.required_documents).forEach((x, i) => own.own('required_document', x, `${path}.required_documents[${i}]`, serviceId, 'service_id'));
    list(s.metadata).forEach((x, i) => own.own('metadata', x, `${path}.metadata[${i}]`));
    list(s.phones).forEach((x, i) => this.phone(own, x, `${path}.phones[${i}]`, serviceId, 'service_id'));
    list(s.contacts).forEach((c, i) => {
      const p = `${path}.contacts[${i}]`;
      own.own('contact', c, p, serviceId, 'service_id');
      list(c.phones).forEach((x, j) => this.phone(own, x, `${p}.phones[${j}]`, idOf(c), 'contact_id'));
      this.attributes(own, c, p);
    });
    this.attributes(own, s, path);

    list(s.service_at_locations).forEach((sal, i) => {
      const p = `${path}.service_at_locations[${i}]`;
      own.own('service_at_location', sal, p, serviceId, 'service_id');
      const location = sal.location;
      if (isObj(location)) {
        const locationId = idOf(location);
        if (locationId && typeof sal.location_id === 'string' && sal.location_id !== locationId) {
          this.problem(`${p}.location_id`, `must be ${locationId}, the id of the nested location (or be left out)`);
        }
        this.location(location, `${p}.location`);
      } else if (typeof sal.location_id === 'string' && UUID.test(sal.location_id)) {
        this.registry?.referLocation(sal.location_id, `${p}.location_id`);
      } else if (location === undefined && sal.location_id === undefined) {
        this.problem(`${p}.location`, 'is required: a service_at_location needs its location (or a location_id defined elsewhere in the feed)');
      }
    });
    const salIds = new Set(list(s.service_at_locations).map(idOf));
    list(s.schedules).forEach((x, i) => {
      const salId = x.service_at_location_id;
      if (typeof salId === 'string' && !salIds.has(salId)) {
        this.problem(`${path}.schedules[${i}].service_at_location_id`, `must be the id of one of this service's service_at_locations`);
      }
    });
  }

  private phone(own: Occurrence, phone: Obj, path: string, parentId: string | undefined, parentField: string): void {
    own.own('phone', phone, path, parentId, parentField);
    list(phone.languages).forEach((x, i) => own.own('language', x, `${path}.languages[${i}]`, idOf(phone), 'phone_id'));
  }

  private organization(org: Obj, path: string): void {
    const id = idOf(org);
    if (id) this.registry?.noteOwner(id, path);
    const own = new Occurrence(id, this);
    list(org.organization_identifiers).forEach((x, i) => {
      const p = `${path}.organization_identifiers[${i}]`;
      own.own('organization_identifier', x, p, id, 'organization_id');
      this.attributes(own, x, p);
    });
    this.attributes(own, org, path);
  }

  private location(location: Obj, path: string): void {
    const id = idOf(location);
    if (id) {
      this.registry?.definedLocations.add(id);
      this.registry?.noteOwner(id, path);
    }
    const own = new Occurrence(id, this);
    const lat = location.latitude;
    const lng = location.longitude;
    if ((lat === undefined) !== (lng === undefined)) {
      this.problem(`${path}.${lat === undefined ? 'latitude' : 'longitude'}`, 'is required when the other coordinate is given: give both latitude and longitude, or neither');
    }
    list(location.addresses).forEach((x, i) => {
      const p = `${path}.addresses[${i}]`;
      own.own('address', x, p, id, 'location_id');
      this.attributes(own, x, p);
    });
    list(location.accessibility).forEach((x, i) => {
      const p = `${path}.accessibility[${i}]`;
      own.own('accessibility', x, p, id, 'location_id');
      this.attributes(own, x, p);
    });
    this.attributes(own, location, path);
  }

  private attributes(own: Occurrence, parent: Obj, parentPath: string): void {
    const parentId = idOf(parent);
    list(parent.attributes).forEach((a, i) => {
      const p = `${parentPath}.attributes[${i}]`;
      own.own('attribute', a, p, parentId, 'link_id');
      const term = a.taxonomy_term;
      if (isObj(term)) {
        const termId = idOf(term);
        if (termId) this.registry?.definedTerms.add(termId);
        if (termId && typeof a.taxonomy_term_id === 'string' && a.taxonomy_term_id !== termId) {
          this.problem(`${p}.taxonomy_term_id`, `must be ${termId}, the id of the nested taxonomy_term (or be left out)`);
        }
      } else if (typeof a.taxonomy_term_id === 'string' && UUID.test(a.taxonomy_term_id)) {
        this.registry?.referTerm(a.taxonomy_term_id, `${p}.taxonomy_term_id`);
      } else if (term === undefined && a.taxonomy_term_id === undefined) {
        this.problem(`${p}.taxonomy_term`, 'is required: an attribute links to a taxonomy term (give taxonomy_term, or taxonomy_term_id of a term defined elsewhere)');
      }
    });
  }

  private schedule(x: Obj, path: string): void {
    this.validityPeriod(x, path);
    if (typeof x.byday === 'string') {
      const days = x.byday.split(',').map((d) => d.trim());
      const bad = days.filter((d) => {
        const m = BYDAY.exec(d);
        return !m || (m[1] !== undefined && x.freq !== 'MONTHLY');
      });
      if (bad.length) {
        this.problem(
          `${path}.byday`,
          `must be days of the week MO, TU, WE, TH, FR, SA, SU separated by commas${x.freq === 'MONTHLY' ? ', each optionally with an ordinal such as 1MO or -1FR' : ''} (not ${bad.map((d) => JSON.stringify(d)).join(', ')})`,
        );
      }
    }
    if (typeof x.bymonthday === 'string') {
      const bad = x.bymonthday
        .split(',')
        .map((d) => d.trim())
        .filter((d) => !/^-?\d{1,2}$/.test(d) || Number(d) === 0 || Math.abs(Number(d)) > 31);
      if (bad.length) this.problem(`${path}.bymonthday`, `must be days of the month 1 to 31 (or -31 to -1) separated by commas (not ${bad.map((d) => JSON.stringify(d)).join(', ')})`);
    }
  }

  private validityPeriod(x: Obj, path: string): void {
    if (typeof x.valid_from === 'string' && typeof x.valid_to === 'string' && isDate(x.valid_from) && isDate(x.valid_to) && x.valid_from > x.valid_to) {
      this.problem(`${path}.valid_to`, `must not be before valid_from (${x.valid_to} < ${x.valid_from})`);
    }
  }
}

export interface ValidatedService {
  /** The normalised service, when it has no problems. */
  service?: Service;
  problems: OrukProblem[];
}

/**
 * Validate one full ORUK service (as `/services/{id}` returns it). With a `registry`, also
 * the rules across an import (ids of one service's children not used by another, ...).
 */
export function validateService(input: unknown, path = '$', registry?: ImportRegistry, options: { inPlace?: boolean } = {}): ValidatedService {
  if (!isObj(input)) return { problems: [{ path, reason: 'must be an object (one full ORUK service)' }] };
  const problems: OrukProblem[] = [];
  const normalised = normalise(input, ServiceSchema, path, problems, options.inPlace) as Obj;
  problems.push(...schemaProblems(validatorFor(ServiceSchema), normalised, path));
  const checker = new ServiceChecker(registry);
  checker.check(normalised, path);
  problems.push(...checker.problems);
  return problems.length ? { problems } : { service: normalised as Service, problems };
}

/**
 * Validate every service of an import (paths `$[0]`, `$[1]`, ...), with the import-wide rules.
 * `unresolved` lists locations and taxonomy terms named only by id and defined nowhere in the
 * import (id → first path): the caller checks them against the database.
 */
export function validateServices(
  inputs: unknown[],
  base = '$',
): { services: Service[]; problems: OrukProblem[]; unresolved: ReturnType<ImportRegistry['unresolved']> } {
  const registry = new ImportRegistry();
  const services: Service[] = [];
  const problems: OrukProblem[] = [];
  inputs.forEach((input, i) => {
    const result = validateService(input, `${base}[${i}]`, registry);
    if (result.service) services.push(result.service);
    problems.push(...result.problems);
  });
  return { services, problems, unresolved: registry.unresolved() };
}

/** Validate a taxonomy (as `/taxonomies` lists it). */
export function validateTaxonomy(input: unknown, path = '$'): { taxonomy?: Taxonomy; problems: OrukProblem[] } {
  const problems: OrukProblem[] = [];
  const normalised = normalise(input, TaxonomySchema, path, problems);
  problems.push(...schemaProblems(validatorFor(TaxonomySchema), normalised, path));
  return problems.length ? { problems } : { taxonomy: normalised as Taxonomy, problems };
}

/** Validate a taxonomy term (as `/taxonomy_terms` lists it). */
export function validateTaxonomyTerm(input: unknown, path = '$'): { term?: TaxonomyTerm; problems: OrukProblem[] } {
  const problems: OrukProblem[] = [];
  const normalised = normalise(input, TaxonomyTermSchema, path, problems);
  problems.push(...schemaProblems(validatorFor(TaxonomyTermSchema), normalised, path));
  return problems.length ? { problems } : { term: normalised as TaxonomyTerm, problems };
}

/**
 * The normalised form of a service that has already passed `validateService` (the importer's
 * second pass over a large file re-reads it rather than keeping every service in memory).
 */
export function normaliseService(input: unknown, path = '$', inPlace = false): Service {
  return normalise(input, ServiceSchema, path, [], inPlace) as Service;
}

/** Validate a full organisation (as `/organizations/{id}` returns it): an editor's proposed organisation. */
export function validateOrganization(input: unknown, path = '$'): { organization?: Organization; problems: OrukProblem[] } {
  if (!isObj(input)) return { problems: [{ path, reason: 'must be an object (one full ORUK organization)' }] };
  const problems: OrukProblem[] = [];
  const normalised = normalise(input, OrganizationSchema, path, problems);
  problems.push(...schemaProblems(validatorFor(OrganizationSchema), normalised, path));
  return problems.length ? { problems } : { organization: normalised as Organization, problems };
}
