import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { forgetRecentSearches, normaliseSearchWords, postcodeDistrict, londonIsoWeek as directoryWeek } from '../../../src/blocks/directory/sql/unmet-need.js';
import { recordServiceFeedback } from '../../../src/blocks/directory/sql/feedback.js';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { OTHER_WORDS } from '../../../src/blocks/insight/index.js';
import { insightSettings } from '../../../src/blocks/insight/settings.js';
import { countOutOfDateReport, countUnmetSearch, weeklyTotals } from '../../../src/blocks/insight/sql/counters.js';
import { londonIsoWeek, recentWeeks, weekStart } from '../../../src/blocks/insight/weeks.js';
import { ConfigError } from '../../../src/platform/config.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { seedDemoInsight } from '../../../src/blocks/insight/demo.js';
import type { TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { testEngine } from '../../support/db.js';
import { browserSkip, CHROMIUM } from '../directory/pages/browser.js';
import { startPagesHearth } from '../directory/pages/support.js';
import { signIn, type Browser } from '../identity/support.js';
import { signInWithEmailLink } from '../../support/chromium.js';

const PAGE = '/admin/insight/unmet-need';

describe(`insight: unmet need (${testEngine})`, () => {
  let hearth: TestHearth;
  let manager: Browser;
  let resident: Browser;

  const unmetEvents = async () =>
    (await hearth.db.query<{ subject: string; data: Record<string, unknown> }>(`SELECT subject, data FROM outbox WHERE type = 'directory.search.unmet' ORDER BY id`)).rows;
  const search = (url: string, remoteAddress = '127.0.0.1') => hearth.app.inject({ method: 'GET', url, remoteAddress });
  const dispatch = async () => {
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
  };

  before(async () => {
    hearth = await startPagesHearth();
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    manager = await signIn(hearth, 'manager@testshire.example');
    resident = await signIn(hearth, 'resident@example.org');
  });
  after(() => hearth?.stop());

  it('keeps only the words of a search: no email address, phone number, postcode, number or little words', () => {
    assert.equal(normaliseSearchWords('Taxidermy lessons for jo.bloggs@example.com 07700 900123 AS1 1AA'), 'taxidermy lessons');
    assert.equal(normaliseSearchWords('I need help with my DOG’S vet bills please +44 7700 900123'), 'dogs vet bills');
    assert.equal(normaliseSearchWords('see www.example.org/page and https://x.example/y hoarding'), 'see hoarding');
    assert.equal(normaliseSearchWords('one two three four five six'), 'one two three four', 'at most four words');
    assert.equal(normaliseSearchWords('banc bwyd banc'), 'banc bwyd');
    assert.equal(normaliseSearchWords('07700 900123'), '');
    assert.equal(postcodeDistrict('as2 1aa'), 'AS2');
    assert.equal(postcodeDistrict('LL57'), 'LL57');
    assert.equal(postcodeDistrict('Pontwen'), undefined);
    assert.equal(postcodeDistrict('52.5,-1.5'), undefined);
  });

  it('names weeks as ISO weeks in London, the same in the directory and the insight block', () => {
    for (const [at, week] of [
      ['2026-12-03T12:00:00Z', '2026-W49'],
      ['2027-01-01T12:00:00Z', '2026-W53'],
      ['2026-03-29T23:30:00Z', '2026-W14'], // already Monday in London (BST)
      ['2024-12-30T10:00:00Z', '2025-W01'],
    ] as const) {
      assert.equal(londonIsoWeek(new Date(at)), week, at);
      assert.equal(directoryWeek(new Date(at)), week, at);
    }
    assert.equal(weekStart('2026-W49').toISOString().slice(0, 10), '2026-11-30');
    assert.deepEqual(recentWeeks(new Date('2026-12-03T12:00:00Z'), 3), ['2026-W47', '2026-W48', '2026-W49']);
  });

  it('reads HEARTH_INSIGHT_SUPPRESS_BELOW, default 5, and refuses a value that would publish single searches', () => {
    assert.equal(insightSettings({ env: {} }).suppressBelow, 5);
    assert.equal(insightSettings({ env: { HEARTH_INSIGHT_SUPPRESS_BELOW: '10' } }).suppressBelow, 10);
    for (const bad of ['1', '0', 'five', '3.5', '-4']) {
      assert.throws(() => insightSettings({ env: { HEARTH_INSIGHT_SUPPRESS_BELOW: bad } }), (e: Error) => e instanceof ConfigError && /HEARTH_INSIGHT_SUPPRESS_BELOW/.test(e.message));
    }
  });

  it('a search page that finds nothing writes one event with the words, outcome, needs and week, and nothing personal', async () => {
    forgetRecentSearches();
    const before = (await unmetEvents()).length;
    const url = `/search?q=${encodeURIComponent('taxidermy jo.bloggs@zzqx.invalid 07700 900123')}`;
    const res = await search(url);
    assert.equal(res.statusCode, 200);
    const events = (await unmetEvents()).slice(before);
    assert.equal(events.length, 1);
    const { data, subject } = events[0];
    assert.deepEqual(Object.keys(data).sort(), ['needs', 'outcome', 'week', 'words']);
    assert.equal(data.words, 'taxidermy');
    assert.equal(data.outcome, 'none');
    assert.match(String(data.week), /^\d{4}-W\d{2}$/);
    assert.equal(subject, data.week);
    const stored = JSON.stringify(events);
    for (const personal of ['zzqx', 'bloggs', '07700', '900123', '127.0.0.1']) assert.ok(!stored.includes(personal), `${personal} is not stored`);

    // A reload, and paging through nothing, are the same search: not counted again.
    await search(url);
    await search(`${url}&page=2`);
    assert.equal((await unmetEvents()).length, before + 1);
    // Someone else making the same search is counted.
    await search(url, '192.0.2.7');
    assert.equal((await unmetEvents()).length, before + 2);
  });

  it('a search that found something writes nothing; one that found nothing near the postcode is "nearby" with its district', async () => {
    forgetRecentSearches();
    const before = (await unmetEvents()).length;
    assert.equal((await search('/search?q=food')).statusCode, 200);
    assert.equal((await unmetEvents()).length, before);
    const res = await search('/search?q=food+bank&near=AS10+1AD&radius=100');
    assert.equal(res.statusCode, 200);
    const events = (await unmetEvents()).slice(before);
    assert.equal(events.length, 1);
    assert.equal(events[0].data.outcome, 'nearby');
    assert.equal(events[0].data.district, 'AS10');
    assert.ok(Array.isArray(events[0].data.needs));
  });

  it('the search API records the same way', async () => {
    forgetRecentSearches();
    const before = (await unmetEvents()).length;
    const res = await search(`/api/search?q=${encodeURIComponent('falconry me@zzqx.invalid')}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().total, 0);
    const events = (await unmetEvents()).slice(before);
    assert.equal(events.length, 1);
    assert.equal(events[0].data.words, 'falconry');
  });

  it('counts each event once into weekly counters, however often it is delivered', async () => {
    await dispatch();
    const words = async () =>
      (await hearth.db.query<{ words: string; district: string; outcome: string; searches: number }>('SELECT words, district, outcome, searches FROM insight_unmet_words ORDER BY words, district')).rows;
    const counted = await words();
    assert.deepEqual(
      counted.map((r) => [r.words, r.district, r.outcome, r.searches]),
      [
        ['falconry', '', 'none', 1],
        ['food bank', 'AS10', 'nearby', 1],
        ['taxidermy', '', 'none', 2],
      ],
    );
    // Delivered again (the dispatcher's at-least-once): not counted again.
    await hearth.db.query(`UPDATE outbox SET dispatched_at = NULL, attempts = 0 WHERE type = 'directory.search.unmet'`);
    await dispatch();
    assert.deepEqual(await words(), counted);
    const searches = await hearth.db.query<{ total: number }>('SELECT sum(searches)::int AS total FROM insight_unmet_searches');
    assert.equal(searches.rows[0].total, 4);
  });

  it('counts "out of date" reports by the service\'s category and week', async () => {
    const { rows } = await hearth.db.query<{ id: string }>(`SELECT id FROM service WHERE name = 'Ashdown Food Bank'`);
    await recordServiceFeedback(hearth.db, { councilId: hearth.council.id, serviceId: rows[0].id, message: 'It moved to the church hall', reporterEmail: 'someone@example.org' });
    await dispatch();
    const counted = await hearth.db.query<{ week: string; category: string; reports: number }>('SELECT week, category, reports FROM insight_out_of_date');
    assert.ok(counted.rows.length >= 1);
    for (const r of counted.rows) {
      assert.equal(r.week, londonIsoWeek(new Date()));
      assert.equal(r.reports, 1);
      assert.notEqual(r.category, '');
    }
    assert.ok(!JSON.stringify(counted.rows).includes('someone@example.org'));
  });

  it('shows managers the unmet words, needs, districts and trend; no-store; in English and Welsh', async () => {
    const res = await manager.get(PAGE);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /<h1[^>]*>Unmet need<\/h1>/);
    assert.match(res.body, /taxidermy<\/td><td[^>]*>2</);
    assert.match(res.body, /AS10/);
    assert.match(res.body, /found nothing in the last 12 weeks/);
    const filtered = await manager.get(`${PAGE}?weeks=4&district=AS10&outcome=nearby`);
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, /food bank/);
    assert.doesNotMatch(filtered.body, /taxidermy/);
    const welsh = await manager.get(`${PAGE}?lang=cy`);
    assert.match(welsh.body, /<h1[^>]*>Angen heb ei ddiwallu<\/h1>/);
    assert.match((await manager.get('/admin?lang=en')).body, new RegExp(`href="${PAGE}"`));
  });

  it('names a bad filter in the error summary with a 400', async () => {
    const res = await manager.get(`${PAGE}?lang=en&weeks=7&district=${encodeURIComponent('<b>x</b>')}&outcome=maybe`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /href="#weeks">Select a period from the list/);
    assert.match(res.body, /href="#district">Enter a postcode district such as AS2/);
    assert.match(res.body, /href="#outcome">Select what was found from the list/);
    assert.doesNotMatch(res.body, /<b>x<\/b>/);
  });

  it('is for directory managers only', async () => {
    assert.equal((await resident.get(PAGE)).statusCode, 403);
    const anonymous = await hearth.app.inject({ method: 'GET', url: PAGE });
    assert.ok([302, 303, 401].includes(anonymous.statusCode), `anonymous: ${anonymous.statusCode}`);
  });

  it('seeds ten weeks of demo counts for a council that has none, once', async () => {
    const demo = await addCouncil(hearth.db, { slug: 'demoshire', name: 'Demoshire Council' });
    await seedDemoInsight(hearth.db, demo.id);
    const weeks = recentWeeks(new Date(), 10);
    const totals = await weeklyTotals(hearth.db, demo.id, { weeks });
    assert.ok(totals.every((w) => w.none > 0 && w.nearby > 0 && w.outOfDate > 0), JSON.stringify(totals));
    await seedDemoInsight(hearth.db, demo.id);
    assert.deepEqual(await weeklyTotals(hearth.db, demo.id, { weeks }), totals, 'a second seeding adds nothing');
    // Another council's counts never show in this one.
    assert.ok((await weeklyTotals(hearth.db, hearth.council.id, { weeks })).reduce((n, w) => n + w.none + w.nearby, 0) < 10);
  });

  describe('open data', () => {
    const weeks = recentWeeks(new Date(), 4);
    const [old, previous, , current] = weeks;
    before(async () => {
      await hearth.db.transaction(async (tx) => {
        const c = hearth.council.id;
        await countUnmetSearch(tx, c, { week: old, district: 'AS1', outcome: 'none', words: 'hoarding', needs: [{ id: 'need-1', name: 'Help at home' }] }, 7);
        await countUnmetSearch(tx, c, { week: old, district: 'AS1', outcome: 'none', words: 'mr smith eviction', needs: [] }, 1);
        await countUnmetSearch(tx, c, { week: old, district: 'AS1', outcome: 'none', words: 'sign language', needs: [] }, 2);
        await countUnmetSearch(tx, c, { week: previous, district: '', outcome: 'nearby', words: 'vet bills', needs: [] }, 5);
        await countUnmetSearch(tx, c, { week: current, district: 'AS2', outcome: 'none', words: 'this week', needs: [] }, 9);
        await countOutOfDateReport(tx, c, new Date(weekStart(old).getTime() + 2 * 86_400_000), ['Food', '=HYPERLINK("x")'], 6);
        await countOutOfDateReport(tx, c, new Date(weekStart(old).getTime() + 2 * 86_400_000), ['Money and debt'], 1);
      });
    });

    it('publishes JSON with small numbers suppressed (not zero), rare words merged, no totals, and weeks that have ended', async () => {
      const res = await hearth.app.inject({ method: 'GET', url: '/open-data/unmet-need.json' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const body = res.json();
      assert.equal(body.suppression.threshold, 5);
      assert.match(body.licence.name, /Open Government Licence/);
      const rows = body.rows as { dataset: string; week: string; district?: string; label: string; count: number | null; suppressed: boolean }[];
      const find = (dataset: string, label: string, week = old) => rows.filter((r) => r.dataset === dataset && r.label === label && r.week === week);
      assert.deepEqual(find('unmet_words', 'hoarding').map((r) => [r.count, r.suppressed, r.district]), [[7, false, 'AS1']]);
      assert.deepEqual(find('unmet_words', OTHER_WORDS).map((r) => [r.count, r.suppressed]), [[null, true]], 'the rare words together, 3, suppressed');
      assert.deepEqual(find('unmet_words', 'vet bills', previous).map((r) => [r.count, r.suppressed, r.district]), [[5, false, '']]);
      assert.deepEqual(find('unmet_needs', 'Help at home').map((r) => [r.count, r.suppressed]), [[7, false]]);
      assert.deepEqual(find('out_of_date_reports', 'Food').map((r) => [r.count, r.suppressed]), [[6, false]]);
      assert.deepEqual(find('out_of_date_reports', 'Money and debt').map((r) => [r.count, r.suppressed]), [[null, true]]);
      const text = JSON.stringify(body.rows);
      for (const hidden of ['mr smith', 'sign language', 'this week', 'taxidermy']) assert.ok(!text.includes(hidden), `${hidden} is not published`);
      assert.ok(rows.every((r) => r.week < current), 'the current week is not published');
      assert.ok(rows.every((r) => r.suppressed ? r.count === null : (r.count ?? 0) >= 5));
      assert.ok(!('total' in body) && rows.every((r) => !/total/i.test(r.label)));
    });

    it('publishes the same rows as CSV, formula-safe', async () => {
      const res = await hearth.app.inject({ method: 'GET', url: '/open-data/unmet-need.csv' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="testshire-unmet-need.csv"/);
      const lines = res.body.trim().split('\r\n');
      assert.equal(lines[0], 'dataset,week,week_starts,district,outcome,label,term_id,count,suppressed');
      assert.ok(lines.includes(`unmet_words,${old},${weekStart(old).toISOString().slice(0, 10)},AS1,none,hoarding,,7,false`));
      assert.ok(lines.includes(`unmet_words,${old},${weekStart(old).toISOString().slice(0, 10)},AS1,none,${OTHER_WORDS},,,true`));
      assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)), 'a category that looks like a formula is quoted');
      assert.ok(!res.body.includes('mr smith'));
      const json = (await hearth.app.inject({ method: 'GET', url: '/open-data/unmet-need.json' })).json();
      assert.equal(lines.length - 1, json.rows.length);
    });

    it('explains the rule on a public page, in English and Welsh', async () => {
      const en = await hearth.app.inject({ method: 'GET', url: '/open-data/unmet-need' });
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /Any count under 5 is shown as suppressed/);
      assert.match(en.body, /No totals are published/);
      assert.match(en.body, /href="\/open-data\/unmet-need.csv"/);
      const cy = await hearth.app.inject({ method: 'GET', url: '/open-data/unmet-need?lang=cy' });
      assert.match(cy.body, /Data agored: angen heb ei ddiwallu/);
      assert.match(cy.body, /Mae unrhyw gyfrif o dan 5/);
    });
  });

  describe('in Chromium (axe, WCAG 2.2 AA, 320 px)', { skip: browserSkip() }, () => {
    let chromiumBrowser: Chromium;
    let base: string;
    before(async () => {
      await hearth.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
      chromiumBrowser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });
    after(async () => {
      await chromiumBrowser?.close();
    });

    async function check(page: Page, what: string) {
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 320, `${what}: ${wide} px wide at 320 px`);
    }

    it('the managers\' page (with and without errors) and the open data page have no violations, in English and Welsh', async () => {
      const context = await chromiumBrowser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      try {
        await signInWithEmailLink(page, hearth, base, 'manager@testshire.example');
        for (const lang of ['en', 'cy']) {
          await page.goto(`${base}${PAGE}?lang=${lang}`);
          await check(page, `unmet need (${lang})`);
          await page.goto(`${base}${PAGE}?lang=${lang}&weeks=3`);
          await check(page, `unmet need with errors (${lang})`);
          await page.goto(`${base}/open-data/unmet-need?lang=${lang}`);
          await check(page, `open data (${lang})`);
        }
      } finally {
        await context.close();
      }
    });
  });
});
