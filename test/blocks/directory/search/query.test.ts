import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { searchServices, type SearchParams, type SearchResults } from '../../../../src/blocks/directory/search/query.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { HttpProblem } from '../../../../src/platform/http/problem.js';
import { nearTuning } from '../../../../src/blocks/directory/sql/search.js';
import { candidateTuning } from '../../../../src/blocks/directory/search/candidates.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { loadFixture, SEARCH_MIGRATIONS, S } from './fixture.js';

// Wednesday 5 March 2025, 10:30 in London (GMT), and the same wall-clock time in summer (BST).
const WINTER_WEDNESDAY = new Date('2025-03-05T10:30:00Z');
const SUMMER_WEDNESDAY = new Date('2025-07-02T09:30:00Z');

const FOOD = '5b0e6c40-9a1f-4e2d-b3c4-000000000100';
const FOOD_BANKS = '5b0e6c40-9a1f-4e2d-b3c4-000000000101';
const LONELINESS = '5b0e6c40-9a1f-4e2d-b3c4-000000000500';

describe('directory search: searchServices', () => {
  let database: TestDatabase;
  let council: Council;
  const search = (params: SearchParams, now = WINTER_WEDNESDAY) => searchServices(database.db, council.id, params, { now });
  const names = (r: SearchResults) => r.results.map((x) => x.name);
  const ids = (r: SearchResults) => r.results.map((x) => x.id);

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, SEARCH_MIGRATIONS);
    council = await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
    await loadFixture(database.db, council.id);
  });
  after(() => database.close());

  describe('relevance for what people type', () => {
    it('"can\'t pay my rent" ranks the rent arrears service first, read as the rent arrears need', async () => {
      for (const q of ["can't pay my rent", 'cant pay rent', 'I can’t pay my rent', 'behind on rent']) {
        const r = await search({ q });
        assert.equal(r.results[0]?.id, S.rent.id, q);
        assert.ok(r.interpreted.needs.some((n) => n.name === 'Rent arrears and eviction'), q);
      }
    });

    it('"foodbank", "food bank", "hungry" and "food parcel" find the food bank first', async () => {
      for (const q of ['foodbank', 'food bank', 'hungry', 'food parcel', 'Foodbank near me']) {
        const r = await search({ q });
        assert.equal(r.results[0]?.id, S.foodbank.id, q);
      }
    });

    it('"lonely" finds befriending first, and other services for loneliness', async () => {
      const r = await search({ q: 'lonely' });
      assert.equal(r.results[0]?.id, S.befriend.id);
      assert.ok(ids(r).includes(S.shed.id));
      assert.deepEqual(r.interpreted.needs.map((n) => n.id), [LONELINESS]);
    });

    it('"benefits help" finds welfare rights first', async () => {
      const r = await search({ q: 'benefits help' });
      assert.equal(r.results[0]?.id, S.welfare.id);
    });

    it('corrects misspellings against the directory\'s own words and says so', async () => {
      const fod = await search({ q: 'fodbank' });
      assert.equal(fod.results[0]?.id, S.foodbank.id);
      assert.equal(fod.corrected_q, 'foodbank');

      const bailiffs = await search({ q: 'bailifs' });
      assert.equal(bailiffs.results[0]?.id, S.debt.id);
      assert.equal(bailiffs.corrected_q, 'bailiffs');

      const welfare = await search({ q: 'Wellfare rights' });
      assert.equal(welfare.results[0]?.id, S.welfare.id);
      assert.equal(welfare.corrected_q, 'welfare rights');

      const lonley = await search({ q: 'lonley' });
      assert.equal(lonley.results[0]?.id, S.befriend.id);
    });

    it('"counseling" (American spelling / typo) finds the counselling services', async () => {
      const r = await search({ q: 'counseling' });
      assert.ok(r.results.length >= 2);
      assert.ok(r.results.slice(0, 2).every((x) => /Counselling/.test(x.name)), names(r).join(', '));
    });

    it('never "corrects" a correctly spelt English or Welsh word that no listing happens to use', async () => {
      // Near listing words ("flying", "grant", "rough", "care"), but real words a resident means.
      for (const q of ['crying', 'my gran', 'bought', 'scared', 'profedigaeth', 'ngofal']) {
        const r = await search({ q });
        assert.equal(r.corrected_q, undefined, `${q} was corrected to ${r.corrected_q}`);
      }
    });

    it('stems: "carers" and "caring" find the carers centre', async () => {
      for (const q of ['carers', 'caring', 'carer']) {
        const r = await search({ q });
        assert.equal(r.results[0]?.id, S.carers.id, q);
      }
    });

    it('a word the listings use but no need names is found by full text, the name counting most', async () => {
      const r = await search({ q: 'workshop' });
      assert.deepEqual(ids(r), [S.shed.id]);
      const named = await search({ q: 'night shelter' });
      assert.equal(named.results[0]?.id, S.shelter.id);
    });

    it('falls back to any of the words when no service has them all, and says so', async () => {
      const r = await search({ q: 'woodwork tribunals' });
      assert.equal(r.interpreted.match, 'any');
      assert.deepEqual(new Set(ids(r)), new Set([S.shed.id, S.welfare.id]));
    });

    it('never shows inactive services', async () => {
      const r = await search({ q: 'lunch club' });
      assert.ok(!ids(r).includes(S.closed.id));
      const all = await search({ per_page: 100 });
      assert.ok(!ids(all).includes(S.closed.id));
    });

    it('treats SQL-looking text as words', async () => {
      const r = await search({ q: "'; DROP TABLE service; --" });
      assert.ok(Array.isArray(r.results));
      const again = await search({ q: 'foodbank' });
      assert.equal(again.results[0]?.id, S.foodbank.id);
    });

    it('returns each result in the documented shape', async () => {
      const r = await search({ q: 'welfare rights', near: 'AS1 1AA' });
      const w = r.results[0];
      assert.equal(w.id, S.welfare.id);
      assert.equal(w.organization?.name, 'Borough of Ashdown Council');
      assert.equal(w.distance_m, 0);
      assert.equal(w.open_now, true);
      assert.equal(w.free, true);
      assert.deepEqual(w.languages, ['en', 'pl', 'ur']);
      assert.deepEqual(w.delivery, ['in_person', 'phone']);
      assert.deepEqual(w.location, { name: 'Welfare Rights Service at Ashdown', address: '1 Market Square, Ashdown', postcode: 'AS1 1AA' });
      assert.deepEqual(w.taxonomy_terms, [{ id: '5b0e6c40-9a1f-4e2d-b3c4-000000000201', name: 'Benefits help' }]);
      assert.ok(w.description.length <= 301);
      assert.deepEqual(r.interpreted.location, { label: 'AS1 1AA', lat: 52.556, lng: -1.505 });
    });
  });

  describe('filters, alone and combined', () => {
    it('age: only services open to that age', async () => {
      const r = await search({ age: 15, per_page: 100 });
      assert.ok(ids(r).includes(S.youth.id));
      for (const excluded of [S.counselling, S.befriend, S.shelter, S.toddler]) assert.ok(!ids(r).includes(excluded.id), excluded.name);
      // The one service that says "play" and is meant for two-year-olds first; any others the
      // thesaurus relates to play (children's activities) after it, each open to age 2.
      const toddler = await search({ age: 2, q: 'play' });
      assert.equal(ids(toddler)[0], S.toddler.id);
      for (const r of toddler.results) assert.ok((r.min_age ?? 0) <= 2 && (r.max_age ?? 99) >= 2, r.name);
    });

    it('free: leaves out services with a charge', async () => {
      const r = await search({ free: true, per_page: 100 });
      assert.ok(!ids(r).includes(S.pantry.id));
      assert.ok(!ids(r).includes(S.counselling.id));
      assert.ok(ids(r).includes(S.foodbank.id));
      assert.ok(r.results.every((x) => x.free));
    });

    it('open_now: by weekly schedules in London time, winter and summer alike', async () => {
      const expected = [S.rent, S.homeless, S.welfare, S.carers, S.befriend, S.coaching, S.crisis].map((s) => s.id).sort();
      for (const now of [WINTER_WEDNESDAY, SUMMER_WEDNESDAY]) {
        const r = await search({ open_now: true, per_page: 100 }, now);
        assert.deepEqual(ids(r).sort(), expected, now.toISOString());
        assert.ok(r.results.every((x) => x.open_now));
      }
      // Past midnight on a Monday the night shelter is still open from Sunday night.
      const monday = await search({ open_now: true, per_page: 100 }, new Date('2025-03-03T02:00:00Z'));
      assert.deepEqual(ids(monday).sort(), [S.shelter.id, S.crisis.id].sort());
    });

    it('every result says whether it is open now', async () => {
      const r = await search({ per_page: 100 });
      const food = r.results.find((x) => x.id === S.foodbank.id)!;
      const rent = r.results.find((x) => x.id === S.rent.id)!;
      assert.equal(food.open_now, false);
      assert.equal(rent.open_now, true);
    });

    it('day and time: open at that time on that day; day alone: at some time that day; time alone: today', async () => {
      const satMorning = await search({ day: 'sa', time: '11:30', per_page: 100 });
      assert.deepEqual(ids(satMorning).sort(), [S.shed.id, S.digital.id, S.polish.id, S.crisis.id].sort());
      const saturday = await search({ day: 'Saturday', per_page: 100 });
      assert.deepEqual(ids(saturday).sort(), [S.shed.id, S.digital.id, S.polish.id, S.crisis.id, S.shelter.id].sort());
      const tonight = await search({ time: '19:00', per_page: 100 });
      assert.deepEqual(ids(tonight).sort(), [S.counselling.id, S.coaching.id, S.crisis.id].sort());
    });

    it('language: by code, whatever its case or region, and from names in the listing', async () => {
      for (const language of ['pl', 'PL', 'pl-PL']) {
        const r = await search({ language, per_page: 100 });
        assert.deepEqual(ids(r).sort(), [S.welfare.id, S.polish.id].sort(), language);
      }
      const english = await search({ language: 'en', per_page: 100 });
      assert.ok(ids(english).includes(S.polish.id), 'en-GB counts as en');
    });

    it('accessibility: every feature asked for, from vocabulary attributes and from plain text', async () => {
      const wheelchair = await search({ accessibility: ['wheelchair'], per_page: 100 });
      assert.deepEqual(ids(wheelchair).sort(), [S.foodbank.id, S.welfare.id, S.shed.id].sort());
      const both = await search({ accessibility: ['wheelchair', 'hearing_loop'], per_page: 100 });
      assert.deepEqual(ids(both), [S.welfare.id]);
    });

    it('delivery: any of the ways asked for', async () => {
      const online = await search({ delivery: ['online'], per_page: 100 });
      for (const s of [S.coaching, S.debt, S.counselling]) assert.ok(ids(online).includes(s.id), s.name);
      assert.ok(!ids(online).includes(S.shelter.id));
      const phoneOrOnline = await search({ delivery: ['phone', 'online'], per_page: 100 });
      assert.ok(phoneOrOnline.total > online.total);
      assert.ok(ids(phoneOrOnline).includes(S.crisis.id));
    });

    it('taxonomy_term: the term or any narrower term', async () => {
      const parent = await search({ taxonomy_term: [FOOD], per_page: 100 });
      assert.deepEqual(ids(parent).sort(), [S.foodbank.id, S.pantry.id].sort());
      const child = await search({ taxonomy_term: [FOOD_BANKS] });
      assert.deepEqual(ids(child), [S.foodbank.id]);
    });

    it('near and radius: within the radius, nearest first, each with its distance', async () => {
      const r = await search({ near: 'AS1 1AA', radius: 3000, per_page: 100 });
      assert.equal(r.total, 8);
      const distances = r.results.map((x) => x.distance_m!);
      assert.ok(distances.every((d) => Number.isInteger(d) && d <= 3000));
      assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
      assert.ok(!ids(r).includes(S.pantry.id), 'Kingsmere is 6 km away');
      const wide = await search({ near: 'AS1 1AA', per_page: 100 });
      assert.ok(ids(wide).includes(S.pantry.id), 'the default radius is 8 km');
      assert.ok(!ids(wide).includes(S.coaching.id), 'a service with no place is not near anywhere');
    });

    it('near accepts an outward code, "lat,lng" and a town the directory knows', async () => {
      const outward = await search({ near: 'AS6', radius: 1000 });
      assert.ok(ids(outward).includes(S.debt.id));
      const latLng = await search({ near: '52.5937,-1.5682', radius: 500 });
      assert.deepEqual(new Set(ids(latLng)), new Set([S.pantry.id, S.befriend.id, S.counselling.id, S.shed.id]));
      const town = await search({ near: 'kingsmere', radius: 500 });
      assert.equal(town.total, 4);
      assert.equal(town.interpreted.location?.label, 'kingsmere');
    });

    it('words and place together: relevance blended with distance', async () => {
      const nearMillbridge = await search({ q: 'advice', near: 'AS6 1AA' });
      assert.equal(nearMillbridge.results[0]?.id, S.debt.id);
      assert.ok(nearMillbridge.results.every((x) => typeof x.distance_m === 'number'));
      const nearAshdown = await search({ q: 'debt advice', near: 'AS1 1AA', radius: 20000 });
      assert.equal(nearAshdown.results[0]?.id, S.debt.id, 'a strong match 6 km away beats weak ones next door');
    });

    it('gives the same answers whether it reads places nearest first or ranks every candidate', async () => {
      const cases: SearchParams[] = [
        { near: 'AS1 1AA', per_page: 100 },
        { near: 'AS1 1AA', per_page: 3, page: 2 },
        { q: 'advice', near: 'AS6 1AA', per_page: 100 },
        { q: 'advice', near: 'AS4 1AW', radius: 20000, per_page: 2, page: 2 },
        { q: 'food', near: 'AS1 1AA', free: true },
        { near: 'AS1 1AA', radius: 500, open_now: true },
      ];
      const saved = { ...nearTuning };
      candidateTuning.enabled = false;
      try {
        for (const params of cases) {
          nearTuning.firstPlaces = 1;
          nearTuning.firstPlacesNoWords = 1;
          nearTuning.placesPerResult = 1;
          nearTuning.maxPlaces = 4096;
          const stepwise = await search(params);
          nearTuning.maxPlaces = 0;
          const all = await search(params);
          assert.deepEqual(all, stepwise, JSON.stringify(params));
        }
      } finally {
        Object.assign(nearTuning, saved);
        candidateTuning.enabled = true;
      }
    });

    it('gives the same answers from the candidate cache as from SQL', async () => {
      const cases: SearchParams[] = [
        {},
        { per_page: 4, page: 2 },
        { q: 'advice' },
        { q: 'advice', per_page: 2, page: 3 },
        { q: 'lonely', open_now: true },
        { q: 'food', day: 'saturday' },
        { q: 'food', day: 'monday', time: '09:30' },
        { near: 'AS1 1AA', per_page: 100 },
        { near: 'AS1 1AA', per_page: 3, page: 2 },
        { q: 'advice', near: 'AS6 1AA', per_page: 100 },
        { q: 'advice', near: 'AS4 1AW', radius: 20000, per_page: 2, page: 2 },
        { q: 'food', near: 'AS1 1AA', free: true },
        { near: 'AS1 1AA', radius: 500, open_now: true },
        { q: 'debt advice', near: 'AS1 1AA', radius: 20000, age: 30, language: 'pl' },
        { q: 'zzzz qqqq' },
      ];
      try {
        for (const params of cases) {
          candidateTuning.enabled = false;
          const sql = await search(params);
          candidateTuning.enabled = true;
          const cached = await search(params);
          const again = await search(params);
          assert.deepEqual(cached, again, `a second answer from memory: ${JSON.stringify(params)}`);
          // SQL counts widely matching searches only up to a cap; the cache knows the exact number.
          assert.deepEqual({ ...cached, total_is_estimate: sql.total_is_estimate }, sql, JSON.stringify(params));
        }
      } finally {
        candidateTuning.enabled = true;
      }
    });

    it('combines filters with AND', async () => {
      const r = await search({ q: 'benefits', free: true, open_now: true, near: 'AS1 1AA', radius: 3000, language: 'pl', accessibility: ['wheelchair'] });
      assert.deepEqual(ids(r), [S.welfare.id]);
      const none = await search({ q: 'advice', free: true, open_now: true, near: 'AS1 1AA', radius: 3000, language: 'ur', age: 30, delivery: ['online'] });
      assert.equal(none.total, 0);
    });
  });

  describe('paging', () => {
    it('pages through every active service once, in name order without words or place', async () => {
      const first = await search({ per_page: 5 });
      assert.equal(first.total, 17);
      assert.equal(first.total_pages, 4);
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) seen.push(...ids(await search({ per_page: 5, page })));
      assert.equal(seen.length, 17);
      assert.equal(new Set(seen).size, 17);
      const all = names(await search({ per_page: 100 }));
      assert.deepEqual(all, [...all].sort((a, b) => (a < b ? -1 : 1)));
      const beyond = await search({ per_page: 5, page: 9 });
      assert.deepEqual(beyond.results, []);
      assert.equal(beyond.total, 17);
    });

    it('pages through ranked and nearest-first results without overlap', async () => {
      for (const params of [{ q: 'advice' }, { near: 'AS1 1AA' }] as SearchParams[]) {
        const whole = ids(await search({ ...params, per_page: 100 }));
        const paged: string[] = [];
        for (let page = 1; page <= Math.ceil(whole.length / 2); page++) paged.push(...ids(await search({ ...params, per_page: 2, page })));
        assert.deepEqual(paged, whole, JSON.stringify(params));
        const past = await search({ ...params, per_page: 2, page: 50 });
        assert.equal(past.total, whole.length);
      }
    });
  });

  describe('nothing found', () => {
    it('suggests only the changes that would find something', async () => {
      const r = await search({ q: 'counselling', free: true, near: 'AS6 1AA', radius: 1000 });
      assert.equal(r.total, 0);
      const kinds = r.suggestions.map((s) => s.kind);
      // Wider (the free youth counselling is 6 km away) or anywhere; dropping "free" alone finds nothing within 1 km.
      assert.deepEqual(kinds, ['radius', 'near']);
      const radius = r.suggestions.find((s) => s.kind === 'radius')!;
      assert.deepEqual(radius.params, { radius: 20000 });
      // Each suggestion, followed, finds something.
      for (const s of r.suggestions) {
        const next: Record<string, unknown> = { q: 'counselling', free: true, near: 'AS6 1AA', radius: 1000 };
        for (const [k, v] of Object.entries(s.params)) {
          if (v === null) delete next[k];
          else next[k] = v;
        }
        assert.ok((await search(next as SearchParams)).total > 0, s.text);
      }
    });

    it('suggests dropping "open now" when that is what empties the list', async () => {
      const r = await search({ q: 'foodbank', open_now: true });
      assert.equal(r.total, 0);
      assert.deepEqual(r.suggestions[0], {
        kind: 'open_now',
        action: 'remove',
        param: 'open_now',
        text: 'Include services that are closed now',
        params: { open_now: null },
      });
    });

    it('suggests the broader need, and no suggestion that would find nothing', async () => {
      const r = await search({ q: 'foodbank', language: 'pl' });
      assert.equal(r.total, 0);
      assert.deepEqual(
        r.suggestions.map((s) => s.kind),
        ['language'],
      );
      const withTerm = await search({ q: 'foodbank', taxonomy_term: [LONELINESS] });
      assert.deepEqual(
        withTerm.suggestions.map((s) => [s.kind, s.params]),
        [
          ['taxonomy_term', { taxonomy_term: null }],
          ['need', { q: null, taxonomy_term: FOOD }],
        ],
      );
      const words = await search({ q: 'zzzyzzx' });
      assert.deepEqual(words.suggestions, []);
    });
  });

  describe('bad input', () => {
    const refused = async (params: SearchParams, name: string, reason?: RegExp) => {
      await assert.rejects(search(params), (error: unknown) => {
        assert.ok(error instanceof HttpProblem);
        assert.equal(error.status, 400);
        const param = error.invalidParams?.find((p) => p.name === name);
        assert.ok(param, JSON.stringify(error.invalidParams));
        if (reason) assert.match(param.reason, reason);
        return true;
      });
    };

    it('an unknown postcode, district or place is a 400 naming near', async () => {
      await refused({ near: 'SW1A 9ZZ' }, 'near', /^we could not find the postcode SW1A 9ZZ$/);
      await refused({ near: 'sw1a9zz' }, 'near', /SW1A 9ZZ/);
      await refused({ near: 'ZZ9' }, 'near', /postcode area ZZ9/);
      await refused({ near: 'Atlantis' }, 'near', /Atlantis/);
    });

    it('a malformed day or time is a 400 naming it (for callers that skip the schema)', async () => {
      await refused({ day: 'someday' }, 'day');
      await refused({ time: '25:00' }, 'time');
      await refused({ q: 'x'.repeat(201) }, 'q');
    });
  });
});
