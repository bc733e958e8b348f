import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { needTermByCode } from '../../../../src/blocks/directory/demo/taxonomy.js';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };
const FOOD = needTermByCode('food')!.id;

describe('directory pages: home and search', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPagesHearth();
  });
  after(() => hearth?.stop());

  const get = (url: string) => hearth.app.inject({ url, headers: HTML });

  it('shows the search form and the needs on the home page', async () => {
    const res = await get('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="get" action="\/search"/);
    assert.match(res.body, /<label[^>]*for="q"[^>]*>\s*What do you need help with\?/);
    assert.match(res.body, /<label[^>]*for="near"[^>]*>\s*Postcode or place/);
    assert.ok(res.body.includes(`href="/search?taxonomy_term=${FOOD}"`), 'links a need to its search');
    assert.match(res.body, />Money and debt</);
    assert.match(res.body, /<title>Find help and support near you – Testshire Council<\/title>/);
  });

  it('prefixes every link with the council path', async () => {
    const res = await get('/c/testshire/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /action="\/c\/testshire\/search"/);
    assert.ok(res.body.includes(`href="/c/testshire/search?taxonomy_term=${FOOD}"`));
  });

  it('lists results with organisation, description, tags and a link to each service', async () => {
    const res = await get('/search?q=food+bank');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`href="/services/${IDS.foodBank}?from=${encodeURIComponent('/search?q=food+bank')}"`), 'links to the food bank, remembering the search');
    assert.match(res.body, /Ashdown Food Bank/);
    assert.match(res.body, /Run by Ashdown Churches Together/);
    assert.match(res.body, /Emergency food parcels/);
    assert.match(res.body, /govuk-tag--blue[^>]*>\s*Free/);
    assert.match(res.body, /<h2 class="govuk-heading-m" id="results">\d+ results?<\/h2>/);
    assert.match(res.body, /How: In person/);
  });

  it('gives distances in miles when a postcode is given', async () => {
    const res = await get('/search?q=food&near=AS1+1AA');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /\d+\.\d miles away/);
    assert.match(res.body, /0\.0 miles away \(St Mary&#39;s Church Hall, AS1 1AA\)/);
  });

  it('pages through results with the GOV.UK pagination component', async () => {
    const first = await get(`/search?taxonomy_term=${FOOD}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /13 results/);
    assert.match(first.body, /class="govuk-pagination/);
    assert.ok(first.body.includes(`href="/search?taxonomy_term=${FOOD}&amp;page=2" rel="next"`), 'a next link');
    assert.match(first.body, /aria-current="page"/);
    const second = await get(`/search?taxonomy_term=${FOOD}&page=2`);
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /rel="prev"/);
    assert.equal((second.body.match(/class="hearth-result"/g) ?? []).length, 3);
  });

  it('keeps the filters that were asked for, and applies them', async () => {
    const res = await get('/search?q=club&age=15&delivery=in_person&accessibility=accessible_toilet&open_now=true&day=tu&time=19:00&language=pl&radius=8047');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="age" name="age" type="text"[^>]*value="15"/);
    assert.match(res.body, /value="in_person" checked/);
    assert.match(res.body, /value="accessible_toilet" checked/);
    assert.match(res.body, /name="open_now" type="checkbox" value="true" checked/);
    assert.match(res.body, /<option value="tu" selected>/);
    assert.match(res.body, /value="19:00"/);
    assert.match(res.body, /<option value="pl" selected>Polish<\/option>/);
    assert.match(res.body, /<option value="8047" selected>Within 5 miles<\/option>/);
  });

  it('treats the empty fields a submitted form sends as filters not chosen', async () => {
    const res = await get('/search?q=food&near=&radius=&age=&day=&time=&language=&taxonomy_term=');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="results">\d+ results?</);
    const blank = await get('/search?q=&near=');
    assert.equal(blank.statusCode, 200);
  });

  it('says which words it searched for when it corrected the spelling', async () => {
    const res = await get('/search?q=pantyr');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Showing results for “pantry”/);
    assert.match(res.body, /value="pantyr"/, 'the box keeps what was typed');
  });

  it('says when nothing was found and offers ways to widen the search', async () => {
    const res = await get('/search?q=lunch&age=20');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No services match your search/);
    assert.match(res.body, /<a class="govuk-link" href="\/search\?q=lunch">Include services for any age<\/a>/);
  });

  const bad: Array<[string, string, string]> = [
    ['radius out of range', '/search?q=food&near=AS1+1AA&radius=5', 'radius'],
    ['an unknown postcode', '/search?q=food&near=ZZ9+9ZZ', 'near'],
    ['a huge page size', '/search?q=food&per_page=10000', 'q'],
    ['10 KB of search words', `/search?q=${'a'.repeat(10_000)}`, 'q'],
    ['a time that is not a time', '/search?q=food&time=25:99', 'time'],
    ['an age that is not a number', '/search?age=old', 'age'],
    ['a delivery method that does not exist', '/search?delivery=pigeon', 'delivery'],
    ['a taxonomy term that is not an id', '/search?taxonomy_term=food', 'q'],
  ];
  for (const [what, url, field] of bad) {
    it(`answers ${what} with 400 and the GOV.UK error summary naming the field`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /class="govuk-error-summary"/);
      assert.match(res.body, /There is a problem/);
      assert.ok(res.body.includes(`href="#${field}"`), `the summary links to #${field}`);
      assert.match(res.body, /<title>Error: /);
      assert.doesNotMatch(res.body, /at [\w.]+ \(/, 'no stack trace');
    });
  }

  it('names the exact problem next to the field', async () => {
    const res = await get('/search?q=food&near=ZZ9+9ZZ');
    assert.match(res.body, /We could not find that postcode or place/);
    assert.match(res.body, /<p id="near-error" class="govuk-error-message">/);
    const time = await get('/search?time=25:99');
    assert.match(time.body, /<p id="time-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter a time using the 24-hour clock/);
  });
});
