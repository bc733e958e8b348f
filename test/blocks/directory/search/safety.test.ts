import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { searchServices, type SearchParams, type SearchResults } from '../../../../src/blocks/directory/search/query.js';
import { candidateTuning } from '../../../../src/blocks/directory/search/candidates.js';
import { nearTuning } from '../../../../src/blocks/directory/sql/search.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { defaultCrisisHelp, setCrisisHelp, type CrisisHelp } from '../../../../src/blocks/directory/crisis-help.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { HttpProblem } from '../../../../src/platform/http/problem.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { loadFixture, SEARCH_MIGRATIONS } from './fixture.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixture JSON */
const SAFETY = JSON.parse(readFileSync(new URL('../../../fixtures/search-safety-services.json', import.meta.url), 'utf8')) as { services: Record<string, any> };
const DA = Object.fromEntries(Object.entries(SAFETY.services).map(([key, s]) => [key, s.id as string]));
const FOR_PEOPLE_WHO_HARM = new Set([DA.respect, DA.changingWays]);
const FOR_VICTIMS = new Set([DA.daSupport, DA.survivors]);

const WINTER_WEDNESDAY = new Date('2025-03-05T10:30:00Z');

describe('directory search: safety of residents', () => {
  let database: TestDatabase;
  let council: Council;
  const search = (params: SearchParams) => searchServices(database.db, council.id, params, { now: WINTER_WEDNESDAY });

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, SEARCH_MIGRATIONS);
    council = await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
    await loadFixture(database.db, council.id);
    await importOruk(database.db, council.id, Object.values(SAFETY.services));
  });
  after(() => database.close());

  /** The domestic abuse services in the order a search shows them. */
  const order = (r: SearchResults) => r.results.map((x) => x.id).filter((id) => FOR_PEOPLE_WHO_HARM.has(id) || FOR_VICTIMS.has(id));

  describe('services for people who harm, for a victim’s words', () => {
    const victimWords: SearchParams[] = [
      { q: 'my partner hits me' },
      { q: 'domestic abuse' },
      { q: 'abusive relationship' },
      { q: 'domestic violence' },
      { q: 'abuse' },
      // Beside a service for people who harm, support 1.5 km away still comes first.
      { q: 'domestic abuse', near: 'AS1 1AA', radius: 20000 },
      { q: 'abusive relationship', near: 'AS1 1AA', radius: 20000 },
    ];
    for (const params of victimWords) {
      it(`rank below support for victims: ${JSON.stringify(params)}`, async () => {
        const found = order(await search({ ...params, per_page: 100 }));
        const firstForHarm = found.findIndex((id) => FOR_PEOPLE_WHO_HARM.has(id));
        const lastForVictims = found.map((id) => FOR_VICTIMS.has(id)).lastIndexOf(true);
        assert.ok(lastForVictims >= 0, `support for victims is found: ${found}`);
        assert.ok(firstForHarm === -1 || firstForHarm > lastForVictims, `every victim service before any for people who harm: ${found}`);
      });
    }

    for (const q of ['I hurt my partner', 'anger management', 'perpetrator programme']) {
      it(`rank as usual when the words are those of someone who harms: "${q}"`, async () => {
        const found = order(await search({ q, per_page: 100 }));
        assert.ok(FOR_PEOPLE_WHO_HARM.has(found[0]), `a service for people who harm first: ${found}`);
      });
    }

    it('gives the same order from the candidate cache as from SQL, and from both SQL readings', async () => {
      const cases: SearchParams[] = [
        { q: 'domestic abuse', per_page: 100 },
        { q: 'my partner hits me' },
        { q: 'abusive relationship', near: 'AS1 1AA', radius: 20000 },
        { q: 'domestic abuse', near: 'AS2 1AA', per_page: 2, page: 2 },
        { q: 'I hurt my partner', near: 'AS1 1AA' },
      ];
      const saved = { ...nearTuning };
      try {
        for (const params of cases) {
          candidateTuning.enabled = false;
          nearTuning.firstPlaces = 1;
          nearTuning.placesPerResult = 1;
          const stepwise = await search(params);
          nearTuning.maxPlaces = 0;
          const sql = await search(params);
          Object.assign(nearTuning, saved);
          candidateTuning.enabled = true;
          const cached = await search(params);
          assert.deepEqual(stepwise, sql, JSON.stringify(params));
          assert.deepEqual({ ...cached, total_is_estimate: sql.total_is_estimate }, sql, JSON.stringify(params));
        }
      } finally {
        Object.assign(nearTuning, saved);
        candidateTuning.enabled = true;
      }
    });
  });

  describe('crisis help for words that show a risk to life', () => {
    it('comes with the results, with 999, Samaritans, Shout and NHS 111', async () => {
      const r = await search({ q: 'suicidal' });
      assert.ok(r.crisis, 'crisis help');
      assert.deepEqual(
        r.crisis.contacts.map((c) => [c.how, c.number, c.message ?? null]),
        [
          ['call', '999', null],
          ['call', '116 123', null],
          ['text', '85258', 'SHOUT'],
          ['call', '111', null],
        ],
      );
      assert.ok(r.total > 0, 'and the results as well');
    });

    it('comes when nothing is found too, misspelt, in Welsh, and in Welsh words', async () => {
      const none = await search({ q: 'want to die', age: 3, free: true, language: 'so' });
      assert.equal(none.total, 0);
      assert.ok(none.crisis);
      assert.ok((await search({ q: 'sucidal' })).crisis);
      const welsh = await searchServices(database.db, council.id, { q: 'eisiau marw' }, { now: WINTER_WEDNESDAY, locale: 'cy' });
      assert.ok(welsh.crisis);
      assert.match(welsh.crisis.heading, /Does dim rhaid i chi/);
    });

    it('does not come with other searches', async () => {
      for (const q of ['food bank', 'suicide prevention training for staff', 'debt advice']) assert.equal((await search({ q })).crisis, undefined, q);
    });

    it('is the council’s own when it has set one, per language', async () => {
      const own: CrisisHelp = {
        heading: 'Help is here now',
        text: 'Talk to someone tonight.',
        contacts: [{ name: 'Ardenshire Crisis Line', how: 'call', number: '0800 123 456', description: 'Open all night.' }, ...defaultCrisisHelp('en').contacts],
      };
      await setCrisisHelp(database.db, council.id, 'en', own);
      try {
        assert.deepEqual((await search({ q: 'kill myself' })).crisis, own);
        const welsh = await searchServices(database.db, council.id, { q: 'hunanladdol' }, { now: WINTER_WEDNESDAY, locale: 'cy' });
        assert.deepEqual(welsh.crisis, defaultCrisisHelp('cy'), 'Welsh keeps the default');
      } finally {
        await setCrisisHelp(database.db, council.id, 'en', null);
      }
      assert.deepEqual((await search({ q: 'kill myself' })).crisis, defaultCrisisHelp('en'));
    });

    it('refuses a council message that is not well formed, naming the field', async () => {
      const bad = { heading: '', text: 'x', contacts: [{ name: 'X', how: 'fax', number: 'call me', description: '' }] } as unknown as CrisisHelp;
      await assert.rejects(setCrisisHelp(database.db, council.id, 'en', bad), (error: unknown) => {
        assert.ok(error instanceof HttpProblem);
        assert.equal(error.status, 400);
        const names = (error.invalidParams ?? []).map((p) => p.name).join(' ');
        assert.match(names, /heading/);
        assert.match(names, /contacts/);
        return true;
      });
    });
  });

  describe('last_checked', () => {
    const lastChecked = async (id: string) => (await search({ q: 'domestic abuse', per_page: 100 })).results.find((r) => r.id === id)?.last_checked;

    it('is the date checked, not the day before, for a date in British Summer Time (assured_date)', async () => {
      assert.equal(await lastChecked(DA.daSupport), '2025-07-02');
    });
    it('is the date checked in Greenwich Mean Time (assured_date)', async () => {
      assert.equal(await lastChecked(DA.survivors), '2025-01-15');
    });
    it('is the UK date of the last change without an assured_date: 23:30 UTC on 1 July is 2 July in summer', async () => {
      assert.equal(await lastChecked(DA.respect), '2025-07-02');
    });
    it('and 23:30 UTC on 15 January is still 15 January in winter', async () => {
      assert.equal(await lastChecked(DA.changingWays), '2025-01-15');
    });
    it('is the same from SQL as from the cache', async () => {
      candidateTuning.enabled = false;
      try {
        assert.equal(await lastChecked(DA.daSupport), '2025-07-02');
        assert.equal(await lastChecked(DA.respect), '2025-07-02');
      } finally {
        candidateTuning.enabled = true;
      }
    });
  });
});
