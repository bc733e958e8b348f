import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { exportOruk } from '../../../../src/blocks/directory/oruk/export.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import {
  Paged,
  ServiceAtLocationFullSchema,
  ServiceListItemSchema,
  ServiceSchema,
  TaxonomySchema,
  TaxonomyTermSchema,
  TaxonomyWithTermsSchema,
  type Service,
} from '../../../../src/blocks/directory/oruk/schemas.js';
import {
  getServiceAtLocation,
  getServiceListItems,
  getTaxonomy,
  getTaxonomyTerm,
  iterateFullServices,
  listTaxonomies,
  listTaxonomyTerms,
} from '../../../../src/blocks/directory/sql/oruk-read.js';
import { upsertTaxonomies } from '../../../../src/blocks/directory/sql/oruk-write.js';
import { testEngine } from '../../../support/db.js';
import { exampleService, generatedServices, migratedDatabase, ORUK_MISSING, orukAvailable, orukValidator, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

/** A Writable collecting text; `slow` makes it apply back-pressure on every write. */
function sink(slow = false): { stream: Writable; text: () => string; writes: () => number } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: slow ? 16 : 16384,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      if (slow) setImmediate(done);
      else done();
    },
  });
  return { stream, text: () => chunks.join(''), writes: () => chunks.length };
}

async function exported(t: MigratedDb, councilId: string, batchSize?: number): Promise<string> {
  const out = sink();
  await exportOruk(t.db, councilId, out.stream, { batchSize });
  return out.text();
}

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;
const ownAjv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** Every value present: no nulls, no empty strings, no empty lists. */
function assertCompact(value: unknown, path = '$'): void {
  assert.notEqual(value, null, `${path} is null`);
  assert.notEqual(value, '', `${path} is an empty string`);
  if (Array.isArray(value)) {
    assert.ok(value.length > 0, `${path} is an empty list`);
    value.forEach((v, i) => assertCompact(v, `${path}[${i}]`));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as object)) assertCompact(v, `${path}.${k}`);
  }
}

describe(`exportOruk (${testEngine})`, () => {
  let t: MigratedDb;
  before(async () => {
    t = await migratedDatabase();
  });
  after(() => t.close());

  const reset = () =>
    t.db.exec('DELETE FROM service; DELETE FROM outbox; DELETE FROM location; DELETE FROM program; DELETE FROM organization; DELETE FROM taxonomy_term; DELETE FROM taxonomy');

  it('gives back the ORUK example exactly as it came in', async (ctx) => {
    if (!orukAvailable()) return ctx.skip(ORUK_MISSING);
    await reset();
    await importOruk(t.db, t.council.id, exampleService());
    assert.equal(await exported(t, t.council.id), `[\n${JSON.stringify(exampleService())}\n]\n`);
  });

  it('is a fixed point: export, import elsewhere, export again gives the same bytes', async () => {
    await reset();
    await importOruk(t.db, t.council.id, [...richServices(), ...generatedServices(12)]);
    const first = await exported(t, t.council.id, 5);
    const services = JSON.parse(first) as Service[];
    assert.equal(services.length, 15);
    // The hand-made services come back as they went in.
    for (const s of richServices()) assert.deepEqual(services.find((x) => x.id === s.id), s);

    await importOruk(t.db, t.other.id, services);
    assert.equal(await exported(t, t.other.id), first);
    // And into the same council again.
    await importOruk(t.db, t.council.id, JSON.parse(first));
    assert.equal(await exported(t, t.council.id, 3), first);
  });

  it('writes only present values, valid against the ORUK schema and Hearth\'s own', async (ctx) => {
    await reset();
    await importOruk(t.db, t.council.id, [...richServices(), ...generatedServices(3)]);
    const services = JSON.parse(await exported(t, t.council.id)) as Service[];
    const own = ownAjv.compile(ServiceSchema);
    for (const s of services) {
      assertCompact(s);
      assert.ok(own(s), JSON.stringify(own.errors));
      const location = s.service_at_locations?.[0].location;
      if (location?.latitude !== undefined) assert.equal(typeof location.latitude, 'number');
    }
    const validate = orukValidator('compiled/service.json');
    if (!validate) return ctx.skip(ORUK_MISSING);
    for (const s of services) assert.ok(validate(s), `${s.id}: ${JSON.stringify(validate.errors)}`);
  });

  it('formats dates, times and numbers as ORUK does', async () => {
    await reset();
    const [foodBank] = richServices();
    foodBank.schedules![0].opens_at = '10:00';
    foodBank.last_modified = '2024-03-02T10:15:00+01:00';
    await importOruk(t.db, t.council.id, [foodBank]);
    const [out] = JSON.parse(await exported(t, t.council.id)) as Service[];
    assert.equal(out.schedules![0].opens_at, '10:00:00');
    assert.equal(out.schedules![1].valid_from, '2024-01-01');
    assert.equal(out.last_modified, '2024-03-02T09:15:00.000Z');
    assert.equal(out.cost_options![1].amount, 2.5);
    assert.equal(out.maximum_age, 120);
    assert.equal(out.service_at_locations![0].location!.longitude, 0.1218);
  });

  it('streams batch by batch under back-pressure, and writes [] for an empty council', async () => {
    await reset();
    await importOruk(t.db, t.council.id, generatedServices(9));
    const out = sink(true);
    const progress: number[] = [];
    const count = await exportOruk(t.db, t.council.id, out.stream, { batchSize: 4, onProgress: (done) => progress.push(done) });
    assert.equal(count, 9);
    assert.deepEqual(progress, [0, 4, 8, 9]);
    assert.ok(out.writes() >= 5);
    const ids = (JSON.parse(out.text()) as Service[]).map((s) => s.id);
    assert.deepEqual(ids, [...ids].sort(), 'in id order');
    assert.equal(await exported(t, t.other.id), '[]\n');
  });

  it('iterates a council\'s services in id order, a batch at a time', async () => {
    await reset();
    await importOruk(t.db, t.council.id, generatedServices(7));
    const sizes: number[] = [];
    for await (const batch of iterateFullServices(t.db, t.council.id, 3)) sizes.push(batch.length);
    assert.deepEqual(sizes, [3, 3, 1]);
  });
});

