import type { Service, Taxonomy } from '../oruk/schemas.js';
import { validateTaxonomy } from '../oruk/validate.js';
import type { CsvProblem } from './problems.js';
import type { CsvRows } from './read.js';
import { ORUK_TABLES, tableByFile, type OrukTable } from './tables.js';
import { UUID } from '../../../platform/uuid.js';

/**
 * The ORUK tables (one CSV each, tables.ts) back into nested ORUK services, checking each cell's
 * kind and each reference between tables, every problem named by file, row and column. The
 * services then go through the ORUK importer like any JSON.
 */

type Row = Record<string, unknown> & { id: string };
interface Located {
  row: number;
  value: Row;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]?\d|2[0-4]):[0-5]\d(:[0-5]\d)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const LINK_ENTITIES = ['service', 'organization', 'organization_identifier', 'location', 'address', 'accessibility', 'contact'];

/** A cell as its kind: text, a lower-case UUID, a number; or the reason it is not one. */
function cell(table: OrukTable, column: string, text: string): { value: unknown } | { error: string } {
  switch (table.kinds?.[column]) {
    case 'uuid':
      return UUID.test(text) ? { value: text.toLowerCase() } : { error: 'must be a UUID' };
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? { value: Number(text) } : { error: 'must be a number' };
    case 'integer':
      return /^\d+$/.test(text) ? { value: Number(text) } : { error: 'must be a whole number' };
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text)) ? { value: text } : { error: 'must be a date, YYYY-MM-DD' };
    case 'time':
      return TIME.test(text) ? { value: text } : { error: 'must be a time, HH:MM:SS' };
    case 'date-time':
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? { value: text } : { error: 'must be a date and time, such as 2025-01-31T09:00:00Z' };
    default:
      return { value: text };
  }
}

/** Each table's rows, checked cell by cell, in file order. */
function readTables(files: CsvRows[], problems: CsvProblem[]): Map<string, Located[]> {
  const tables = new Map<string, Located[]>();
  for (const file of files) {
    const table = tableByFile.get(file.file.toLowerCase());
    if (!table) {
      problems.push({ file: file.file, reason: `is not one of the ORUK tables: ${ORUK_TABLES.map((t) => t.file).join(', ')}` });
      continue;
    }
    for (const c of file.columns) if (!table.columns.includes(c)) problems.push({ file: file.file, row: 1, column: c, reason: `is not a column of ${table.file}` });
    for (const c of table.required) if (!file.columns.includes(c)) problems.push({ file: file.file, row: 1, column: c, reason: 'is missing from the header row' });
    const located: Located[] = [];
    const ids = new Map<string, number>();
    for (const { row, values } of file.rows) {
      const value: Record<string, unknown> = {};
      for (const column of table.columns) {
        const raw = values[column] ?? '';
        const text = raw.trim();
        if (!text) {
          if (table.required.includes(column)) problems.push({ file: file.file, row, column, reason: 'is empty' });
          continue;
        }
        // Text is kept exactly as written (ORUK data round-trips); typed cells are read trimmed.
        const parsed = cell(table, column, table.kinds?.[column] ? text : raw);
        if ('error' in parsed) problems.push({ file: file.file, row, column, reason: `${parsed.error} ("${text}")` });
        else value[column] = parsed.value;
      }
      const id = value.id as string | undefined;
      if (id) {
        const first = ids.get(id);
        if (first !== undefined) problems.push({ file: file.file, row, column: 'id', reason: `repeats the id of row ${first}` });
        else ids.set(id, row);
      }
      located.push({ row, value: value as Row });
    }
    tables.set(table.table, located);
  }
  return tables;
}

/** The row's fields without the named keys (foreign keys that nesting implies). */
const without = (row: Row, ...keys: string[]): Row => {
  const out = { ...row };
  for (const k of keys) delete out[k];
  return out;
};

/** taxonomies.csv's rows as ORUK taxonomies, each problem named by row and column. */
function taxonomiesOf(rows: Located[], problems: CsvProblem[]): Taxonomy[] {
  const out: Taxonomy[] = [];
  for (const { row, value } of rows) {
    const result = validateTaxonomy(value, '$');
    for (const p of result.problems) {
      const column = /^\$\.(\w+)/.exec(p.path)?.[1];
      problems.push({ file: 'taxonomies.csv', row, ...(column ? { column } : {}), reason: p.reason });
    }
    if (result.taxonomy) out.push(result.taxonomy);
  }
  return out;
}

