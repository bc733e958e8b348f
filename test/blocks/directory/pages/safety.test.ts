import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { needTermByCode } from '../../../../src/blocks/directory/demo/taxonomy.js';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };
const DOMESTIC_ABUSE = needTermByCode('domestic-abuse')!.id;
const EXIT = /<div class="govuk-exit-this-page"[^>]*>\s*<a href="https:\/\/www\.bbc\.co\.uk\/weather"[^>]*govuk-exit-this-page__button/;

describe('directory pages: residents’ safety', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPagesHearth();
  });
  after(() => hearth?.stop());

  /** The result card (its `<li>`) of the service named `name`, not the rest of the page (whose filters also say "Open now"). */
  const card = (html: string, name: string) => {
    const found = html.split('<li class="hearth-result">').slice(1).map((c) => c.slice(0, c.indexOf('</ul>'))).find((c) => c.includes(`>${name}</a>`));
    assert.ok(found, `a result card for ${name}`);
    return found;
  };
  const get = (url: string, headers: Record<string, string> = {}) => hearth.app.inject({ url, headers: { ...HTML, ...headers } });
  const page = async (url: string) => {
    const res = await get(url);
    assert.ok(res.statusCode === 200 || res.statusCode === 400, `${url}: ${res.statusCode}`);
    return res.body;
  };

  describe('crisis help', () => {
    it('comes first, before the heading and any result, with phone numbers to call and text', async () => {
      const body = await page('/search?q=suicidal');
      const help = body.indexOf('hearth-crisis-help');
      assert.ok(help > 0, 'crisis help shown');
      assert.ok(help < body.indexOf('<h1'), 'before the page heading');
      assert.ok(help < body.indexOf('id="results"'), 'before the results');
      assert.ok(body.includes('href="tel:999"'));
      assert.ok(body.includes('href="tel:116123"'));
      assert.ok(body.includes('href="sms:85258">Text SHOUT to 85258</a>'));
      assert.ok(body.includes('href="tel:111"'));
      assert.match(body, /option 2/);
    });

    it('comes before "no results", and when the rest of the search is refused', async () => {
      const none = await page('/search?q=want+to+die&age=3&language=so');
      assert.ok(none.indexOf('hearth-crisis-help') < none.indexOf('No services match'));
      const refused = await get('/search?q=kill+myself&near=ZZ9+9ZZ');
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.body.includes('hearth-crisis-help'));
    });

    it('is in Welsh for Welsh readers, from Welsh words too', async () => {
      const body = await page('/search?q=eisiau+marw&lang=cy');
      assert.match(body, /Cael help nawr/);
      assert.match(body, /Ffoniwch 116 123/);
    });

    it('is not shown for other searches', async () => {
      for (const q of ['food', 'suicide prevention training for staff']) assert.ok(!(await page(`/search?q=${encodeURIComponent(q)}`)).includes('hearth-crisis-help'), q);
    });

    it('is in /api/search as `crisis`', async () => {
      const res = await hearth.app.inject({ url: '/api/search?q=I+want+to+end+it+all' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual(body.crisis.contacts.map((c: { number: string }) => c.number), ['999', '116 123', '85258', '111']);
      assert.equal((await hearth.app.inject({ url: '/api/search?q=food' })).json().crisis, undefined);
    });
  });

  describe('Exit this page', () => {
    it('is on results about domestic abuse, read from the words or the need chosen', async () => {
      for (const url of ['/search?q=domestic+abuse', '/search?q=my+partner+hits+me', '/search?q=refuge', `/search?taxonomy_term=${DOMESTIC_ABUSE}`]) {
        assert.match(await page(url), EXIT, url);
      }
    });

    it('is in Welsh for Welsh readers', async () => {
      assert.match(await page('/search?q=domestic+abuse&lang=cy'), /<span class="govuk-visually-hidden">Argyfwng<\/span> Gadael y dudalen hon/);
    });

    it('is on the page of a service for domestic abuse, and of any service reached from such a search', async () => {
      assert.match(await page(`/services/${IDS.abuseSupport}`), EXIT);
      assert.match(await page(`/services/${IDS.foodBank}?from=${encodeURIComponent('/search?q=domestic+abuse')}`), EXIT);
    });

    it('is on the "tell us this is out of date" pages of such a service', async () => {
      assert.match(await page(`/services/${IDS.abuseSupport}/out-of-date`), EXIT);
      assert.match(await page(`/services/${IDS.abuseSupport}/out-of-date/sent`), EXIT);
    });

    it('is not on other results and services', async () => {
      for (const url of ['/search?q=food', `/services/${IDS.foodBank}`, `/services/${IDS.foodBank}/out-of-date`, `/services/${IDS.foodBank}?from=${encodeURIComponent('/search?q=food')}`]) {
        assert.doesNotMatch(await page(url), /govuk-exit-this-page/, url);
      }
    });
  });

  it('lists support for victims above a programme for people who harm', async () => {
    const body = await page('/search?q=domestic+abuse');
    const support = body.indexOf(`/services/${IDS.abuseSupport}`);
    const programme = body.indexOf(`/services/${IDS.abuseProgramme}`);
    assert.ok(support > 0 && programme > 0, 'both listed');
    assert.ok(support < programme);
  });

  describe('result cards', () => {
    it('say when a service was last checked, and when it was over a year ago', async () => {
      const body = await page('/search?q=computer');
      assert.match(body, /<li>Last checked \d{1,2} \w+ \d{4}<\/li>/);
      assert.match(body, /This information was last checked over a year ago; contact the service to check it is still right/);
      const recent = await page('/search?q=domestic+abuse');
      assert.match(recent, /Last checked/);
      assert.doesNotMatch(recent, /over a year ago/);
    });

    it('say "Open now" on an open service and when a closed one opens next, in English and Welsh', async (t) => {
      // Wednesday 2 December 2026, 11:00 in London (GMT): the food bank is open (Mon, Wed, Fri
      // 10:00 to 12:00); the programme meets on Wednesday evenings only, from 6pm.
      t.mock.timers.enable({ apis: ['Date'], now: new Date('2026-12-02T11:00:00Z') });
      try {
        const en = { food: card(await page('/search?q=food+bank'), 'Ashdown Food Bank'), programme: card(await page('/search?q=respect+programme'), 'Respect programme for people who harm') };
        assert.match(en.food, /<strong class="govuk-tag govuk-tag--green">\s*Open now\s*<\/strong>/);
        assert.doesNotMatch(en.food, /Closed now/);
        assert.match(en.programme, /<p class="govuk-body-s govuk-!-margin-bottom-2">Closed now · opens today at 6pm<\/p>/);
        assert.doesNotMatch(en.programme, /Open now/);
        const cy = { food: card(await page('/search?q=food+bank&lang=cy'), 'Ashdown Food Bank'), programme: card(await page('/search?q=respect+programme&lang=cy'), 'Respect programme for people who harm') };
        assert.match(cy.food, /<strong class="govuk-tag govuk-tag--green">\s*Ar agor nawr\s*<\/strong>/);
        assert.doesNotMatch(cy.food, /Ar gau nawr/);
        assert.match(cy.programme, /<p class="govuk-body-s govuk-!-margin-bottom-2">Ar gau nawr · yn agor heddiw am 6yh<\/p>/);
        assert.doesNotMatch(cy.programme, /Ar agor nawr/);
        // Later the same evening the programme is open, and says so on its card.
        t.mock.timers.setTime(new Date('2026-12-02T18:30:00Z').getTime());
        const evening = card(await page('/search?q=respect+programme'), 'Respect programme for people who harm');
        assert.match(evening, /<strong class="govuk-tag govuk-tag--green">\s*Open now\s*<\/strong>/);
        assert.doesNotMatch(evening, /Closed now/);
        // On Thursday morning the programme is closed until next Wednesday.
        t.mock.timers.setTime(new Date('2026-12-03T09:00:00Z').getTime());
        assert.match(card(await page('/search?q=respect+programme'), 'Respect programme for people who harm'), /Closed now · opens Wednesday at 6pm/);
      } finally {
        t.mock.timers.reset();
      }
    });
  });

  it('warns on a service page last checked over a year ago', async () => {
    assert.match(await page(`/services/${IDS.oldListing}`), /This information was last checked over a year ago/);
    assert.doesNotMatch(await page(`/services/${IDS.foodBank}`), /over a year ago/);
  });

  describe('the breadcrumb back to the results', () => {
    const breadcrumbs = (body: string) => /<nav class="govuk-breadcrumbs[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';

    it('goes back to the search the resident came from', async () => {
      const from = '/search?q=food+bank&near=AS1+1AA&free=true';
      const body = await page(`/services/${IDS.foodBank}?from=${encodeURIComponent(from)}`);
      assert.ok(breadcrumbs(body).includes(`href="/search?q=food+bank&amp;near=AS1+1AA&amp;free=true">Search results</a>`), breadcrumbs(body));
    });

    it('keeps the council path', async () => {
      const from = '/c/testshire/search?q=food';
      const body = await page(`/c/testshire/services/${IDS.foodBank}?from=${encodeURIComponent(from)}`);
      assert.ok(breadcrumbs(body).includes('href="/c/testshire/search?q=food"'));
    });

    it('never leads anywhere but this council’s search page', async () => {
      for (const from of [
        'https://evil.example/search?q=food',
        '//evil.example/search?q=food',
        '/\\evil.example/search?q=food',
        '/services/x?q=food',
        '/c/other/search?q=food',
        '/search',
        'javascript:alert(1)//search?q=food',
      ]) {
        const body = await page(`/services/${IDS.foodBank}?from=${encodeURIComponent(from)}`);
        const crumbs = breadcrumbs(body);
        assert.ok(crumbs.includes('href="/search">Search</a>'), `${from}: ${crumbs}`);
        assert.ok(!crumbs.includes('evil') && !crumbs.includes('javascript'), from);
      }
    });
  });
});
