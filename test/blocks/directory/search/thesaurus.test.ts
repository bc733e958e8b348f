import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { searchServices, type SearchParams } from '../../../../src/blocks/directory/search/query.js';
import { candidateTuning } from '../../../../src/blocks/directory/search/candidates.js';
import {
  checkThesaurusFile,
  compileLexicon,
  defaultLexicon,
  effectiveThesaurus,
  MAX_RELATED,
  overridesForImport,
  readQuery,
  relatedTsquery,
  shippedThesaurus,
  thesaurusFile,
} from '../../../../src/blocks/directory/search/thesaurus.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { loadFixture, SEARCH_MIGRATIONS, S } from './fixture.js';

describe('the search thesaurus', () => {
  describe('reading a query', () => {
    it('ships valid English and Welsh files of a few hundred entries', () => {
      for (const language of ['en', 'cy'] as const) {
        const entries = shippedThesaurus(language);
        assert.ok(entries.length >= 100, `${language}: ${entries.length}`);
        assert.deepEqual(checkThesaurusFile(thesaurusFile(language, []), language), []);
      }
    });

    it('reads the longest phrase, with the needs it names and the words listings use instead', () => {
      const r = readQuery('nowhere to sleep tonight', defaultLexicon());
      assert.deepEqual(r.specific.map((t) => t.code), ['homelessness']);
      for (const word of ['emergency accommodation', 'night shelter', 'rough sleeping']) assert.ok(r.related.includes(word), word);
      // 'sleep' alone is not what was read.
      assert.ok(r.covered.has('sleep'));
    });

    it('reads Welsh need words as the same needs as English ones, mutated forms too', () => {
      assert.deepEqual(readQuery('banc bwyd', defaultLexicon()).specific.map((t) => t.code), ['food-banks']);
      assert.deepEqual(readQuery('digartref', defaultLexicon()).specific.map((t) => t.code), ['homelessness']);
      assert.deepEqual(readQuery('ddyled', defaultLexicon()).specific.map((t) => t.code), ['debt-advice']);
      assert.ok(readQuery('teimlo\'n unig', defaultLexicon()).related.includes('befriending'));
    });

    it('caps the related words, taking from each phrase in turn', () => {
      const r = readQuery('skint and lonely and nowhere to sleep and feeling low', defaultLexicon());
      assert.equal(r.related.length, MAX_RELATED);
      for (const word of ['money', 'loneliness', 'homeless', 'depression']) assert.ok(r.related.includes(word), word);
    });

    it('makes a tsquery of letters and digits only', () => {
      assert.equal(relatedTsquery(["men's shed", 'debt; DROP TABLE', 'night shelter']), "(mens <-> shed) | (debt <-> drop <-> table) | (night <-> shelter)");
      assert.equal(relatedTsquery([]), undefined);
    });

    it('applies a council\'s changes over the shipped entries, and an import back to exactly the file', () => {
      const skint = shippedThesaurus('en').find((e) => e.key === 'skint')!;
      const changed = effectiveThesaurus('en', [{ language: 'en', key: 'skint', words: ['skint'], related: ['food bank'], removed: false }]);
      assert.deepEqual(changed.find((e) => e.key === 'skint')?.related, ['food bank']);
      const removed = effectiveThesaurus('en', [{ ...skint, removed: true }]);
      assert.equal(removed.find((e) => e.key === 'skint'), undefined);
      const mine = compileLexicon(effectiveThesaurus('en', [{ language: 'en', key: 'quidless', words: ['quidless'], related: ['welfare rights'], removed: false }]));
      assert.deepEqual(readQuery('quidless', mine).related, ['welfare rights']);
      // A file of the shipped entries but one needs one stored change; one leaving entries out removes them.
      const entries = shippedThesaurus('cy').map(({ words, related, needs }) => ({ words, related, ...(needs ? { needs } : {}) }));
      assert.deepEqual(overridesForImport('cy', entries), []);
      assert.equal(overridesForImport('cy', entries.slice(1)).filter((o) => o.removed).length, 1);
    });

    it('names each problem of a file by entry and field', () => {
      const problems = checkThesaurusFile({ language: 'cy', entries: [{ words: ['a'], related: [] }, { words: ['x'], related: ['y'], needs: ['nope'] }, { words: ['x'], related: ['z'] }] }, 'cy');
      assert.deepEqual(
        problems.map((p) => p.name),
        ['entries[0].related', 'entries[1].needs', 'entries[2].words'],
      );
      assert.deepEqual(checkThesaurusFile({ language: 'en', entries: [] }, 'cy').map((p) => p.name), ['language']);
    });
  });

  describe('in search', () => {
    let database: TestDatabase;
    let council: Council;
    const search = (params: SearchParams, locale: 'en' | 'cy' = 'en') => searchServices(database.db, council.id, params, { locale });

    before(async () => {
      database = await freshDatabase();
      await migrate(database.db, SEARCH_MIGRATIONS);
      council = await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
      await loadFixture(database.db, council.id);
    });
    after(() => database.close());

    it('a listing with the resident\'s own word ranks above every listing found only through a related word', async () => {
      const r = await search({ q: 'counselling', per_page: 50 });
      const direct = r.results.map((x) => /counsel/i.test(`${x.name} ${x.description}`));
      assert.ok(direct[0], r.results[0]?.name);
      assert.ok(direct.includes(false), 'related listings are found too');
      // Once a related-only listing appears, no direct one follows it.
      assert.ok(!direct.slice(direct.indexOf(false)).includes(true), JSON.stringify(r.results.map((x) => x.name)));
    });

    it('"banc bwyd" on a Welsh page is read as food banks, not corrected to English', async () => {
      const r = await search({ q: 'banc bwyd' }, 'cy');
      assert.equal(r.corrected_q, undefined);
      assert.equal(r.results[0]?.id, S.foodbank.id);
    });

    it('browsing by age lists services meant for that age first, alike from memory and in SQL', async () => {
      const enabled = candidateTuning.enabled;
      try {
        for (const cache of [true, false]) {
          candidateTuning.enabled = cache;
          const r = await search({ age: 2, per_page: 100 });
          assert.equal(r.results[0]?.id, S.toddler.id, `cache ${cache}: ${r.results[0]?.name}`);
          const open = r.results.findIndex((x) => x.min_age === undefined && x.max_age === undefined);
          assert.ok(open > 0 && r.results.slice(open).every((x) => x.min_age === undefined && x.max_age === undefined));
        }
      } finally {
        candidateTuning.enabled = enabled;
      }
    });
  });
});
