import { createHash } from 'node:crypto';
import { normalisePostcode } from '../../../platform/geo/postcode.js';
import type { Service } from '../oruk/schemas.js';
import { formatWeekly, parseOpeningTimes } from './opening-times.js';
import type { CsvProblem } from './problems.js';
import { UUID } from '../../../platform/uuid.js';

/**
 * The flat services sheet: one row per service at a location, for a small group keeping its
 * listings in a spreadsheet. A service delivered at several places takes one row per place
 * (the service's own columns are read from its first row). Rows become ORUK services, which go
 * through the ordinary ORUK importer, so validation and search indexing are the same.
 */

export const FLAT_FILE = 'services-flat.csv';

export const FLAT_COLUMNS = [
  'organisation_name',
  'organisation_description',
  'organisation_website',
  'organisation_email',
  'service_name',
  'service_description',
  'status',
  'location_name',
  'address',
  'town',
  'county',
  'postcode',
  'phone',
  'email',
  'website',
  'opening_times',
  'categories',
  'minimum_age',
  'maximum_age',
  'cost',
  'languages',
  'organisation_id',
  'service_id',
  'location_id',
] as const;
export type FlatColumn = (typeof FLAT_COLUMNS)[number];
export type FlatRow = Partial<Record<FlatColumn, string>>;

export const REQUIRED_FLAT_COLUMNS: readonly FlatColumn[] = ['organisation_name', 'service_name'];

const STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'];
/** A list inside a cell: categories, languages, costs. */
const LIST_SEPARATOR = ';';

/**
 * An id derived from names (UUID version 5 layout over SHA-1), so that importing the same sheet
 * again updates what the first import made instead of adding copies. A row that gives an id
 * column keeps that id, which survives renaming.
 */
