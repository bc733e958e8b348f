import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { upsertTaxonomies } from '../../../../src/blocks/directory/sql/oruk-write.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { upsertPostcodes } from '../../../../src/platform/geo/postcodes-sql.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixture and response JSON */
type Json = any;

const ORUK_DIR = process.env.HEARTH_ORUK_STANDARD_DIR ?? '/work/shared/standards/oruk-3.0';
const HAVE_STANDARD = existsSync(join(ORUK_DIR, 'schema', 'compiled', 'service.json'));
const NO_STANDARD = `the ORUK standards folder was not found at ${ORUK_DIR} (set HEARTH_ORUK_STANDARD_DIR); skipping validation against the official schemas`;

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

// --- fixtures -------------------------------------------------------------------------------

/** Deterministic ids: `uid('5', 1)` → 55555555-0000-4000-8000-000000000001. */
const uid = (kind: string, n: number) => `${kind.repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const NEEDS = uid('a', 1);
const OTHER_TAXONOMY = uid('a', 2);
const T = { food: uid('b', 1), foodbank: uid('b', 2), housing: uid('b', 3), leisure: uid('b', 4) };
const O = { council: uid('c', 1), charity: uid('c', 2), other: uid('c', 3) };
const L = { centre: uid('d', 1), north: uid('d', 2), far: uid('d', 3), near: uid('d', 4), otherton: uid('d', 5) };
const S = {
  foodbank: uid('e', 1),
  youthHousing: uid('e', 2),
  toddlers: uid('e', 3),
  lunchClub: uid('e', 4),
  debt: uid('e', 5),
  closed: uid('e', 6),
  otherA: uid('e', 7),
  otherB: uid('e', 8),
};
const EXAMPLE_SERVICE = 'ac148810-d857-441c-9679-408f346de14b';

/** The postcode the proximity tests measure from, and one far to the north. */
const POSTCODES = [
  { postcode: 'TS1 1AA', lat: 52.0, lng: -1.0 },
  { postcode: 'TS9 9ZZ', lat: 53.0, lng: -1.0 },
];

const terms: Record<string, Json> = {
  food: { id: T.food, name: 'Food', description: 'Food and meals.', taxonomy: 'Needs', taxonomy_id: NEEDS },
  foodbank: { id: T.foodbank, name: 'Food banks', description: 'Emergency food parcels.', parent_id: T.food, taxonomy: 'Needs', taxonomy_id: NEEDS },
  housing: { id: T.housing, name: 'Housing', description: 'Somewhere to live.', taxonomy: 'Needs', taxonomy_id: NEEDS },
  leisure: { id: T.leisure, name: 'Leisure', description: 'Things to do.', taxonomy: 'Activities', taxonomy_id: OTHER_TAXONOMY },
};

const organization = (id: string, name: string): Json => ({ id, name, description: `${name} serves the people of Testshire.`, website: 'https://example.org/' });
const location = (id: string, name: string, latitude: number, longitude: number): Json => ({
  id,
  location_type: 'physical',
  name,
  latitude,
  longitude,
  addresses: [
    { id: id.replace(/^d/, 'f'), address_1: `1 ${name} Street`, city: 'Testtown', state_province: 'Testshire', postal_code: 'TS1 1AA', country: 'GB', address_type: 'physical' },
  ],
});
const at = (n: number, loc: Json) => ({ id: uid('9', n), location: loc });
const tagged = (n: number, term: Json) => ({ id: uid('7', n), link_type: 'need', taxonomy_term: term });
const weekly = (n: number, byday: string, opens: string, closes: string, extra: Json = {}) => ({
  id: uid('6', n),
  freq: 'WEEKLY',
  byday,
  opens_at: opens,
  closes_at: closes,
  ...extra,
});

function service(id: string, name: string, fields: Json): Json {
  return { id, name, description: `${name}.`, status: 'active', ...fields };
}

const centre = location(L.centre, 'Centre Hall', 52.0045, -1.0); // ~500 m north of TS1 1AA
const north = location(L.north, 'North Hub', 52.03, -1.0); // ~3.3 km
const far = location(L.far, 'Far Barn', 52.2, -1.0); // ~22 km
const near = location(L.near, 'Corner Room', 52.01, -1.01); // ~1.3 km

/** Services of the main council: each filter picks a known set of them. */
function testshireServices(): Json[] {
  const examples = HAVE_STANDARD ? [readJson(join(ORUK_DIR, 'examples', 'service_full.json'))] : [];
  // The example's coordinates (100, 101) are placeholders no real feed could carry.
  for (const sal of examples[0]?.service_at_locations ?? []) Object.assign(sal.location, { latitude: 51.5, longitude: -0.1 });
  return [
    ...examples,
    service(S.foodbank, 'Riverside Food Bank', {
      description: 'Emergency food parcels for anyone in need, no referral needed.',
      organization: organization(O.charity, 'Riverside Trust'),
      url: 'https://example.org/foodbank',
      email: 'help@example.org',
      alert: 'Closed on bank holidays.',
      assured_date: '2025-01-05',
      last_modified: '2025-01-10T09:00:00.000Z',
      attributes: [tagged(1, terms.foodbank)],
      service_at_locations: [at(1, centre)],
      schedules: [weekly(1, 'MO,WE', '10:00:00', '14:00:00', { description: 'Mondays and Wednesdays, 10am to 2pm.' })],
      contacts: [
        { id: uid('5', 1), name: 'Ann Persona', title: 'Coordinator', phones: [{ id: uid('4', 1), number: '01234 567890' }] },
        { id: uid('5', 2), name: 'Bob Example', title: 'Volunteer lead', phones: [{ id: uid('4', 2), number: '01234 567891' }, { id: uid('4', 3), number: '07700 900123' }] },
      ],
      phones: [{ id: uid('4', 4), number: '01234 000000', description: 'Main line' }],
      cost_options: [{ id: uid('3', 1), option: 'Everyone', amount: 0, amount_description: 'Free' }],
      languages: [{ id: uid('2', 1), name: 'Polish', code: 'pl' }, { id: uid('2', 2), name: 'English', code: 'en' }],
      funding: [{ id: uid('1', 1), source: 'Testshire Council grant' }],
      service_areas: [{ id: uid('1', 2), name: 'Testtown', service_area: 'Testtown and villages' }],
    }),
    service(S.youthHousing, 'Youth Housing Advice', {
      description: 'Advice on finding somewhere to live for young people.',
      organization: organization(O.council, 'Testshire Council'),
      minimum_age: 16,
      maximum_age: 25,
      last_modified: '2025-03-01T12:00:00.000Z',
      attributes: [tagged(2, terms.housing)],
      service_at_locations: [at(2, north)],
      schedules: [weekly(2, 'TU,TH', '09:00:00', '17:00:00')],
    }),
    service(S.toddlers, 'Toddler Music', {
      description: 'Songs and rhymes for the very young.',
      organization: organization(O.charity, 'Riverside Trust'),
      minimum_age: 0,
      maximum_age: 5,
      last_modified: '2025-06-01T08:30:00.000Z',
      attributes: [tagged(3, terms.leisure)],
      service_at_locations: [at(3, far)],
      schedules: [weekly(3, 'SA', '10:00:00', '12:00:00')],
    }),
    service(S.lunchClub, 'Older People Lunch Club', {
      description: 'A hot meal and company.',
      organization: organization(O.council, 'Testshire Council'),
      minimum_age: 65,
      last_modified: '2025-02-01T00:00:00.000Z',
      attributes: [tagged(4, terms.food)],
      service_at_locations: [{ id: uid('9', 4), location_id: L.centre }, at(5, near)],
      schedules: [
        weekly(4, 'FR', '12:00:00', '14:00:00'),
        { id: uid('6', 5), freq: 'MONTHLY', byday: '1SA', opens_at: '11:00:00', closes_at: '13:00:00' },
      ],
    }),
    service(S.debt, 'Online Debt Advice', {
      description: 'Help with money worries, by phone and online.',
      organization: organization(O.council, 'Testshire Council'),
      minimum_age: 18,
      last_modified: '2024-12-01T00:00:00.000Z',
      schedules: [weekly(6, 'MO,TU,WE,TH,FR', '09:00:00', '17:00:00')],
    }),
    service(S.closed, 'Closed Youth Club', {
      status: 'defunct',
      organization: organization(O.charity, 'Riverside Trust'),
      minimum_age: 11,
      maximum_age: 18,
      last_modified: '2024-06-01T00:00:00.000Z',
    }),
  ];
}

function othertonServices(): Json[] {
  const org = organization(O.other, 'Otherton Borough Council');
  const place = location(L.otherton, 'Otherton Library', 52.001, -1.001);
  return [
    service(S.otherA, 'Otherton Food Pantry', { organization: org, service_at_locations: [at(8, place)], last_modified: '2025-05-05T00:00:00.000Z' }),
    service(S.otherB, 'Otherton Carers Group', { organization: org, last_modified: '2025-05-06T00:00:00.000Z' }),
  ];
}

const TESTSHIRE_IDS = [S.foodbank, S.youthHousing, S.toddlers, S.lunchClub, S.debt, S.closed];
/** Service-at-locations of the main council: one each, two for the lunch club, and the example's. */
const PLACES = HAVE_STANDARD ? 6 : 5;
/** Every service of the main council, the example's included when the standard is there. */
const ALL = TESTSHIRE_IDS.length + (HAVE_STANDARD ? 1 : 0);
/** Taxonomy terms of the main council: four of ours and the example's. */
const TERMS = HAVE_STANDARD ? 5 : 4;

// --- helpers --------------------------------------------------------------------------------

let hearth: TestHearth;
let other: Council;

async function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return hearth.app.inject({ method: 'GET', url, headers });
}

async function ok(url: string, headers: Record<string, string> = {}): Promise<Json> {
  const res = await get(url, headers);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, url);
  assert.equal(res.headers['access-control-allow-origin'], '*', `${url} has no CORS header`);
  const body = res.json();
  assertNoNulls(body, url);
  return body;
}

function assertNoNulls(value: unknown, where: string, path = '$'): void {
  assert.notEqual(value, null, `${where}: null at ${path}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertNoNulls(v, where, `${path}[${i}]`));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) assertNoNulls(v, where, `${path}.${k}`);
}

