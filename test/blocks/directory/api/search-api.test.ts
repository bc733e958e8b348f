import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { loadFixture, S } from '../search/fixture.js';

describe('GET /api/search', () => {
  let hearth: TestHearth;
  const get = (query: string, prefix = '') => hearth.app.inject({ method: 'GET', url: `${prefix}/api/search${query ? `?${query}` : ''}` });

  before(async () => {
    hearth = await startTestHearth();
    await loadFixture(hearth.db, hearth.council.id);
  });
  after(() => hearth.stop());

  /** A 400 problem+json naming `name`. */
  const assertRefused = async (query: string, name: string, reason?: RegExp) => {
    const res = await get(query);
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json();
    assert.equal(problem.status, 400);
    const param = problem.invalid_params?.find((p: { name: string }) => p.name === name);
    assert.ok(param, `${query}: ${res.body}`);
    if (reason) assert.match(param.reason, reason);
    assert.doesNotMatch(res.body, /at .*\.ts:\d+/, 'no stack trace');
    return problem;
  };

  it('answers JSON anyone may read, at the root and under /c/{council}', async () => {
    for (const prefix of ['', '/c/testshire']) {
      const res = await get('q=foodbank&near=AS1%201AA', prefix);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const body = res.json();
      assert.equal(body.results[0].id, S.foodbank.id);
      assert.equal(typeof body.results[0].distance_m, 'number');
      assert.equal(typeof body.results[0].open_now, 'boolean');
      assert.deepEqual(Object.keys(body).sort(), ['interpreted', 'page', 'per_page', 'results', 'suggestions', 'total', 'total_is_estimate', 'total_pages']);
    }
  });

  it('reads repeated and single values of list parameters alike', async () => {
    const one = (await get('accessibility=wheelchair&per_page=100')).json();
    assert.deepEqual(one.results.map((r: { id: string }) => r.id).sort(), [S.foodbank.id, S.welfare.id, S.shed.id].sort());
    const two = (await get('accessibility=wheelchair&accessibility=hearing_loop')).json();
    assert.deepEqual(two.results.map((r: { id: string }) => r.id), [S.welfare.id]);
    const delivery = (await get('delivery=phone&delivery=online&free=true&open_now=false&per_page=100')).json();
    assert.ok(delivery.total > 0);
  });

  it('says what to widen when nothing is found', async () => {
    const body = (await get('q=counselling&free=true&near=AS6%201AA&radius=1000')).json();
    assert.equal(body.total, 0);
    assert.deepEqual(
      body.suggestions.map((s: { kind: string }) => s.kind),
      ['radius', 'near'],
    );
  });

  it('reports a spelling correction', async () => {
    const body = (await get('q=fodbank')).json();
    assert.equal(body.corrected_q, 'foodbank');
  });

  it('refuses an unknown postcode, naming near', async () => {
    const problem = await assertRefused('near=SW1A%209ZZ', 'near', /^we could not find the postcode SW1A 9ZZ$/);
    assert.equal(problem.title, 'Your request has a problem');
  });

  it('refuses out-of-range and malformed parameters, naming each', async () => {
    await assertRefused('near=AS1%201AA&radius=60000', 'radius', /at most 50000/);
    await assertRefused('radius=99', 'radius', /at least 100/);
    await assertRefused('per_page=10000', 'per_page', /at most 100/);
    await assertRefused('per_page=0', 'per_page');
    await assertRefused('page=0', 'page');
    await assertRefused('page=abc', 'page', /whole number/);
    await assertRefused('age=121', 'age');
    await assertRefused('age=-1', 'age');
    await assertRefused('taxonomy_term=not-a-uuid', 'taxonomy_term', /uuid/);
    await assertRefused(`taxonomy_term=${S.rent.id}&taxonomy_term=nope`, 'taxonomy_term');
    await assertRefused('day=someday', 'day');
    await assertRefused('day=mo&time=25:00', 'time');
    await assertRefused('time=9am', 'time');
    await assertRefused('free=maybe', 'free');
    await assertRefused('open_now=yes', 'open_now');
    await assertRefused('accessibility=lift', 'accessibility', /one of: wheelchair/);
    await assertRefused('delivery=pigeon', 'delivery', /one of: in_person, phone, online/);
    await assertRefused('language=12', 'language');
    await assertRefused(`near=${'x'.repeat(101)}`, 'near');
  });

  it('names several bad parameters at once', async () => {
    const problem = await assertRefused('radius=1&per_page=500&day=x', 'radius');
    assert.deepEqual(problem.invalid_params.map((p: { name: string }) => p.name).sort(), ['day', 'per_page', 'radius']);
  });

  it('refuses a 10 KB q with 400 naming q', async () => {
    await assertRefused(`q=${'a'.repeat(10 * 1024)}`, 'q', /at most 200 characters/);
    await assertRefused(`q=${'a'.repeat(201)}`, 'q', /at most 200 characters/);
  });

  it('searches SQL-looking text as words', async () => {
    const res = await get(`q=${encodeURIComponent("'; DROP TABLE service; --")}`);
    assert.equal(res.statusCode, 200);
    const again = (await get('q=foodbank')).json();
    assert.equal(again.results[0].id, S.foodbank.id);
  });

  it('never answers 5xx, whatever the query string', async () => {
    const names = ['q', 'near', 'radius', 'age', 'free', 'open_now', 'day', 'time', 'language', 'accessibility', 'delivery', 'taxonomy_term', 'page', 'per_page', 'lang', 'x'];
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.integer({ min: -100000, max: 100000 }).map(String),
      fc.constantFrom('AS1 1AA', 'AS6', 'ZZ9 9ZZ', '52.55,-1.5', '91,0', 'mo', 'Sunday', '23:59', '24:00', 'true', 'false', 'wheelchair', 'online', 'pl', "'; --", '%', '\\', '\u0000', 'null', '[]', '{}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 6 }), async (pairs) => {
        const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await get(query);
        assert.ok(res.statusCode < 500, `${query} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
  });
});