export function derivedId(...parts: string[]): string {
  const hash = createHash('sha1').update('hearth-flat-sheet\u0000').update(parts.map((p) => p.trim().toLowerCase()).join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// --- export ---------------------------------------------------------------------------------

/** '£3.50 per session', 'Free', or the description alone. */
function formatCost(c: { amount?: number; currency?: string; amount_description?: string; option?: string }): string | undefined {
  const description = c.amount_description ?? c.option;
  if (c.amount === 0 && (!description || /^free$/i.test(description))) return 'Free';
  if (c.amount !== undefined && (!c.currency || c.currency === 'GBP')) return `£${c.amount}${description ? ` ${description}` : ''}`;
  return description;
}

const list = (items: (string | undefined)[]) => items.filter((x): x is string => !!x).join(`${LIST_SEPARATOR} `) || undefined;

/** The sheet's rows for one service: one per place it is delivered, or one with no place. */
export function serviceToFlatRows(service: Service): FlatRow[] {
  const org = service.organization;
  const weekly = (scheduleOf?: string) =>
    list(
      (service.schedules ?? [])
        .filter((s) => (s.freq ?? 'WEEKLY').toUpperCase() === 'WEEKLY' && (s.service_at_location_id ?? undefined) === scheduleOf)
        .map((s) => formatWeekly(s.byday, s.opens_at, s.closes_at)),
    );
  const common: FlatRow = {
    organisation_name: org?.name,
    organisation_description: org?.description,
    organisation_website: org?.website,
    organisation_email: org?.email,
    service_name: service.name,
    service_description: service.description,
    status: service.status,
    phone: service.phones?.[0]?.number ?? service.contacts?.flatMap((c) => c.phones ?? [])[0]?.number,
    email: service.email,
    website: service.url,
    categories: list((service.attributes ?? []).map((a) => a.taxonomy_term?.name)),
    minimum_age: service.minimum_age?.toString(),
    maximum_age: service.maximum_age?.toString(),
    cost: list((service.cost_options ?? []).map(formatCost)),
    languages: list((service.languages ?? []).map((l) => l.name ?? l.code)),
    organisation_id: org?.id,
    service_id: service.id,
  };
  const places = service.service_at_locations ?? [];
  if (!places.length) return [{ ...common, opening_times: weekly(undefined) }];
  return places.map((place, i) => {
    const location = place.location;
    const address = location?.addresses?.[0];
    // Schedules for no particular place go with the first place's row.
    const times = list([weekly(place.id), i === 0 ? weekly(undefined) : undefined]);
    return {
      ...common,
      location_name: location?.name,
      address: address ? [address.address_1, address.address_2].filter(Boolean).join(', ') : undefined,
      town: address?.city,
      county: address?.state_province,
      postcode: address?.postal_code,
      opening_times: times,
      location_id: location?.id,
    };
  });
}

export const flatRowValues = (row: FlatRow): string[] => FLAT_COLUMNS.map((c) => row[c] ?? '');

// --- import ---------------------------------------------------------------------------------

export interface FlatContext {
  /** The council's terms by lower-cased name (categories name them). */
  terms: Map<string, Record<string, unknown>>;
  /** Coordinates of the postcodes Hearth knows. */
  places: Map<string, { lat: number; lng: number }>;
}

/** The category names and postcodes a sheet mentions, for looking them up before `flatRowsToServices`. */
export function flatLookups(rows: FlatRow[]): { categories: string[]; postcodes: string[] } {
  const categories = new Set<string>();
  const postcodes = new Set<string>();
  for (const row of rows) {
    for (const c of splitList(row.categories)) categories.add(c);
    const postcode = row.postcode ? normalisePostcode(row.postcode) : undefined;
    if (postcode) postcodes.add(postcode);
  }
  return { categories: [...categories], postcodes: [...postcodes] };
}

const splitList = (cell: string | undefined) => (cell ?? '').split(LIST_SEPARATOR).map((x) => x.trim()).filter(Boolean);

function parseCost(text: string): { option?: string; amount?: number; currency?: string; amount_description?: string } {
  if (/^(free|am ddim|rhad ac am ddim|0|£0)$/i.test(text)) return { amount: 0, amount_description: 'Free' };
  const m = /^£?\s*(\d+(?:\.\d{1,2})?)(?:\s+(.+))?$/.exec(text);
  if (m) return { amount: Number(m[1]), currency: 'GBP', ...(m[2] ? { amount_description: m[2] } : {}) };
  return { amount_description: text };
}

/** A language cell item: a code (pl, en-GB) or a name (Polish). */
const language = (item: string) => (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(item) ? { code: item } : { name: item });

const isHttpUrl = (text: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};
const isEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

/**
 * Turn the sheet's rows (row numbers as the spreadsheet shows them: the header is row 1) into
 * ORUK services, with every problem named by row and column. Services come out only when there
 * is no problem at all.
 */
export function flatRowsToServices(file: string, rows: { row: number; values: FlatRow }[], context: FlatContext): { services: Service[]; problems: CsvProblem[]; rowOf: Map<string, number> } {
  const problems: CsvProblem[] = [];
  const problem = (row: number, column: FlatColumn, reason: string) => problems.push({ file, row, column, reason });
  const services = new Map<string, Service & { _places: Set<string> }>();
  const rowOf = new Map<string, number>();

  for (const { row, values } of rows) {
    const v = (c: FlatColumn) => values[c]?.trim() || undefined;
    for (const c of REQUIRED_FLAT_COLUMNS) if (!v(c)) problem(row, c, 'is empty: every row needs one');
    for (const c of ['organisation_id', 'service_id', 'location_id'] as const) if (v(c) && !UUID.test(v(c)!)) problem(row, c, 'must be a UUID, or left empty');
    for (const c of ['organisation_website', 'website'] as const) if (v(c) && !isHttpUrl(v(c)!)) problem(row, c, 'must be a web address starting https:// or http://');
    for (const c of ['organisation_email', 'email'] as const) if (v(c) && !isEmail(v(c)!)) problem(row, c, 'must be an email address, like name@example.org');
    const status = v('status')?.toLowerCase() ?? 'active';
    if (!STATUSES.includes(status)) problem(row, 'status', `must be one of: ${STATUSES.join(', ')}`);
    const ages: Partial<Record<'minimum_age' | 'maximum_age', number>> = {};
    for (const c of ['minimum_age', 'maximum_age'] as const) {
      const text = v(c);
      if (text === undefined) continue;
      const n = Number(text);
      if (!/^\d+(\.\d+)?$/.test(text) || n > 150) problem(row, c, 'must be an age in years, from 0 to 150');
      else ages[c] = n;
    }
    if (ages.minimum_age !== undefined && ages.maximum_age !== undefined && ages.minimum_age > ages.maximum_age) {
      problem(row, 'maximum_age', 'is below minimum_age');
    }
    const postcodeText = v('postcode');
    const postcode = postcodeText ? normalisePostcode(postcodeText) : undefined;
    if (postcodeText && !postcode) problem(row, 'postcode', `"${postcodeText}" is not a UK postcode`);
    const hasPlace = !!(v('location_name') || v('address') || v('town') || postcodeText);
    const hasAddress = !!(v('address') || v('town') || postcodeText);
    if (hasAddress) {
      if (!v('address')) problem(row, 'address', 'is empty: an address needs its street (the first line)');
      if (!v('town')) problem(row, 'town', 'is empty: an address needs its town');
      if (!postcodeText) problem(row, 'postcode', 'is empty: an address needs its postcode');
    }
    const times = v('opening_times') ? parseOpeningTimes(v('opening_times')!) : { hours: [] };
    if ('error' in times) problem(row, 'opening_times', times.error);
    if (problems.length) continue;

    const orgName = v('organisation_name')!;
    const orgId = (v('organisation_id') ?? derivedId('organisation', orgName)).toLowerCase();
    const serviceId = (v('service_id') ?? derivedId('service', orgId, v('service_name')!)).toLowerCase();
    let service = services.get(serviceId);
    if (!service) {
      const phone = v('phone');
      const costs = splitList(v('cost'));
      const categories = splitList(v('categories'));
      service = {
        id: serviceId,
        name: v('service_name')!,
        ...(v('service_description') ? { description: v('service_description') } : {}),
        ...(v('website') ? { url: v('website') } : {}),
        ...(v('email') ? { email: v('email') } : {}),
        status: status as Service['status'],
        ...ages,
        organization: {
          id: orgId,
          name: orgName,
          description: v('organisation_description') ?? orgName,
          ...(v('organisation_email') ? { email: v('organisation_email') } : {}),
          ...(v('organisation_website') ? { website: v('organisation_website') } : {}),
        },
        ...(phone ? { phones: [{ id: derivedId('phone', serviceId, phone), number: phone }] } : {}),
        ...(costs.length ? { cost_options: costs.map((c, i) => ({ id: derivedId('cost', serviceId, String(i)), ...parseCost(c) })) } : {}),
        ...(splitList(v('languages')).length
          ? { languages: splitList(v('languages')).map((l) => ({ id: derivedId('language', serviceId, l), ...language(l) })) }
          : {}),
        ...(categories.length
          ? {
              attributes: categories.map((name) => {
                const known = context.terms.get(name.toLowerCase());
                const term = known ?? { id: derivedId('category', name), name, description: name, taxonomy: 'Categories', taxonomy_id: derivedId('taxonomy', 'categories') };
                return { id: derivedId('attribute', serviceId, String(term.id)), taxonomy_term: term };
              }),
            }
          : {}),
        _places: new Set<string>(),
      } as Service & { _places: Set<string> };
      services.set(serviceId, service);
      rowOf.set(serviceId, row);
    }

    let placeId: string | undefined;
    if (hasPlace) {
      const name = v('location_name');
      const locationId = (v('location_id') ?? derivedId('location', orgId, name ?? '', v('address') ?? '', postcode ?? '')).toLowerCase();
      placeId = derivedId('service_at_location', serviceId, locationId);
      if (!service._places.has(placeId)) {
        service._places.add(placeId);
        const coordinates = postcode ? context.places.get(postcode) : undefined;
        const location = {
          id: locationId,
          location_type: 'physical' as const,
          ...(name ? { name } : {}),
          ...(coordinates ? { latitude: coordinates.lat, longitude: coordinates.lng } : {}),
          ...(hasAddress
            ? {
                addresses: [
                  {
                    id: derivedId('address', locationId),
                    address_1: v('address')!,
                    city: v('town')!,
                    state_province: v('county') ?? v('town')!,
                    postal_code: postcode!,
                    country: 'GB',
                    address_type: 'physical' as const,
                  },
                ],
              }
            : {}),
        };
        (service.service_at_locations ??= []).push({ id: placeId, location });
      }
    }
    if ('hours' in times && times.hours.length) {
      const schedules = (service.schedules ??= []);
      for (const h of times.hours) {
        schedules.push({
          id: derivedId('schedule', serviceId, placeId ?? '', h.days.join(','), h.opens, h.closes),
          ...(placeId ? { service_at_location_id: placeId } : {}),
          freq: 'WEEKLY',
          byday: h.days.join(','),
          opens_at: h.opens,
          closes_at: h.closes,
        });
      }
    }
  }
  const out = [...services.values()].map(({ _places, ...service }) => service as Service);
  return { services: problems.length ? [] : out, problems, rowOf };
}
