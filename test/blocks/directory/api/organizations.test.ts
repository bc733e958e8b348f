import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixture and response JSON */
type Json = any;

const ORUK_DIR = process.env.HEARTH_ORUK_STANDARD_DIR ?? '/work/shared/standards/oruk-3.0';
const HAVE_STANDARD = existsSync(join(ORUK_DIR, 'schema', 'compiled', 'organization.json'));
const NO_STANDARD = `the ORUK standards folder was not found at ${ORUK_DIR} (set HEARTH_ORUK_STANDARD_DIR)`;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

const uid = (kind: string, n: number) => `${kind.repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const O = { trust: uid('c', 1), council: uid('c', 2), elsewhere: uid('c', 3) };

const trust: Json = {
  id: O.trust,
  name: 'Riverside Trust',
  description: 'A charity running food and advice services in Testtown.',
  email: 'hello@riverside.example',
  website: 'https://riverside.example/',
  organization_identifiers: [{ id: uid('1', 1), identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1234567' }],
};
const council: Json = { id: O.council, name: 'Testshire Council', description: 'The county council.' };

const services: Json[] = [
  {
    id: uid('e', 1),
    name: 'Riverside Food Bank',
    description: 'Emergency food parcels.',
    status: 'active',
    organization: trust,
    last_modified: '2025-01-10T09:00:00.000Z',
    contacts: [{ id: uid('5', 1), name: 'Ann Persona', phones: [{ id: uid('4', 1), number: '01234 567890' }] }],
    phones: [{ id: uid('4', 2), number: '01234 000000' }],
    service_at_locations: [
      {
        id: uid('9', 1),
        location: {
          id: uid('d', 1),
          location_type: 'physical',
          name: 'Centre Hall',
          latitude: 52.0,
          longitude: -1.0,
          addresses: [{ id: uid('f', 1), address_1: '1 High Street', city: 'Testtown', state_province: 'Testshire', postal_code: 'TS1 1AA', country: 'GB', address_type: 'physical' }],
        },
      },
    ],
    schedules: [{ id: uid('6', 1), freq: 'WEEKLY', byday: 'MO', opens_at: '10:00:00', closes_at: '12:00:00' }],
  },
  { id: uid('e', 2), name: 'Riverside Debt Advice', description: 'Help with money worries.', status: 'active', organization: trust, last_modified: '2025-06-01T00:00:00.000Z' },
  { id: uid('e', 3), name: 'Libraries', description: 'Books and computers.', status: 'active', organization: council, last_modified: '2024-01-01T00:00:00.000Z' },
];

let hearth: TestHearth;

const get = (url: string): Promise<LightMyRequestResponse> => hearth.app.inject({ method: 'GET', url });

async function ok(url: string): Promise<Json> {
  const res = await get(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  return res.json();
}

function assertProblem(res: LightMyRequestResponse, status: number, param?: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  if (param) assert.ok(res.json().invalid_params?.some((p: Json) => p.name === param), `${param} not named in ${res.body}`);
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv) => Ajv;
  return addFormats(ajv);
}

before(async () => {
  hearth = await startTestHearth();
  const otherton = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Borough Council', hosts: ['directory.otherton.example'] });
  await hearth.councils.reload();
  await importOruk(hearth.db, hearth.council.id, services);
  await importOruk(hearth.db, otherton.id, [
    { id: uid('e', 9), name: 'Otherton Pantry', status: 'active', organization: { id: O.elsewhere, name: 'Otherton Borough Council', description: 'Next door.' } },
  ]);
});

after(() => hearth?.stop());

describe('GET /oruk/organizations', () => {
  it('lists the council\'s organisations in id order in an ORUK page, and only its own', async () => {
    const page = await ok('/oruk/organizations');
    assert.deepEqual(page.contents.map((o: Json) => o.id), [O.trust, O.council]);
    assert.deepEqual(
      { total: page.total_items, pages: page.total_pages, number: page.page_number, size: page.size, first: page.first_page, last: page.last_page, empty: page.empty },
      { total: 2, pages: 1, number: 1, size: 2, first: true, last: true, empty: false },
    );
    // Own fields only in a list (no services, no nulls).
    assert.deepEqual(page.contents[0], { id: O.trust, name: trust.name, description: trust.description, email: trust.email, website: trust.website });
    const otherton = await ok('/c/otherton/oruk/organizations');
    assert.deepEqual(otherton.contents.map((o: Json) => o.id), [O.elsewhere]);
  });

  it('pages with page and per_page, counting every match', async () => {
    const second = await ok('/oruk/organizations?per_page=1&page=2');
    assert.deepEqual(second.contents.map((o: Json) => o.id), [O.council]);
    assert.equal(second.total_items, 2);
    assert.equal(second.last_page, true);
    const beyond = await ok('/oruk/organizations?per_page=1&page=3');
    assert.equal(beyond.empty, true);
    assert.equal(beyond.total_items, 2);
  });

  it('filters by search words and by modified_after', async () => {
    assert.deepEqual((await ok('/oruk/organizations?search=charity')).contents.map((o: Json) => o.id), [O.trust]);
    assert.deepEqual((await ok('/oruk/organizations?search=county')).contents.map((o: Json) => o.id), [O.council]);
    assert.equal((await ok('/oruk/organizations?search=zebra')).total_items, 0);
    // Both organisations were written just now, so a moment in the past finds both and one in the future neither.
    assert.equal((await ok('/oruk/organizations?modified_after=2020-01-01T00:00:00Z')).total_items, 2);
    assert.equal((await ok(`/oruk/organizations?modified_after=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).total_items, 0);
  });

  it('answers a bad parameter with a 400 problem naming it', async () => {
    assertProblem(await get('/oruk/organizations?per_page=0'), 400, 'per_page');
    assertProblem(await get('/oruk/organizations?per_page=101'), 400, 'per_page');
    assertProblem(await get('/oruk/organizations?page=x'), 400, 'page');
    assertProblem(await get('/oruk/organizations?modified_after=yesterday'), 400, 'modified_after');
  });
});