describe(`ORUK reads for the feed (${testEngine})`, () => {
  let t: MigratedDb;
  before(async () => {
    t = await migratedDatabase();
    await importOruk(t.db, t.council.id, richServices());
  });
  after(() => t.close());

  it('service_at_location: the location and the service, as ORUK\'s compiled schema has them', async (ctx) => {
    const [foodBank] = richServices();
    const sal = (await getServiceAtLocation(t.db, t.council.id, foodBank.service_at_locations![0].id))!;
    assert.deepEqual(sal.location, foodBank.service_at_locations![0].location);
    const { service_at_locations: _places, ...rest } = foodBank;
    assert.deepEqual(sal.service, rest);
    assert.equal(await getServiceAtLocation(t.db, t.council.id, 'not-an-id'), undefined);
    assert.equal(await getServiceAtLocation(t.db, t.other.id, foodBank.service_at_locations![0].id), undefined);
    assert.ok(ownAjv.validate(ServiceAtLocationFullSchema, sal), JSON.stringify(ownAjv.errors));
    const validate = orukValidator('compiled/service_at_location.json');
    if (!validate) return ctx.skip(ORUK_MISSING);
    assert.ok(validate(sal), JSON.stringify(validate.errors));
  });

  it('service list items: own fields and the organisation, in the order asked', async (ctx) => {
    const ids = richServices().map((s) => s.id).reverse();
    const items = await getServiceListItems(t.db, t.council.id, ids);
    assert.deepEqual(items.map((s) => s.id), ids);
    assert.equal(items[2].organization!.name, 'Kingsmere Community Trust');
    assert.equal('organization_identifiers' in items[2].organization!, false);
    assert.equal('schedules' in items[2], false);
    for (const item of items) assert.ok(ownAjv.validate(ServiceListItemSchema, item), JSON.stringify(ownAjv.errors));
    const validate = orukValidator('compiled/service_list.json');
    if (!validate) return ctx.skip(ORUK_MISSING);
    for (const item of items) assert.ok(validate(item), JSON.stringify(validate.errors));
  });

  it('taxonomies and terms, paged as ORUK pages', async (ctx) => {
    const needs = { id: '5b0e6c40-9a1f-4e2d-b3c4-00000000f000', name: 'Test needs', description: 'Needs for tests.', version: '1' };
    await upsertTaxonomies(t.db, t.council.id, [
      { ...needs, taxonomy_terms: [{ id: '5b0e6c40-9a1f-4e2d-b3c4-00000000f009', name: 'Zoo trips', description: 'Days out.' }] },
      { id: '5b0e6c40-9a1f-4e2d-b3c4-00000000e000', name: 'Another', description: 'Another taxonomy.' },
    ]);
    const page1 = await listTaxonomies(t.db, t.council.id, { page: 1, perPage: 1 });
    assert.deepEqual(page1, { total_items: 2, total_pages: 2, page_number: 1, size: 1, first_page: true, last_page: false, empty: false, contents: [{ id: '5b0e6c40-9a1f-4e2d-b3c4-00000000e000', name: 'Another', description: 'Another taxonomy.' }] });
    const page3 = await listTaxonomies(t.db, t.council.id, { page: 3, perPage: 1 });
    assert.deepEqual({ ...page3, contents: undefined }, { total_items: 2, total_pages: 2, page_number: 3, size: 0, first_page: false, last_page: true, empty: true, contents: undefined });

    const taxonomy = (await getTaxonomy(t.db, t.council.id, needs.id))!;
    assert.deepEqual(taxonomy.taxonomy_terms!.map((x) => x.name), ['Debt advice', 'Food', 'Food banks', 'Zoo trips']);
    assert.equal(await getTaxonomy(t.db, t.other.id, needs.id), undefined);

    const terms = await listTaxonomyTerms(t.db, t.council.id, { taxonomyId: needs.id, perPage: 2, page: 2 });
    assert.deepEqual(terms.contents.map((x) => x.name), ['Food banks', 'Zoo trips']);
    assert.equal(terms.total_items, 4);
    const top = await listTaxonomyTerms(t.db, t.council.id, { taxonomyId: needs.id, parentId: null });
    assert.deepEqual(top.contents.map((x) => x.name), ['Debt advice', 'Food', 'Zoo trips']);
    const term = (await getTaxonomyTerm(t.db, t.council.id, richServices()[0].attributes![0].taxonomy_term!.id))!;
    assert.deepEqual(term, richServices()[0].attributes![0].taxonomy_term);

    assert.ok(ownAjv.validate(Paged(TaxonomySchema), page1), JSON.stringify(ownAjv.errors));
    assert.ok(ownAjv.validate(Paged(TaxonomyTermSchema), terms), JSON.stringify(ownAjv.errors));
    assert.ok(ownAjv.validate(TaxonomyWithTermsSchema, taxonomy), JSON.stringify(ownAjv.errors));
    const taxonomyValidator = orukValidator('taxonomy.json');
    const termValidator = orukValidator('taxonomy_term.json');
    if (!taxonomyValidator || !termValidator) return ctx.skip(ORUK_MISSING);
    assert.ok(taxonomyValidator(taxonomy), JSON.stringify(taxonomyValidator.errors));
    for (const x of terms.contents) assert.ok(termValidator(x), JSON.stringify(termValidator.errors));
  });
});
