import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { addCouncil, type Council } from '../../src/platform/councils.js';
import { migrate } from '../../src/platform/migrate.js';
import { directoryBlock } from '../../src/blocks/directory/index.js';
import type { Service } from '../../src/blocks/directory/oruk/schemas.js';
import { DELIVERY_METHODS, DELIVERY_TAXONOMY, ACCESSIBILITY_FEATURES, ACCESSIBILITY_TAXONOMY } from '../../src/blocks/directory/vocabulary.js';
import { freshDatabase, type TestDatabase } from './db.js';

/** ORUK 3.0 test fixtures and helpers shared by the directory's ORUK tests. */

export const ORUK_DIR = process.env.HEARTH_ORUK_DIR ?? '/work/shared/standards/oruk-3.0';
export const ORUK_MISSING = `ORUK standards folder not found at ${ORUK_DIR} (set HEARTH_ORUK_DIR)`;
export const orukAvailable = () => existsSync(join(ORUK_DIR, 'schema', 'compiled', 'service.json'));

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

let orukAjv: Ajv | undefined;
/** A validator for one of ORUK's own schema files, e.g. 'compiled/service.json' (undefined without the folder). */
export function orukValidator(file: string): ValidateFunction | undefined {
  if (!orukAvailable()) return undefined;
  if (!orukAjv) {
    // ORUK schemas carry non-standard keywords (name, constraints, datapackage_type, ...).
    orukAjv = new Ajv({ strict: false, allErrors: true });
    addFormats(orukAjv);
    orukAjv.addSchema(JSON.parse(readFileSync(join(ORUK_DIR, 'schema', 'taxonomy_term.json'), 'utf8')), 'oruk/taxonomy_term.json');
  }
  // Keys are paths so that ORUK's relative $refs (taxonomy.json -> taxonomy_term.json) resolve.
  const key = `oruk/${file}`;
  const existing = orukAjv.getSchema(key);
  if (existing) return existing;
  orukAjv.addSchema(JSON.parse(readFileSync(join(ORUK_DIR, 'schema', file), 'utf8')), key);
  return orukAjv.getSchema(key);
}

/** ORUK's example full service; `validCoordinates` replaces its out-of-range latitude 100 / longitude 101. */
export function exampleService(validCoordinates = true): Service {
  const service = JSON.parse(readFileSync(join(ORUK_DIR, 'examples', 'service_full.json'), 'utf8')) as Service;
  if (validCoordinates) {
    const location = service.service_at_locations![0].location!;
    location.latitude = 51.7520;
    location.longitude = -1.2577;
  }
  return service;
}

export interface MigratedDb extends TestDatabase {
  council: Council;
  /** Another council on the same database, for tenant isolation. */
  other: Council;
}

export async function migratedDatabase(): Promise<MigratedDb> {
  const t = await freshDatabase();
  await migrate(t.db, [{ owner: 'platform', dir: join(process.cwd(), 'src', 'platform', 'migrations') }, directoryBlock.migrations]);
  const council = await addCouncil(t.db, { slug: 'kingsmere', name: 'Kingsmere Council' });
  const other = await addCouncil(t.db, { slug: 'elsewhere', name: 'Elsewhere Council' });
  return { ...t, council, other };
}

// --- a hand-made directory: several services sharing an organisation and a location -------

const NEEDS = { id: '5b0e6c40-9a1f-4e2d-b3c4-00000000f000', name: 'Test needs', uri: 'https://hearth.example/taxonomies/test-needs' };
const term = (n: number, name: string, parent?: number) => ({
  id: `5b0e6c40-9a1f-4e2d-b3c4-00000000f${String(n).padStart(3, '0')}`,
  code: name.toLowerCase().replace(/\W+/g, '-'),
  name,
  description: `Help with ${name.toLowerCase()}.`,
  ...(parent !== undefined ? { parent_id: `5b0e6c40-9a1f-4e2d-b3c4-00000000f${String(parent).padStart(3, '0')}` } : {}),
  taxonomy: NEEDS.name,
  taxonomy_id: NEEDS.id,
  term_uri: `${NEEDS.uri}/${name.toLowerCase().replace(/\W+/g, '-')}`,
  term: name,
});
const FOOD = term(1, 'Food');
const FOOD_BANKS = term(2, 'Food banks', 1);
const DEBT = term(3, 'Debt advice');
const vocab = (taxonomy: { id: string; name: string; uri: string }, t: { id: string; code: string; name: string; description: string }) => ({
  id: t.id,
  code: t.code,
  name: t.name,
  description: t.description,
  taxonomy: taxonomy.name,
  taxonomy_id: taxonomy.id,
  term_uri: `${taxonomy.uri}/${t.code}`,
  term: t.name,
});
const IN_PERSON = vocab(DELIVERY_TAXONOMY, DELIVERY_METHODS[0]);
const BY_PHONE = vocab(DELIVERY_TAXONOMY, DELIVERY_METHODS[1]);
const WHEELCHAIR = vocab(ACCESSIBILITY_TAXONOMY, ACCESSIBILITY_FEATURES[0]);