const ids = (page: Json): string[] => page.contents.map((item: Json) => item.id);
const sorted = (list: string[]) => [...list].sort();

/** All service ids a filter picks (one page of up to 100 is all of them here). */
async function servicesFor(query: string, base = '/oruk'): Promise<string[]> {
  const page = await ok(`${base}/services?per_page=100&${query}`);
  assert.equal(page.total_items, page.contents.length);
  return ids(page);
}

async function placesFor(query: string): Promise<string[]> {
  const page = await ok(`/oruk/service_at_locations?per_page=100&${query}`);
  assert.equal(page.total_items, page.contents.length);
  return page.contents.map((item: Json) => `${item.service_id}@${item.location_id}`);
}

const PAGE_FIELDS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'];

function assertPage(page: Json, expected: { total: number; number: number; size: number; first: boolean; last: boolean; empty: boolean; pages: number }): void {
  for (const field of PAGE_FIELDS) assert.ok(field in page, `page lacks ${field}`);
  assert.deepEqual(
    {
      total: page.total_items,
      number: page.page_number,
      size: page.size,
      first: page.first_page,
      last: page.last_page,
      empty: page.empty,
      pages: page.total_pages,
    },
    expected,
  );
  assert.equal(page.contents.length, page.size);
}

function assertProblem(res: LightMyRequestResponse, status: number, param?: string): void {
  assert.equal(res.statusCode, status, `${res.statusCode} ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.headers['access-control-allow-origin'], '*', 'problem responses carry the CORS header too');
  const body = res.json();
  assert.equal(body.status, status);
  if (param) {
    const names = (body.invalid_params ?? []).map((p: Json) => p.name);
    assert.ok(names.includes(param), `expected ${param} in invalid_params, got ${JSON.stringify(body.invalid_params)}`);
  }
}

before(async () => {
  hearth = await startTestHearth();
  other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Borough Council', hosts: ['directory.otherton.example'] });
  await hearth.councils.reload();
  await upsertPostcodes(hearth.db, POSTCODES);
  await hearth.db.transaction((tx) =>
    upsertTaxonomies(tx, hearth.council.id, [
      { id: NEEDS, name: 'Needs', description: 'What people need help with.', uri: 'https://example.org/needs', version: '1', taxonomy_terms: [terms.food, terms.foodbank, terms.housing] },
      { id: OTHER_TAXONOMY, name: 'Activities', description: 'Things to do.', taxonomy_terms: [terms.leisure] },
    ]),
  );
  await importOruk(hearth.db, hearth.council.id, testshireServices());
  await importOruk(hearth.db, other.id, othertonServices());
});

after(() => hearth?.stop());

// --- official schemas -----------------------------------------------------------------------

describe('ORUK feed responses validate against the official ORUK 3.0 schemas', () => {
  let ajv: Ajv;
  const schema = (relative: string): ValidateFunction => ajv.getSchema(relative) ?? ajv.compile({ ...readJson(join(ORUK_DIR, 'schema', relative)), $id: relative });
  let page: ValidateFunction;

  before(() => {
    if (!HAVE_STANDARD) return;
    ajv = new Ajv({ strict: false, allErrors: true });
    const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv) => Ajv;
    addFormats(ajv);
    // taxonomy.json names its terms' schema relatively.
    ajv.addSchema(readJson(join(ORUK_DIR, 'schema', 'taxonomy_term.json')), 'taxonomy_term.json');
    const openapi = readJson(join(ORUK_DIR, 'schema', 'openapi.json'));
    page = ajv.compile({ ...openapi.components.schemas.Page, required: PAGE_FIELDS.filter((f) => f !== 'contents') });
  });

  function valid(validate: ValidateFunction, value: unknown, what: string): void {
    assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
  }

  async function validList(t: TestContext, url: string, itemSchema: string): Promise<Json[]> {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD) as never;
    const body = await ok(url);
    valid(page, body, url);
    const item = schema(itemSchema);
    for (const entry of body.contents) valid(item, entry, `${url} item ${entry.id}`);
    assert.ok(body.contents.length > 0, `${url} is empty: nothing was validated`);
    return body.contents;
  }

  it('GET /oruk/ as the ORUK openapi describes it', async (t) => {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD);
    const openapi = readJson(join(ORUK_DIR, 'schema', 'openapi.json'));
    const body = await ok('/oruk/');
    valid(ajv.compile(openapi.paths['/'].get.responses['200'].content['application/json'].schema), body, '/oruk/');
    assert.equal(body.version, '3.0');
    assert.match(body.profile, /^https:\/\//);
    // From configuration, never the request: without HEARTH_PUBLIC_URL, http://localhost:$PORT.
    assert.equal(body.openapi_url, 'http://localhost:3000/api/openapi.json');
    assert.equal((await ok('/oruk')).version, '3.0');
  });

  it('GET /oruk/services: page fields and every item against compiled/service_list.json', async (t) => {
    const items = await validList(t, '/oruk/services?per_page=100', 'compiled/service_list.json');
    if (!items) return;
    assert.deepEqual(sorted(items.map((s) => s.id)), sorted([EXAMPLE_SERVICE, ...TESTSHIRE_IDS]));
    const foodbank = items.find((s) => s.id === S.foodbank);
    assert.equal(foodbank.organization.name, 'Riverside Trust');
    assert.equal(foodbank.last_modified, '2025-01-10T09:00:00.000Z');
    assert.equal(foodbank.assured_date, '2025-01-05');
    assert.equal(foodbank.schedules, undefined, 'list items carry one-to-one fields only');
  });

  it('GET /oruk/services/{id}: every service against compiled/service.json, with every nested list kept', async (t) => {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD);
    const validate = schema('compiled/service.json');
    for (const id of [EXAMPLE_SERVICE, ...TESTSHIRE_IDS]) valid(validate, await ok(`/oruk/services/${id}`), id);
    const full = await ok(`/oruk/services/${S.foodbank}`);
    assert.equal(full.contacts.length, 2);
    assert.deepEqual(full.contacts[1].phones.map((p: Json) => p.number), ['01234 567891', '07700 900123']);
    assert.equal(full.service_at_locations[0].location.addresses[0].postal_code, 'TS1 1AA');
    assert.equal(full.attributes[0].taxonomy_term.id, T.foodbank);
    assert.deepEqual(full.languages.map((l: Json) => l.code), ['pl', 'en']);
    assert.equal(full.cost_options[0].amount, 0);
    assert.equal(full.schedules[0].opens_at, '10:00:00');
    const example = await ok(`/oruk/services/${EXAMPLE_SERVICE}`);
    const source = readJson(join(ORUK_DIR, 'examples', 'service_full.json'));
    assert.equal(example.organization.organization_identifiers[0].identifier, source.organization.organization_identifiers[0].identifier);
    assert.equal(example.funding[0].source, source.funding[0].source);
  });

  it('GET /oruk/service_at_locations: page fields and every item against compiled/service_at_location_list.json', async (t) => {
    const items = await validList(t, '/oruk/service_at_locations?per_page=100', 'compiled/service_at_location_list.json');
    if (!items) return;
    assert.equal(items.length, PLACES);
    for (const item of items) {
      assert.equal(item.service.id, item.service_id);
      assert.equal(item.location.id, item.location_id);
      assert.equal(item.location.addresses, undefined, 'list items carry one-to-one fields only');
    }
  });

  it('GET /oruk/service_at_locations/{id}: against compiled/service_at_location.json', async (t) => {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD);
    const validate = schema('compiled/service_at_location.json');
    const list = await ok('/oruk/service_at_locations?per_page=100');
    for (const item of list.contents) {
      const full = await ok(`/oruk/service_at_locations/${item.id}`);
      valid(validate, full, item.id);
      assert.equal(full.id, item.id);
      assert.equal(full.service.id, item.service_id);
      assert.equal(full.location.id, item.location_id);
    }
  });

  it('GET /oruk/taxonomies and /oruk/taxonomies/{id}: against schema/taxonomy.json', async (t) => {
    const items = await validList(t, '/oruk/taxonomies', 'taxonomy.json');
    if (!items) return;
    assert.deepEqual(items.map((x) => x.name), ['Activities', 'Needs']);
    const validate = schema('taxonomy.json');
    const needs = await ok(`/oruk/taxonomies/${NEEDS}`);
    valid(validate, needs, NEEDS);
    assert.deepEqual(sorted(needs.taxonomy_terms.map((x: Json) => x.id)), sorted([T.food, T.foodbank, T.housing]));
  });

  it('GET /oruk/taxonomy_terms and /oruk/taxonomy_terms/{id}: against schema/taxonomy_term.json', async (t) => {
    const items = await validList(t, '/oruk/taxonomy_terms?per_page=100', 'taxonomy_term.json');
    if (!items) return;
    const validate = schema('taxonomy_term.json');
    for (const term of items) valid(validate, await ok(`/oruk/taxonomy_terms/${term.id}`), term.id);
    assert.equal((await ok(`/oruk/taxonomy_terms/${T.foodbank}`)).parent_id, T.food);
  });
});

describe('ORUK feed responses match the response schemas the OpenAPI document gives', () => {
  it('validates each endpoint against its own documented 200 schema', async () => {
    const document = await ok('/api/openapi.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv) => Ajv;
    addFormats(ajv);
    const documented = (path: string) => ajv.compile(document.paths[path].get.responses['200'].content['application/json'].schema);
    const place = (await ok('/oruk/service_at_locations')).contents[0].id;
    const cases: [string, string][] = [
      ['/oruk/', '/oruk/'],
      ['/oruk/services', '/oruk/services?per_page=100'],
      ['/oruk/services/{id}', `/oruk/services/${S.foodbank}`],
      ['/oruk/services/{id}', `/oruk/services/${S.lunchClub}`],
      ['/oruk/service_at_locations', '/oruk/service_at_locations?per_page=100'],
      ['/oruk/service_at_locations/{id}', `/oruk/service_at_locations/${place}`],
      ['/oruk/taxonomies', '/oruk/taxonomies'],
      ['/oruk/taxonomies/{id}', `/oruk/taxonomies/${NEEDS}`],
      ['/oruk/taxonomy_terms', '/oruk/taxonomy_terms'],
      ['/oruk/taxonomy_terms/{id}', `/oruk/taxonomy_terms/${T.food}`],
    ];
    if (HAVE_STANDARD) cases.push(['/oruk/services/{id}', `/oruk/services/${EXAMPLE_SERVICE}`]);
    for (const [path, url] of cases) {
      const validate = documented(path);
      const body = await ok(url);
      assert.ok(validate(body), `${url} does not match the documented schema of ${path}: ${ajv.errorsText(validate.errors)}`);
    }
  });
});

// --- compliance -----------------------------------------------------------------------------

describe('ORUK compliance rules', () => {
  it('answers a CORS preflight on every feed address', async () => {
    for (const url of ['/oruk/', '/oruk/services', `/oruk/services/${S.foodbank}`, '/c/otherton/oruk/taxonomies']) {
      const res = await hearth.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept' },
      });
      assert.equal(res.statusCode, 204, url);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-allow-methods']), /GET/);
    }
  });

  it('needs no key and sends the CORS header on errors and unknown feed addresses too', async () => {
    assertProblem(await get('/oruk/services/00000000-0000-4000-8000-000000000000'), 404);
    assertProblem(await get('/oruk/no-such-endpoint'), 404);
    assertProblem(await get('/oruk/services?per_page=101'), 400, 'per_page');
  });

  it('gives page fields right on the first, a middle, the last and a page past the end', async () => {
    const all = (await ok('/oruk/services?per_page=100')).contents.map((s: Json) => s.id);
    const total = all.length;
    const pages = Math.ceil(total / 2);
    assert.ok(pages >= 3);
    const first = await ok('/oruk/services?per_page=2');
    assertPage(first, { total, number: 1, size: 2, first: true, last: false, empty: false, pages });
    const middle = await ok('/oruk/services?per_page=2&page=2');
    assertPage(middle, { total, number: 2, size: 2, first: false, last: false, empty: false, pages });
    const last = await ok(`/oruk/services?per_page=2&page=${pages}`);
    assertPage(last, { total, number: pages, size: total - 2 * (pages - 1), first: false, last: true, empty: false, pages });
    const beyond = await ok(`/oruk/services?per_page=2&page=${pages + 1}`);
    assertPage(beyond, { total, number: pages + 1, size: 0, first: false, last: true, empty: true, pages });
    // The pages together are the whole list, each item once, in a stable order (by id).
    const walked: string[] = [];
    for (let n = 1; n <= pages; n++) walked.push(...ids(await ok(`/oruk/services?per_page=2&page=${n}`)));
    assert.deepEqual(walked, all);
    assert.deepEqual(all, sorted(all));
  });

  it('gives page fields right for an empty result', async () => {
    for (const url of ['/oruk/services?search=xylophonezzz', '/oruk/service_at_locations?search=xylophonezzz', `/oruk/taxonomy_terms?parent_id=${T.leisure}`]) {
      assertPage(await ok(url), { total: 0, number: 1, size: 0, first: true, last: true, empty: true, pages: 0 });
    }
  });

  it('pages taxonomy terms and service_at_locations the same way', async () => {
    const terms = await ok('/oruk/taxonomy_terms?per_page=2');
    assertPage(terms, { total: TERMS, number: 1, size: 2, first: true, last: false, empty: false, pages: Math.ceil(TERMS / 2) });
    const places = await ok('/oruk/service_at_locations?per_page=4&page=2');
    assertPage(places, { total: PLACES, number: 2, size: PLACES - 4, first: false, last: true, empty: false, pages: 2 });
  });

  it('leaves empty optional fields out rather than sending null (walked through every response)', async () => {
    // `ok` walks every response for nulls; this visits one of each kind with sparse data.
    const closed = await ok(`/oruk/services/${S.closed}`);
    assert.equal('url' in closed, false);
    assert.equal('service_at_locations' in closed, false, 'empty lists are left out');
    const listed = (await ok('/oruk/services?per_page=100')).contents.find((s: Json) => s.id === S.closed);
    assert.equal('maximum_age' in listed, true);
    assert.equal('alert' in listed, false);
  });
});

// --- filters --------------------------------------------------------------------------------

describe('ORUK feed filters', () => {
  it('search: full text over names and descriptions', async () => {
    assert.deepEqual(await servicesFor('search=music'), [S.toddlers]);
    assert.ok((await servicesFor('search=food')).includes(S.foodbank));
    assert.deepEqual(await servicesFor('search=%22food%20parcels%22'), [S.foodbank]);
    assert.deepEqual(await placesFor('search=music'), [`${S.toddlers}@${L.far}`]);
    assert.equal((await servicesFor('search=%20%20')).length, ALL, 'blank search is no filter');
  });

  it('taxonomy_term_id: the term and narrower terms', async () => {
    assert.deepEqual(await servicesFor(`taxonomy_term_id=${T.foodbank}`), [S.foodbank]);
    assert.deepEqual(await servicesFor(`taxonomy_term_id=${T.food}`), sorted([S.foodbank, S.lunchClub]));
    assert.deepEqual(await servicesFor(`taxonomy_term_id=${T.food.toUpperCase()}`), sorted([S.foodbank, S.lunchClub]));
    assert.deepEqual(await servicesFor(`taxonomy_term_id=${uid('b', 99)}`), []);
    assert.deepEqual(
      sorted(await placesFor(`taxonomy_term_id=${T.food}`)),
      sorted([`${S.foodbank}@${L.centre}`, `${S.lunchClub}@${L.centre}`, `${S.lunchClub}@${L.near}`]),
    );
  });

  it('taxonomy_id: any term of the taxonomy', async () => {
    assert.deepEqual(await servicesFor(`taxonomy_id=${NEEDS}`), sorted([S.foodbank, S.youthHousing, S.lunchClub]));
    assert.deepEqual(await servicesFor(`taxonomy_id=${OTHER_TAXONOMY}`), [S.toddlers]);
  });

  it('organization_id', async () => {
    assert.deepEqual(await servicesFor(`organization_id=${O.council}`), sorted([S.youthHousing, S.lunchClub, S.debt]));
  });

  it('minimum_age: a minimum age of at least the value; maximum_age: a maximum age at most the value', async () => {
    assert.deepEqual(await servicesFor('minimum_age=16'), sorted([S.youthHousing, S.lunchClub, S.debt]));
    assert.deepEqual(await servicesFor('maximum_age=18'), sorted([S.toddlers, S.closed]));
    assert.deepEqual(await servicesFor('minimum_age=11&maximum_age=25'), sorted([S.youthHousing, S.closed]));
    assert.equal((await servicesFor('minimum_age=0')).length, ALL, 'every service has a minimum age of at least 0');
  });

  it('day, start_time, end_time: one schedule matching all of them', async () => {
    assert.deepEqual(await servicesFor('day=TU'), sorted([S.youthHousing, S.debt]));
    assert.deepEqual(await servicesFor('day=SA'), sorted([S.toddlers, S.lunchClub]), 'a monthly 1SA counts as Saturday');
    assert.deepEqual(await servicesFor('day=saturday'), await servicesFor('day=SA'));
    const tenOrLater = [S.foodbank, S.toddlers, S.lunchClub, ...(HAVE_STANDARD ? [EXAMPLE_SERVICE] : [])];
    assert.deepEqual(await servicesFor('start_time=10:00'), sorted(tenOrLater));
    assert.deepEqual(await servicesFor('end_time=14:00'), sorted([S.foodbank, S.toddlers, S.lunchClub]));
    assert.deepEqual(await servicesFor('day=MO&start_time=09:30'), [S.foodbank]);
    assert.deepEqual(await servicesFor('day=FR&start_time=12:00:00&end_time=13:00'), []);
    assert.deepEqual(await servicesFor('day=FR&start_time=12:00:00&end_time=14:00'), [S.lunchClub]);
  });

  it('postcode and proximity: within metres of the postcode centre, nearest first', async () => {
    assert.deepEqual(await servicesFor('postcode=TS1%201AA&proximity=1000'), sorted([S.foodbank, S.lunchClub]));
    assert.deepEqual(await servicesFor('postcode=ts11aa&proximity=5000'), [...sorted([S.foodbank, S.lunchClub]), S.youthHousing]);
    const everything = await servicesFor('postcode=TS1%201AA');
    assert.equal(everything.length, ALL, 'a postcode alone orders, it does not filter');
    assert.deepEqual(everything.slice(0, 4), [...sorted([S.foodbank, S.lunchClub]), S.youthHousing, S.toddlers]);
    assert.deepEqual(sorted(everything.slice(-2)), sorted([S.debt, S.closed]), 'services with no place come last');
    assert.deepEqual(await placesFor('postcode=TS1%201AA&proximity=1000'), sorted([`${S.foodbank}@${L.centre}`, `${S.lunchClub}@${L.centre}`]));
    assert.deepEqual((await placesFor('postcode=TS1%201AA&proximity=1500')).at(-1), `${S.lunchClub}@${L.near}`);
    assert.deepEqual(await servicesFor('postcode=TS9%209ZZ&proximity=1000'), []);
  });

  it('postcode alone: small pages, answered within rings around the centre, page through the same order', async () => {
    for (const list of ['services', 'service_at_locations']) {
      const whole = ids(await ok(`/oruk/${list}?per_page=100&postcode=TS1%201AA`));
      const walked: string[] = [];
      for (let page = 1; walked.length < whole.length; page++) {
        const items = ids(await ok(`/oruk/${list}?per_page=2&page=${page}&postcode=TS1%201AA`));
        assert.ok(items.length > 0, `page ${page} of ${list} is empty`);
        walked.push(...items);
      }
      assert.deepEqual(walked, whole, list);
    }
  });

  it('modified_after: on or after the moment', async () => {
    assert.deepEqual(await servicesFor('modified_after=2025-02-01T00:00:00Z'), sorted([S.youthHousing, S.toddlers, S.lunchClub]));
    assert.deepEqual(await servicesFor('modified_after=2025-02-01T01:00:00%2B01:00'), sorted([S.youthHousing, S.toddlers, S.lunchClub]));
    assert.deepEqual(await servicesFor('modified_after=2025-06-01T08:30:00.001Z'), []);
  });

  it('filters combine', async () => {
    assert.deepEqual(await servicesFor(`taxonomy_id=${NEEDS}&minimum_age=16`), sorted([S.youthHousing, S.lunchClub]));
    assert.deepEqual(await servicesFor(`search=food&postcode=TS1%201AA&proximity=1000&day=MO`), [S.foodbank]);
    assert.deepEqual(await placesFor(`organization_id=${O.council}&postcode=TS1%201AA&proximity=1500`), [`${S.lunchClub}@${L.centre}`, `${S.lunchClub}@${L.near}`]);
  });

  it('taxonomy_terms: by taxonomy, by parent, top level only', async () => {
    const termIds = async (query: string) => sorted(ids(await ok(`/oruk/taxonomy_terms?per_page=100&${query}`)));
    assert.deepEqual(await termIds(`taxonomy_id=${NEEDS}`), sorted([T.food, T.foodbank, T.housing]));
    assert.deepEqual(await termIds(`parent_id=${T.food}`), [T.foodbank]);
    assert.ok(!(await termIds('top_only=true')).includes(T.foodbank));
    assert.ok((await termIds('top_only=true')).includes(T.food));
  });
});

describe('each council has its own feed', () => {
  it('under /c/{slug}/oruk, with nothing of another council', async () => {
    assert.deepEqual(await servicesFor('', '/c/otherton/oruk'), sorted([S.otherA, S.otherB]));
    assert.deepEqual(sorted(await servicesFor('', '/c/testshire/oruk')), sorted(await servicesFor('')));
    assertProblem(await get(`/c/otherton/oruk/services/${S.foodbank}`), 404);
    assertProblem(await get(`/oruk/services/${S.otherA}`), 404);
    assert.equal((await ok('/c/otherton/oruk/service_at_locations')).total_items, 1);
    assert.equal((await ok('/c/otherton/oruk/taxonomies')).total_items, 0);
    assert.deepEqual(ids(await ok('/c/otherton/oruk/services?postcode=TS1%201AA&proximity=1000')), [S.otherA]);
    assert.deepEqual((await ok(`/c/otherton/oruk/services/${S.otherA}`)).name, 'Otherton Food Pantry');
  });

  it('at /oruk on the council\'s own host name, with absolute links for that host (https, whatever X-Forwarded-Proto says)', async () => {
    const host = { host: 'directory.otherton.example' };
    assert.deepEqual(sorted(ids(await ok('/oruk/services', host))), sorted([S.otherA, S.otherB]));
    assert.equal((await ok('/oruk/', host)).openapi_url, 'https://directory.otherton.example/api/openapi.json');
    assert.equal((await ok('/oruk/', { ...host, 'x-forwarded-proto': 'http' })).openapi_url, 'https://directory.otherton.example/api/openapi.json');
  });

  it('answers an unknown council with a 404 problem that still carries the CORS header', async () => {
    assertProblem(await get('/c/nowhere/oruk/services'), 404);
  });
});

describe('the openapi_url follows HEARTH_PUBLIC_URL when it is set', () => {
  let configured: TestHearth;
  before(async () => {
    configured = await startTestHearth({ env: { HEARTH_PUBLIC_URL: 'https://help.testshire.example/' } });
  });
  after(() => configured?.stop());

  it('is absolute on the public URL, for the root and the /c/ feed alike', async () => {
    for (const url of ['/oruk/', '/c/testshire/oruk/']) {
      const res = await configured.app.inject(url);
      assert.equal(res.json().openapi_url, 'https://help.testshire.example/api/openapi.json');
    }
  });
});

// --- bad input ------------------------------------------------------------------------------

const LIST_FILTER_CASES: [string, string][] = [
  ['per_page=10000', 'per_page'],
  ['per_page=101', 'per_page'],
  ['per_page=0', 'per_page'],
  ['per_page=ten', 'per_page'],
  ['page=0', 'page'],
  ['page=-1', 'page'],
  ['page=1.5', 'page'],
  ['page=lots', 'page'],
  ['page=1&page=2', 'page'],
  ['taxonomy_term_id=food', 'taxonomy_term_id'],
  ['taxonomy_id=1234', 'taxonomy_id'],
  ['organization_id=%27%3B%20DROP%20TABLE%20service%3B--', 'organization_id'],
  ['minimum_age=-1', 'minimum_age'],
  ['minimum_age=old', 'minimum_age'],
  ['maximum_age=999', 'maximum_age'],
  ['day=XX', 'day'],
  ['day=funday', 'day'],
  ['start_time=25:00', 'start_time'],
  ['start_time=9am', 'start_time'],
  ['end_time=12:60', 'end_time'],
  ['postcode=NOT%20A%20POSTCODE', 'postcode'],
  ['postcode=ZZ9%209ZZ', 'postcode'],
  ['postcode=TS1%201AA&proximity=0', 'proximity'],
  ['postcode=TS1%201AA&proximity=-5', 'proximity'],
  ['postcode=TS1%201AA&proximity=1e9', 'proximity'],
  ['postcode=TS1%201AA&proximity=far', 'proximity'],
  ['proximity=500', 'proximity'],
  ['modified_after=yesterday', 'modified_after'],
  ['modified_after=2025-13-01T00:00:00Z', 'modified_after'],
  ['modified_after=2025-02-30T00:00:00Z', 'modified_after'],
  [`search=${'x'.repeat(201)}`, 'search'],
  ['search=a%00b', 'search'],
];

describe('bad input: a 400 problem naming the parameter, never a 500', () => {
  for (const list of ['/oruk/services', '/oruk/service_at_locations']) {
    it(`${list}`, async () => {
      for (const [query, name] of LIST_FILTER_CASES) assertProblem(await get(`${list}?${query}`), 400, name);
    });
  }

  it('/oruk/taxonomies and /oruk/taxonomy_terms', async () => {
    for (const query of ['per_page=10000', 'page=0']) {
      assertProblem(await get(`/oruk/taxonomies?${query}`), 400, query.split('=')[0]);
      assertProblem(await get(`/oruk/taxonomy_terms?${query}`), 400, query.split('=')[0]);
    }
    assertProblem(await get('/oruk/taxonomy_terms?taxonomy_id=needs'), 400, 'taxonomy_id');
    assertProblem(await get('/oruk/taxonomy_terms?parent_id=1'), 400, 'parent_id');
    assertProblem(await get('/oruk/taxonomy_terms?top_only=perhaps'), 400, 'top_only');
    assertProblem(await get(`/oruk/taxonomy_terms?top_only=true&parent_id=${T.food}`), 400, 'top_only');
  });

  it('malformed ids name `id`; well-formed unknown ids are 404', async () => {
    for (const path of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms']) {
      for (const bad of ['not-a-uuid', '123', 'ac148810-d857-441c-9679-408f346de14', "x'%20OR%20'1'='1"]) {
        assertProblem(await get(`/oruk/${path}/${bad}`), 400, 'id');
        assertProblem(await get(`/c/otherton/oruk/${path}/${bad}`), 400, 'id');
      }
      assertProblem(await get(`/oruk/${path}/${uid('0', 42)}`), 404);
      assertProblem(await get(`/oruk/${path}/urn:uuid:${uid('0', 42)}`), 404);
    }
  });

  it('several bad parameters are all named at once', async () => {
    const res = await get('/oruk/services?per_page=0&page=0&day=XX');
    assertProblem(res, 400);
    assert.deepEqual(sorted(res.json().invalid_params.map((p: Json) => p.name)), ['day', 'page', 'per_page']);
  });
});

describe('no input makes the feed or the API description answer 5xx (property test)', () => {
  const PARAMS = [
    'search', 'page', 'per_page', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'minimum_age', 'maximum_age',
    'day', 'start_time', 'end_time', 'postcode', 'proximity', 'modified_after', 'parent_id', 'top_only', 'lang',
  ];
  const ENDPOINTS = [
    '/oruk/', '/oruk', '/oruk/services', '/oruk/service_at_locations', '/oruk/taxonomies', '/oruk/taxonomy_terms',
    '/oruk/services/', '/oruk/service_at_locations/', '/oruk/taxonomies/', '/oruk/taxonomy_terms/',
    '/c/testshire/oruk/services', '/c/otherton/oruk/service_at_locations', '/api/openapi.json', '/api/docs',
  ];
  const value = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('', '0', '-1', '1e308', 'NaN', 'Infinity', '100', '101', 'TS1 1AA', 'MO', '24:00', '23:59:60', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '\u0000', '%', "'", '"', '\\'),
    fc.uuid(),
    fc.integer().map(String),
    fc.double().map(String),
  );
  const name = fc.oneof({ arbitrary: fc.constantFrom(...PARAMS), weight: 5 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 });
  const query = fc.array(fc.tuple(name, value), { maxLength: 6 });
  const segment = fc.oneof(fc.constant(''), fc.uuid(), fc.webSegment(), fc.string({ maxLength: 30 }));

  it('each parameter alone with awkward values (NUL, control characters, huge numbers, bad dates)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/oruk/services', '/oruk/service_at_locations', '/oruk/taxonomy_terms'), fc.constantFrom(...PARAMS), value, async (endpoint, key, v) => {
        const url = `${endpoint}?${encodeURIComponent(key)}=${encodeURIComponent(v)}`;
        const res = await get(url);
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 300, examples: [['/oruk/services', 'search', '\u0000'], ['/oruk/service_at_locations', 'search', 'a\u0000b']] },
    );
  });

  it('any combination of valid parameters answers 200 with a consistent page', async () => {
    const VALID = {
      search: fc.constantFrom('food', 'music', 'advice', '"food parcels"', '-food', 'zzz'),
      page: fc.integer({ min: 1, max: 5 }).map(String),
      per_page: fc.integer({ min: 1, max: 4 }).map(String),
      taxonomy_term_id: fc.constantFrom(T.food, T.foodbank, T.housing, uid('b', 99)),
      taxonomy_id: fc.constantFrom(NEEDS, OTHER_TAXONOMY),
      organization_id: fc.constantFrom(O.council, O.charity, O.other),
      minimum_age: fc.integer({ min: 0, max: 70 }).map(String),
      maximum_age: fc.integer({ min: 0, max: 100 }).map(String),
      day: fc.constantFrom('MO', 'tu', 'Saturday', 'FR'),
      start_time: fc.constantFrom('09:00', '10:00:00', '12:30'),
      end_time: fc.constantFrom('12:00', '14:00', '17:00:00'),
      postcode: fc.constantFrom('TS1 1AA', 'ts11aa', 'TS9 9ZZ'),
      modified_after: fc.constantFrom('2025-01-01T00:00:00Z', '2025-03-01T12:00:00+01:00'),
    };
    const params = fc.record(
      { ...VALID, proximity: fc.integer({ min: 1, max: 200_000 }).map(String) },
      { requiredKeys: [] },
    ).filter((p) => p.proximity === undefined || p.postcode !== undefined);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/oruk/services', '/oruk/service_at_locations', '/c/otherton/oruk/services'), params, async (endpoint, p) => {
        const qs = Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`).join('&');
        const body = await ok(`${endpoint}?${qs}`);
        const perPage = Number(p.per_page ?? 50);
        const page = Number(p.page ?? 1);
        assert.equal(body.page_number, page);
        assert.equal(body.total_pages, Math.ceil(body.total_items / perPage));
        assert.equal(body.size, body.contents.length);
        assert.equal(body.size, Math.max(0, Math.min(perPage, body.total_items - (page - 1) * perPage)), `${endpoint}?${qs}`);
        assert.equal(new Set(ids(body)).size, body.size);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary query strings and path segments get 2xx, 3xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), segment, query, async (endpoint, seg, params) => {
        const path = endpoint.endsWith('/') && endpoint !== '/oruk/' ? endpoint + encodeURIComponent(seg) : endpoint;
        const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await get(qs ? `${path}?${qs}` : path);
        assert.ok(res.statusCode < 500, `${path}?${qs} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('raw, unencoded query strings too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS.filter((e) => !e.endsWith('/') || e === '/oruk/')), fc.string({ maxLength: 60 }), async (endpoint, raw) => {
        const url = `${endpoint}?${raw.replace(/[#\s]/g, '')}`;
        const res = await get(url);
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 200 },
    );
  });
});