describe('GET /oruk/organizations/{id}', () => {
  it('returns the organisation with identifiers and every service fully nested', async () => {
    const org = await ok(`/oruk/organizations/${O.trust}`);
    assert.equal(org.name, 'Riverside Trust');
    assert.deepEqual(org.organization_identifiers, trust.organization_identifiers);
    assert.deepEqual(org.services.map((s: Json) => s.id), [uid('e', 1), uid('e', 2)]);
    const foodBank = org.services[0];
    assert.equal(foodBank.organization, undefined, 'the organisation is not repeated inside its services');
    assert.equal(foodBank.contacts[0].phones[0].number, '01234 567890');
    assert.equal(foodBank.phones[0].number, '01234 000000');
    assert.equal(foodBank.service_at_locations[0].location.addresses[0].postal_code, 'TS1 1AA');
    assert.equal(foodBank.schedules[0].byday, 'MO');
    // The same nesting as /services/{id}.
    const { organization: _o, ...alone } = await ok(`/oruk/services/${uid('e', 1)}`);
    assert.deepEqual(foodBank, alone);
  });

  it('answers 404 for an unknown id or another council\'s organisation, 400 for a malformed one', async () => {
    assertProblem(await get(`/oruk/organizations/${uid('c', 99)}`), 404);
    assertProblem(await get(`/oruk/organizations/${O.elsewhere}`), 404);
    assertProblem(await get('/oruk/organizations/not-an-id'), 400, 'id');
    assert.equal((await ok(`/c/otherton/oruk/organizations/${O.elsewhere}`)).name, 'Otherton Borough Council');
  });
});

describe('organisations against the official ORUK 3.0 schemas and our OpenAPI document', () => {
  it('list items against compiled/organization_list.json and the page against the Page schema', async (t) => {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD);
    const ajv = newAjv();
    const openapi = readJson(join(ORUK_DIR, 'schema', 'openapi.json'));
    const page = ajv.compile({ ...openapi.components.schemas.Page, required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'] });
    const item: ValidateFunction = ajv.compile(readJson(join(ORUK_DIR, 'schema', 'compiled', 'organization_list.json')));
    const body: Json = await ok('/oruk/organizations');
    const contents: Json[] = body.contents;
    assert.ok(page(body), ajv.errorsText(page.errors));
    assert.ok(contents.length > 0);
    for (const org of contents) assert.ok(item(org), `${org.id}: ${ajv.errorsText(item.errors)}`);
  });

  it('each organisation against compiled/organization.json', async (t) => {
    if (!HAVE_STANDARD) return t.skip(NO_STANDARD);
    const ajv = newAjv();
    const validate = ajv.compile(readJson(join(ORUK_DIR, 'schema', 'compiled', 'organization.json')));
    for (const id of [O.trust, O.council]) {
      const org = await ok(`/oruk/organizations/${id}`);
      assert.ok(validate(org), `${id}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('both endpoints are declared in /api/openapi.json and answer as declared', async () => {
    const document = await ok('/api/openapi.json');
    const ajv = newAjv();
    for (const [path, url] of [
      ['/oruk/organizations', '/oruk/organizations'],
      ['/oruk/organizations/{id}', `/oruk/organizations/${O.trust}`],
    ]) {
      const operation = document.paths[path]?.get;
      assert.ok(operation, `${path} is not in the OpenAPI document`);
      const validate = ajv.compile(operation.responses['200'].content['application/json'].schema);
      const body = await ok(url);
      assert.ok(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`);
    }
    const names = document.paths['/oruk/organizations'].get.parameters.map((p: Json) => p.name).sort();
    assert.deepEqual(names, ['modified_after', 'page', 'per_page', 'search']);
  });
});