/** A readable uuid: kind (3 hex), number. */
const id = (kind: string, n: number) => `00000000-0000-4000-8${kind}-${String(n).padStart(12, '0')}`;

const ORG_A = {
  id: id('001', 1),
  name: 'Kingsmere Community Trust',
  description: 'A local charity running food and advice services.',
  email: 'hello@kct.example.org',
  website: 'https://kct.example.org',
  organization_identifiers: [
    { id: id('002', 1), identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1234567' },
    { id: id('002', 2), identifier_scheme: 'GB-COH', identifier_type: 'Company number', identifier: '07654321' },
  ],
};
const ORG_B = { id: id('001', 2), name: 'Riverside Advice', description: 'Free, confidential debt advice.', parent_organization_id: id('001', 99) };

const HALL = {
  id: id('003', 1),
  location_type: 'physical' as const,
  name: 'St Mary\'s Hall',
  description: 'A church hall with a kitchen.',
  latitude: 52.2053,
  longitude: 0.1218,
  external_identifier: '100090123456',
  external_identifier_type: 'UPRN',
  addresses: [
    { id: id('004', 1), address_1: '1 Church Lane', address_2: 'Rear entrance', city: 'Kingsmere', state_province: 'Kingsshire', postal_code: 'KM1 2AB', country: 'GB', address_type: 'physical' as const },
    { id: id('004', 2), attention: 'The Warden', address_1: 'PO Box 12', city: 'Kingsmere', state_province: 'Kingsshire', postal_code: 'KM1 9ZZ', country: 'GB', address_type: 'postal' as const },
  ],
  accessibility: [
    {
      id: id('005', 1),
      description: 'Step-free access from the car park.',
      details: 'Ring the bell at the side door.',
      attributes: [{ id: id('006', 1), link_type: 'accessibility', taxonomy_term: WHEELCHAIR }],
    },
  ],
  attributes: [{ id: id('006', 2), link_type: 'feature', taxonomy_term: WHEELCHAIR, value: 'yes' }],
};
const ONLINE = { id: id('003', 2), location_type: 'virtual' as const, name: 'Online' };

/** Three services: two of organisation A at one shared hall, one of organisation B online. */
export function richServices(): Service[] {
  return [
    {
      id: id('100', 1),
      name: 'Kingsmere Food Bank',
      alternate_name: 'The food bank',
      description: 'Emergency food parcels for people in crisis. Bring a referral voucher.',
      url: 'https://kct.example.org/foodbank',
      email: 'foodbank@kct.example.org',
      status: 'active',
      fees_description: 'Free',
      eligibility_description: 'Anyone in crisis with a referral.',
      minimum_age: 0,
      maximum_age: 120,
      assured_date: '2024-03-01',
      assurer_email: 'checks@kingsmere.example.gov.uk',
      alert: 'Closed on bank holidays.',
      last_modified: '2024-03-02T09:15:00.250Z',
      phones: [{ id: id('007', 1), number: '01234 500100', type: 'voice', description: 'Main line' }],
      schedules: [
        { id: id('008', 1), freq: 'WEEKLY', interval: 1, byday: 'MO,WE,FR', opens_at: '10:00:00', closes_at: '13:30:00', description: 'Drop in' },
        { id: id('008', 2), freq: 'MONTHLY', byday: '1SA', opens_at: '09:00:00', closes_at: '12:00:00', valid_from: '2024-01-01', valid_to: '2024-12-31' },
      ],
      service_areas: [{ id: id('009', 1), name: 'Kingsmere district', extent_type: 'text', service_area: 'All of Kingsmere' }],
      service_at_locations: [{ id: id('010', 1), location: HALL }],
      languages: [
        { id: id('011', 1), name: 'English', code: 'en' },
        { id: id('011', 2), name: 'Polish', code: 'pl', note: 'Tuesdays only' },
      ],
      organization: ORG_A,
      funding: [{ id: id('012', 1), source: 'Kingsmere Council grant' }],
      cost_options: [
        { id: id('013', 1), option: 'Food parcel', amount: 0, amount_description: 'Free' },
        { id: id('013', 2), option: 'Cookery class', currency: 'GBP', amount: 2.5, amount_description: 'per session', valid_from: '2024-01-01' },
      ],
      program: { id: id('014', 1), name: 'Food security', description: 'Everything the trust does about food.' },
      required_documents: [{ id: id('015', 1), document: 'Referral voucher', uri: 'https://kct.example.org/vouchers' }],
      contacts: [
        {
          id: id('016', 1),
          name: 'Sam Patel',
          title: 'Coordinator',
          department: 'Food bank',
          email: 'sam@kct.example.org',
          phones: [
            { id: id('007', 2), number: '07700 900123', extension: '12', languages: [{ id: id('011', 3), name: 'Gujarati', code: 'gu' }] },
          ],
        },
      ],
      attributes: [
        { id: id('006', 3), link_type: 'need', taxonomy_term: FOOD_BANKS },
        { id: id('006', 4), link_type: 'delivery', taxonomy_term: IN_PERSON },
      ],
      metadata: [
        { id: id('017', 1), resource_id: id('100', 1), resource_type: 'service', last_action_date: '2024-03-02', last_action_type: 'update', field_name: 'alert', previous_value: 'Open as usual', replacement_value: 'Closed on bank holidays.', updated_by: 'kct' },
      ],
    },
    {
      id: id('100', 2),
      name: 'Community Lunch Club',
      description: 'A hot two-course lunch every Thursday.',
      status: 'active',
      minimum_age: 60,
      last_modified: '2024-02-10T12:00:00.000Z',
      schedules: [{ id: id('008', 3), service_at_location_id: id('010', 2), freq: 'WEEKLY', interval: 1, byday: 'TH', opens_at: '12:00:00', closes_at: '14:00:00' }],
      service_at_locations: [{ id: id('010', 2), location: HALL }],
      organization: ORG_A,
      cost_options: [{ id: id('013', 3), option: 'Lunch', amount: 4, amount_description: 'per meal' }],
      contacts: [{ id: id('016', 2), name: 'Lunch club desk', phones: [{ id: id('007', 3), number: '01234 500101' }] }],
      attributes: [
        { id: id('006', 5), taxonomy_term: FOOD },
        { id: id('006', 6), taxonomy_term: IN_PERSON },
      ],
    },
    {
      id: id('100', 3),
      name: 'Debt Advice Line',
      description: 'Free debt advice by phone and video.',
      status: 'temporarily closed',
      minimum_age: 18,
      maximum_age: 99.5,
      last_modified: '2024-01-05T08:00:00.000Z',
      service_at_locations: [{ id: id('010', 3), location: ONLINE }],
      languages: [{ id: id('011', 4), name: 'Welsh', code: 'cy' }],
      organization: ORG_B,
      contacts: [{ id: id('016', 3), title: 'Adviser', attributes: [{ id: id('006', 7), taxonomy_term: BY_PHONE }] }],
      attributes: [{ id: id('006', 8), link_type: 'need', taxonomy_term: DEBT }],
    },
  ];
}

/** `n` valid generated services (ids derived from `seed`), sharing organisations and locations. */
export function generatedServices(n: number, seed = 7): Service[] {
  const gid = (kind: number, i: number) => `${seed.toString(16).padStart(8, '0')}-${kind.toString(16).padStart(4, '0')}-4000-8000-${i.toString(16).padStart(12, '0')}`;
  return Array.from({ length: n }, (_, i): Service => ({
    id: gid(1, i),
    name: `Generated service ${i}`,
    description: `A generated service for tests, number ${i}.`,
    status: 'active',
    minimum_age: i % 10,
    maximum_age: 50 + (i % 50),
    last_modified: '2024-05-01T00:00:00.000Z',
    schedules: [{ id: gid(2, i), freq: 'WEEKLY', interval: 1, byday: 'MO,TU', opens_at: '09:00:00', closes_at: '17:00:00' }],
    service_at_locations: [{
      id: gid(3, i),
      location: {
        id: gid(4, Math.floor(i / 3)),
        location_type: 'physical',
        name: `Venue ${Math.floor(i / 3)}`,
        latitude: 52 + (i % 100) / 1000,
        longitude: -1 + (i % 100) / 1000,
        addresses: [{ id: gid(5, Math.floor(i / 3)), address_1: `${i} High Street`, city: 'Kingsmere', state_province: 'Kingsshire', postal_code: 'KM1 1AA', country: 'GB', address_type: 'physical' }],
      },
    }],
    languages: [{ id: gid(6, i), name: 'English', code: 'en' }],
    organization: { id: gid(7, Math.floor(i / 5)), name: `Organisation ${Math.floor(i / 5)}`, description: 'A generated organisation.' },
    contacts: [{ id: gid(8, i), name: 'Desk', phones: [{ id: gid(9, i), number: '01234 567890' }] }],
    attributes: [{ id: gid(10, i), taxonomy_term: FOOD }],
  }));
}
