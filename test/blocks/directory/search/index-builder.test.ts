import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { reindexCouncil, reindexServices } from '../../../../src/blocks/directory/search/index-builder.js';
import { searchServices, type SearchParams } from '../../../../src/blocks/directory/search/query.js';
import { deleteService } from '../../../../src/blocks/directory/sql/oruk-write.js';
import { candidateTuning } from '../../../../src/blocks/directory/search/candidates.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { FIXTURE, loadFixture, S, SEARCH_MIGRATIONS } from './fixture.js';

const NOW = new Date('2025-03-05T10:30:00Z'); // a Wednesday, 10:30 in London

/* eslint-disable @typescript-eslint/no-explicit-any -- ORUK JSON built for the test */
const clone = <T>(v: T): T => structuredClone(v);

let n = 0;
const id = (prefix: string) => `${prefix}-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** A service as a feed that uses no Hearth vocabulary writes it: everything in plain text. */
function plainService(fields: Record<string, unknown>, location?: Record<string, unknown>): any {
  const sid = id('e0000000');
  const org = { id: id('e1000000'), name: 'Plain Text Trust', description: 'A feed without vocabularies.' };
  return {
    id: sid,
    name: 'Plain service',
    description: 'A service.',
    status: 'active',
    organization: org,
    organization_id: org.id,
    attributes: [],
    service_at_locations: location
      ? [
          {
            id: id('e2000000'),
            location: {
              id: id('e3000000'),
              location_type: 'physical',
              name: 'Plain Hall',
              latitude: 52.55,
              longitude: -1.5,
              addresses: [],
              accessibility: [],
              ...location,
            },
          },
        ]
      : [],
    schedules: [],
    languages: [],
    cost_options: [],
    ...fields,
  };
}

describe('directory search: index builder', () => {
  let database: TestDatabase;
  let council: Council;
  const search = (params: SearchParams) => searchServices(database.db, council.id, params, { now: NOW });
  const ids = async (params: SearchParams) => (await search({ per_page: 100, ...params })).results.map((r) => r.id);

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, SEARCH_MIGRATIONS);
    council = await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
    await loadFixture(database.db, council.id);
  });
  after(() => database.close());

  it('follows a re-import: new words are found, old ones are not, nothing is duplicated', async () => {
    const before = (await search({})).total;
    const shed = clone(FIXTURE.services.shed);
    shed.name = 'Kingsmere Repair Cafe';
    shed.description = 'Bring your broken toasters and bicycles: volunteers mend them with you.';
    await importOruk(database.db, council.id, [shed]);
    assert.deepEqual(await ids({ q: 'toasters' }), [S.shed.id]);
    assert.deepEqual(await ids({ q: 'woodwork' }), []);
    assert.equal((await search({})).total, before);
    await importOruk(database.db, council.id, [FIXTURE.services.shed]);
    assert.deepEqual(await ids({ q: 'woodwork' }), [S.shed.id]);
  });

  it('drops a service that becomes inactive, and one that is deleted', async () => {
    const pantry = clone(FIXTURE.services.pantry);
    pantry.status = 'inactive';
    await importOruk(database.db, council.id, [pantry]);
    assert.ok(!(await ids({ q: 'pantry' })).includes(S.pantry.id));
    await importOruk(database.db, council.id, [FIXTURE.services.pantry]);
    assert.ok((await ids({ q: 'pantry' })).includes(S.pantry.id));

    const extra = plainService({ name: 'Short-lived Soup Run', description: 'Soup on the high street.' });
    await importOruk(database.db, council.id, [extra]);
    assert.deepEqual(await ids({ q: 'soup run' }), [extra.id]);
    // Deleted below the block's own writers (as another process would): the index row goes
    // with it, and this process's search cache sees the change within its staleness bound.
    const bound = candidateTuning.maxStalenessMs;
    candidateTuning.maxStalenessMs = 50;
    try {
      await database.db.transaction((tx) => deleteService(tx, council.id, extra.id));
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.deepEqual(await ids({ q: 'soup run' }), []);
    } finally {
      candidateTuning.maxStalenessMs = bound;
    }
    // Reindexing an id that no longer exists is harmless.
    await database.db.transaction((tx) => reindexServices(tx, council.id, [extra.id, S.rent.id]));
    assert.deepEqual(await ids({ q: 'soup run' }), []);
  });

  it('rebuilds a whole council to the same answers', async () => {
    const queries: SearchParams[] = [{ q: 'foodbank' }, { near: 'AS1 1AA' }, { open_now: true }, { q: 'fodbank' }, { accessibility: ['wheelchair'] }];
    const beforeRebuild = await Promise.all(queries.map((q) => search(q)));
    const count = await reindexCouncil(database.db, council.id);
    assert.ok(count >= 18);
    const afterRebuild = await Promise.all(queries.map((q) => search(q)));
    assert.deepEqual(afterRebuild, beforeRebuild);
  });

  it('reads delivery, accessibility, languages, cost and hours from plain text when a feed has no vocabulary', async () => {
    const helpline = plainService({
      name: 'Debt Helpline',
      description: 'Call our freephone helpline for advice on debts.',
      languages: [{ id: id('e4000000'), name: 'Welsh' }, { id: id('e4000000'), code: 'BSL' }],
      cost_options: [{ id: id('e5000000'), option: 'Free of charge' }],
      schedules: [{ id: id('e6000000'), freq: 'WEEKLY', byday: 'WE', opens_at: '10:00:00', closes_at: '11:00:00' }],
    });
    const club = plainService(
      {
        name: 'Chess Club',
        description: 'Weekly chess evenings. You can also play online with members.',
        fees_description: '£2 a night',
        schedules: [
          // Fortnightly, monthly and expired schedules do not make it "open now".
          { id: id('e6000000'), freq: 'WEEKLY', interval: 2, byday: 'WE', opens_at: '10:00:00', closes_at: '11:00:00' },
          { id: id('e6000000'), freq: 'MONTHLY', byday: '1WE', opens_at: '10:00:00', closes_at: '11:00:00' },
          { id: id('e6000000'), freq: 'WEEKLY', byday: 'WE', opens_at: '10:00:00', closes_at: '11:00:00', valid_to: '2020-01-01' },
        ],
      },
      { accessibility: [{ id: id('e7000000'), description: 'Level access, a hearing loop in the main hall and blue badge parking.' }] },
    );
    const virtual = plainService({ name: 'Virtual Poetry Circle' }, { location_type: 'virtual', latitude: undefined, longitude: undefined, name: 'Zoom' });
    await importOruk(database.db, council.id, [helpline, club, virtual]);

    const h = (await search({ q: 'debt helpline' })).results.find((r) => r.id === helpline.id)!;
    assert.deepEqual(h.delivery, ['phone']);
    assert.deepEqual(h.languages, ['bfi', 'cy']);
    assert.equal(h.free, true);
    assert.equal(h.open_now, true);
    assert.ok((await ids({ accessibility: ['bsl'] })).includes(helpline.id), 'BSL as a language is an accessibility feature');

    const c = (await search({ q: 'chess' })).results[0];
    assert.equal(c.id, club.id);
    assert.deepEqual(c.delivery, ['in_person', 'online']);
    assert.equal(c.free, false);
    assert.equal(c.open_now, false);
    const features = await ids({ accessibility: ['wheelchair', 'hearing_loop', 'parking'] });
    assert.ok(features.includes(club.id));

    const v = (await search({ q: 'poetry circle' })).results[0];
    assert.equal(v.id, virtual.id);
    assert.deepEqual(v.delivery, ['online']);
  });

  it('files a service under the ancestors of its terms, from the council\'s own taxonomy too', async () => {
    const taxonomyId = id('e8000000');
    const parent = { id: id('e9000000'), name: 'Leisure', description: 'Things to do.', taxonomy_id: taxonomyId };
    const child = { id: id('e9000000'), name: 'Board games', description: 'Games.', parent_id: parent.id, taxonomy_id: taxonomyId };
    const service = plainService({ name: 'Games Afternoon', description: 'Cards and board games.' });
    service.attributes = [
      { id: id('ea000000'), link_id: service.id, link_type: 'service', link_entity: 'service', taxonomy_term_id: parent.id, taxonomy_term: parent },
    ];
    await importOruk(database.db, council.id, [service]);
    service.attributes = [
      { id: id('ea000000'), link_id: service.id, link_type: 'service', link_entity: 'service', taxonomy_term_id: child.id, taxonomy_term: child },
    ];
    await importOruk(database.db, council.id, [service]);
    assert.deepEqual(await ids({ taxonomy_term: [parent.id] }), [service.id]);
    assert.deepEqual(await ids({ taxonomy_term: [child.id] }), [service.id]);
    const result = (await search({ q: 'board games' })).results[0];
    assert.deepEqual(result.taxonomy_terms, [{ id: child.id, name: 'Board games' }]);
  });

  it('learns the words of new listings for typo correction', async () => {
    const service = plainService({ name: 'Ukulele Orchestra', description: 'Learn the ukulele with friendly neighbours.' });
    await importOruk(database.db, council.id, [service]);
    const r = await search({ q: 'ukelele' });
    assert.equal(r.corrected_q, 'ukulele');
    assert.deepEqual(r.results.map((x) => x.id), [service.id]);
  });
});
