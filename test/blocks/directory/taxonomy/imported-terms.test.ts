import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { needTerms } from '../../../../src/blocks/directory/search/synonyms.js';
import { searchServices, type SearchParams } from '../../../../src/blocks/directory/search/query.js';
import { reindexCouncil } from '../../../../src/blocks/directory/search/index-builder.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { SEARCH_MIGRATIONS } from '../search/fixture.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixture JSON */
const FIXTURE = JSON.parse(readFileSync(new URL('../../../fixtures/lgsl-directory/services.json', import.meta.url), 'utf8')) as { services: any[] };
const byName = (name: string): string => FIXTURE.services.find((s) => s.name === name)!.id;
const need = (code: string): string => needTerms().find((t) => t.code === code)!.id;

const PARCELS = byName('Brookfield Parcels');
const CIRCLE = byName('Tuesday Circle');
const MINIBUS = byName('Brookfield Minibus');
const ALLOTMENTS = byName('Brookfield Allotment Society');
const DAY_CENTRE = byName('Oak Lodge');

describe('imported data tagged with a mapped vocabulary is found by need', () => {
  let database: TestDatabase;
  let council: Council;
  const ids = async (params: SearchParams) => (await searchServices(database.db, council.id, { per_page: 100, ...params })).results.map((r) => r.id).sort();

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, SEARCH_MIGRATIONS);
    council = await addCouncil(database.db, { slug: 'brookfield', name: 'Brookfield Council', isDefault: true });
    await importOruk(database.db, council.id, FIXTURE.services);
  });
  after(() => database.close());

  it('files an LGSL term, by URI, by vocabulary name and code, or by CURIE, under the Hearth need it maps to and that need\'s parents', async () => {
    assert.deepEqual(await ids({ taxonomy_term: [need('food-banks')] }), [PARCELS]);
    assert.deepEqual(await ids({ taxonomy_term: [need('food')] }), [PARCELS]);
    assert.deepEqual(await ids({ taxonomy_term: [need('carer-support')] }), [CIRCLE]);
    assert.deepEqual(await ids({ taxonomy_term: [need('carers')] }), [CIRCLE]);
    assert.deepEqual(await ids({ taxonomy_term: [need('community-transport')] }), [MINIBUS]);
  });

  it('finds them by a resident\'s words for the need too', async () => {
    assert.ok((await ids({ q: 'nothing to eat' })).includes(PARCELS));
    assert.ok((await ids({ q: 'lifts to the shops' })).includes(MINIBUS));
  });

  it('leaves alone a term of another vocabulary that reuses an LGSL number, and an LGSL term mapped only as related', async () => {
    const underFood = await ids({ taxonomy_term: [need('food')] });
    assert.ok(!underFood.includes(ALLOTMENTS));
    assert.deepEqual(await ids({ taxonomy_term: [need('day-opportunities')] }), []);
    assert.deepEqual(await ids({ taxonomy_term: [need('older-people')] }), []);
    // Found by its own words all the same.
    assert.deepEqual(await ids({ q: 'day centres' }), [DAY_CENTRE]);
  });

  it('keeps the mapping through a whole reindex', async () => {
    await reindexCouncil(database.db, council.id);
    assert.deepEqual(await ids({ taxonomy_term: [need('food-banks')] }), [PARCELS]);
  });
});