export function tablesToServices(files: CsvRows[]): { services: Service[]; taxonomies: Taxonomy[]; problems: CsvProblem[]; rowOf: Map<string, number> } {
  const problems: CsvProblem[] = [];
  const tables = readTables(files, problems);
  const rowsOf = (table: string) => tables.get(table) ?? [];
  const fileOf = (table: string) => ORUK_TABLES.find((t) => t.table === table)!.file;
  for (const needed of ['service', 'organization']) {
    if (!tables.has(needed)) problems.push({ file: fileOf(needed), reason: 'is missing: the tables need services.csv and organizations.csv at least' });
  }
  if (problems.length) return { services: [], taxonomies: [], problems, rowOf: new Map() };
  const taxonomies = taxonomiesOf(tables.get('taxonomy') ?? [], problems);

  const byId = (table: string) => new Map(rowsOf(table).filter((r) => r.value.id).map((r) => [r.value.id, r.value]));
  /** Rows of `table` grouped by `key`, each reference checked against `owners`. */
  const grouped = (table: string, key: string, owners: Map<string, unknown>, ownerFile: string) => {
    const groups = new Map<string, Row[]>();
    for (const { row, value } of rowsOf(table)) {
      const owner = value[key] as string | undefined;
      if (owner === undefined) continue;
      if (!owners.has(owner)) {
        problems.push({ file: fileOf(table), row, column: key, reason: `names ${owner}, which is not in ${ownerFile}` });
        continue;
      }
      let g = groups.get(owner);
      if (!g) groups.set(owner, (g = []));
      g.push(value);
    }
    return groups;
  };

  const organizations = byId('organization');
  const services = byId('service');
  const locations = byId('location');
  const programs = byId('program');
  const terms = byId('taxonomy_term');
  const contactsById = byId('contact');
  const phonesById = byId('phone');

  const attributesByLink = new Map<string, Row[]>();
  for (const { row, value } of rowsOf('attribute')) {
    if (!LINK_ENTITIES.includes(value.link_entity as string)) {
      problems.push({ file: 'attribute.csv', row, column: 'link_entity', reason: `must be one of: ${LINK_ENTITIES.join(', ')}` });
      continue;
    }
    const key = `${value.link_entity}:${value.link_id}`;
    let g = attributesByLink.get(key);
    if (!g) attributesByLink.set(key, (g = []));
    const term = value.taxonomy_term_id ? terms.get(value.taxonomy_term_id as string) : undefined;
    // A term not in taxonomy_terms.csv must already be in the directory: the importer checks.
    g.push(term ? { ...without(value, 'link_id', 'link_entity', 'taxonomy_term_id'), taxonomy_term: term } as Row : without(value, 'link_id', 'link_entity'));
  }
  const attributed = (target: Row, entity: string): Row => {
    const list = attributesByLink.get(`${entity}:${target.id}`);
    return list?.length ? { ...target, attributes: list } : target;
  };

  const identifiers = grouped('organization_identifier', 'organization_id', organizations, 'organizations.csv');
  const addresses = grouped('address', 'location_id', locations, 'locations.csv');
  const accessibility = grouped('accessibility', 'location_id', locations, 'locations.csv');
  const places = grouped('service_at_location', 'service_id', services, 'services.csv');
  const contacts = grouped('contact', 'service_id', services, 'services.csv');
  const phones = grouped('phone', 'service_id', services, 'services.csv');
  const schedules = grouped('schedule', 'service_id', services, 'services.csv');
  const areas = grouped('service_area', 'service_id', services, 'services.csv');
  const languages = grouped('language', 'service_id', services, 'services.csv');
  const funding = grouped('funding', 'service_id', services, 'services.csv');
  const costs = grouped('cost_option', 'service_id', services, 'services.csv');
  const documents = grouped('required_document', 'service_id', services, 'services.csv');
  const metadata = grouped('metadata', 'service_id', services, 'services.csv');
  for (const { row, value } of rowsOf('service_at_location')) {
    if (value.location_id && !locations.has(value.location_id as string)) {
      problems.push({ file: 'service_at_location.csv', row, column: 'location_id', reason: `names ${value.location_id}, which is not in locations.csv` });
    }
  }
  for (const { row, value } of rowsOf('phone')) {
    if (value.contact_id && !contactsById.has(value.contact_id as string)) problems.push({ file: 'phones.csv', row, column: 'contact_id', reason: `names ${value.contact_id}, which is not in contacts.csv` });
  }
  for (const { row, value } of rowsOf('language')) {
    if (value.phone_id && !phonesById.has(value.phone_id as string)) problems.push({ file: 'languages.csv', row, column: 'phone_id', reason: `names ${value.phone_id}, which is not in phones.csv` });
  }
  const rowOf = new Map<string, number>();
  for (const { row, value } of rowsOf('service')) {
    if (value.organization_id && !organizations.has(value.organization_id as string)) {
      problems.push({ file: 'services.csv', row, column: 'organization_id', reason: `names ${value.organization_id}, which is not in organizations.csv` });
    }
    if (value.program_id && !programs.has(value.program_id as string)) problems.push({ file: 'services.csv', row, column: 'program_id', reason: `names ${value.program_id}, which is not in programs.csv` });
    rowOf.set(value.id, row);
  }
  if (problems.length) return { services: [], taxonomies: [], problems, rowOf };

  const location = (id: string): Row => {
    const l = locations.get(id)!;
    const out: Row = { ...l };
    const a = addresses.get(id)?.map((x) => attributed(without(x, 'location_id'), 'address'));
    if (a?.length) out.addresses = a;
    const acc = accessibility.get(id)?.map((x) => attributed(without(x, 'location_id'), 'accessibility'));
    if (acc?.length) out.accessibility = acc;
    return attributed(out, 'location');
  };
  const organization = (id: string): Row => {
    const out: Row = { ...organizations.get(id)! };
    const ids = identifiers.get(id)?.map((x) => attributed(without(x, 'organization_id'), 'organization_identifier'));
    if (ids?.length) out.organization_identifiers = ids;
    return attributed(out, 'organization');
  };
  const phoneLanguages = new Map<string, Row[]>();
  for (const list of languages.values()) {
    for (const l of list) {
      if (!l.phone_id) continue;
      let g = phoneLanguages.get(l.phone_id as string);
      if (!g) phoneLanguages.set(l.phone_id as string, (g = []));
      g.push(without(l, 'service_id', 'phone_id'));
    }
  }
  const phone = (p: Row): Row => {
    const out = without(p, 'service_id', 'contact_id');
    const langs = phoneLanguages.get(p.id);
    return langs?.length ? { ...out, languages: langs } : out;
  };

  const out: Service[] = [];
  for (const { value: s } of rowsOf('service')) {
    const id = s.id;
    const service: Row = without(s, 'organization_id', 'program_id');
    const set = (key: string, list: Row[] | undefined) => {
      if (list?.length) service[key] = list;
    };
    const servicePhones = phones.get(id) ?? [];
    set('phones', servicePhones.filter((p) => !p.contact_id).map(phone));
    set('schedules', schedules.get(id)?.map((x) => without(x, 'service_id')));
    set('service_areas', areas.get(id)?.map((x) => without(x, 'service_id')));
    set('service_at_locations', places.get(id)?.map((x) => ({ id: x.id, location: location(x.location_id as string) })));
    set('languages', languages.get(id)?.filter((l) => !l.phone_id).map((l) => without(l, 'service_id', 'phone_id')));
    service.organization = organization(s.organization_id as string);
    set('funding', funding.get(id)?.map((x) => without(x, 'service_id')));
    set('cost_options', costs.get(id)?.map((x) => without(x, 'service_id')));
    if (s.program_id) service.program = without(programs.get(s.program_id as string)!, 'organization_id');
    set('required_documents', documents.get(id)?.map((x) => without(x, 'service_id')));
    set('contacts', contacts.get(id)?.map((c) => {
      const contact = without(c, 'service_id');
      const own = servicePhones.filter((p) => p.contact_id === c.id).map(phone);
      return attributed(own.length ? { ...contact, phones: own } : contact, 'contact');
    }));
    const withAttributes = attributed(service as Row, 'service');
    set('metadata', metadata.get(id)?.map((x) => without(x, 'service_id')));
    if (service.metadata) withAttributes.metadata = service.metadata;
    out.push(withAttributes as unknown as Service);
  }
  return { services: out, taxonomies, problems, rowOf };
}
