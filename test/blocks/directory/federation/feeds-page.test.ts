import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { setFeedClientDefaultsForTests } from '../../../../src/blocks/directory/federation/feed-client.js';
import { localServiceId } from '../../../../src/blocks/directory/federation/namespace.js';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import { getFeed, listFeeds } from '../../../../src/blocks/directory/sql/feeds.js';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { axe, readable } from '../../../support/axe.js';
import { signIn, type Browser } from '../../identity/support.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';
import { feedService, startTestFeed, uuidFor, type TestFeed } from './feed-server.js';
import { signInWithEmailLink } from '../../../support/chromium.js';

const PATH = '/admin/directory/feeds';

/** The managers' feeds page: add (checked at once), state, pull now, pause, remove after a question, split a match. */
describe('directory: the feeds page', () => {
  let hearth: TestHearth;
  let feed: TestFeed;
  let manager: Browser;
  let resident: Browser;
  let chromiumBrowser: Chromium | undefined;
  let base: string;
  const LUNCH = uuidFor(100, 'lunch');
  const OWN = '00000000-0000-4000-8aaa-000000000009';

  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('timed out waiting');
  };

  before(async () => {
    hearth = await startTestHearth();
    feed = await startTestFeed();
    setFeedClientDefaultsForTests(feed.clientOptions);
    feed.services.set(LUNCH, feedService({ id: LUNCH, name: 'Lunch club', organisation: 'Neighbourton Age Concern', postcode: 'NB1 1AA' }));
    await importOruk(hearth.db, hearth.council.id, [feedService({ id: OWN, name: 'Lunch Club', organisation: 'Neighbourton Age Concern', postcode: 'NB1 1AA' })]);
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    manager = await signIn(hearth, 'manager@testshire.example');
    resident = await signIn(hearth, 'resident@example.org');
  });
  after(async () => {
    setFeedClientDefaultsForTests({});
    await chromiumBrowser?.close();
    await feed?.close();
    await hearth?.stop();
  });

  it('is for directory managers only, never cached, and offered on /admin', async () => {
    assert.equal((await resident.get(PATH)).statusCode, 403);
    const res = await manager.get(PATH);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /You do not bring in any other directory/);
    assert.match((await manager.get('/admin')).body, new RegExp(`href="${PATH}"`));
  });

  it('names what is wrong with an address in the error summary, and adds nothing', async () => {
    await manager.get(PATH);
    let res = await manager.post(PATH, { url: '', name: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary[\s\S]*href="#url">Enter the address of the feed/);
    res = await manager.post(PATH, { url: 'http://plain.example.org/oruk', name: 'Plain' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#url">The address cannot be used: only https addresses are fetched/);
    assert.match(res.body, /value="http:\/\/plain\.example\.org\/oruk"/, 'what was typed comes back');
    feed.misbehave = 'html';
    res = await manager.post(PATH, { url: feed.url(), name: 'Neighbour Council' });
    feed.misbehave = 'none';
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /text\/html[^<]*This is not an ORUK 3\.0 feed Hearth can read/);
    assert.equal((await listFeeds(hearth.db, hearth.council.id)).length, 0);
  });

  it('adds a feed checked at once, pulls it now, and shows its state', async () => {
    await manager.get(PATH);
    let res = await manager.post(PATH, { url: feed.url(), name: 'Neighbour Council' });
    assert.equal(res.statusCode, 303, res.body);
    res = await manager.get(res.headers.location as string);
    assert.match(res.body, /Neighbour Council was added/);
    assert.match(res.body, /Not pulled yet/);
    const [row] = await listFeeds(hearth.db, hearth.council.id);
    res = await manager.post(`${PATH}/${row.id}/pull`, {});
    assert.equal(res.statusCode, 303);
    await until(async () => !!(await getFeed(hearth.db, hearth.council.id, row.id))?.last_success_at);
    res = await manager.get(PATH);
    assert.match(res.body, /Working/);
    assert.match(res.body, /Services held[\s\S]*?>\s*1\s*</);
    const { rows } = await hearth.db.query("SELECT action FROM audit_log WHERE action LIKE 'directory.feed.%' ORDER BY id");
    assert.deepEqual(rows.map((r) => (r as { action: string }).action), ['directory.feed.added', 'directory.feed.pull_requested']);
  });

  it('lists the listing shown once with why, and splits it on request', async () => {
    const [row] = await listFeeds(hearth.db, hearth.council.id);
    let res = await manager.get(PATH);
    assert.match(res.body, /1 listing is shown under another listing/);
    assert.match(res.body, /same postcode/);
    assert.match(res.body, /Lunch club \(Neighbour Council\)/);
    const split = /action="([^"]*\/matches\/[^"]+\/split)"/.exec(res.body)?.[1];
    assert.ok(split, 'a split button');
    assert.ok(split.includes(localServiceId(row.id, LUNCH)));
    res = await manager.post(split, {});
    assert.equal(res.statusCode, 303);
    res = await manager.get(res.headers.location as string);
    assert.match(res.body, /now show separately/);
    assert.match(res.body, /0 listings are shown under another/);
  });

  it('reports a failing feed in words with its next retry; pause and resume', async () => {
    const [row] = await listFeeds(hearth.db, hearth.council.id);
    feed.misbehave = 'redirect-loop';
    await manager.get(PATH);
    await manager.post(`${PATH}/${row.id}/pull`, {});
    await until(async () => !!(await getFeed(hearth.db, hearth.council.id, row.id))?.last_error);
    feed.misbehave = 'none';
    let res = await manager.get(PATH);
    assert.match(res.body, /Failing \(1 time in a row\)/);
    assert.match(res.body, /redirects too many times \(or in a loop\)/);
    assert.match(res.body, /Services held[\s\S]*?>\s*1\s*</, 'nothing wiped');
    res = await manager.post(`${PATH}/${row.id}/pause`, { paused: 'true' });
    assert.equal(res.statusCode, 303);
    assert.equal((await getFeed(hearth.db, hearth.council.id, row.id))?.paused, true);
    res = await manager.get(PATH);
    assert.match(res.body, /Paused/);
  });

  it('a forged form (no CSRF token) changes nothing; an unknown feed is a 404', async () => {
    const [row] = await listFeeds(hearth.db, hearth.council.id);
    await manager.get(PATH);
    const res = await manager.post(`${PATH}/${row.id}/pause`, { paused: 'false' }, { csrf: false });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
    assert.equal((await getFeed(hearth.db, hearth.council.id, row.id))?.paused, true);
    assert.equal((await manager.get(`${PATH}/00000000-0000-4000-8000-000000000000/remove`)).statusCode, 404);
    assert.equal((await manager.get(`${PATH}/not-an-id/remove`)).statusCode, 404);
  });

  describe('in Chromium (axe, WCAG 2.2 AA, 320 px)', { skip: browserSkip() }, () => {
    before(async () => {
      await hearth.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
      chromiumBrowser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });

    async function check(page: Page, what: string) {
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 320, `${what}: ${wide} px wide at 320 px`);
    }

    it('the list, the add form with errors and the removal question, in English and Welsh', async () => {
      const [row] = await listFeeds(hearth.db, hearth.council.id);
      const context = await chromiumBrowser!.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      try {
        await signInWithEmailLink(page, hearth, base, 'manager@testshire.example');
        for (const lang of ['en', 'cy']) {
          await page.goto(`${base}${PATH}?lang=${lang}`);
          await check(page, `list (${lang})`);
          await page.fill('#url', 'http://not-https.example.org/a/very/long/address/that/must/wrap/on/a/small/screen');
          await page.click('#add ~ form button');
          await page.waitForSelector('.govuk-error-summary');
          await check(page, `add with errors (${lang})`);
          await page.goto(`${base}${PATH}/${row.id}/remove?lang=${lang}`);
          await check(page, `remove (${lang})`);
        }
        // Without JavaScript the question's button removes the feed and its services.
        await page.goto(`${base}${PATH}/${row.id}/remove?lang=en`);
        await page.click('main form button');
        await page.waitForSelector('.govuk-notification-banner');
        assert.match(await page.textContent('main') ?? '', /Neighbour Council and the services it brought were removed/);
        const { rows } = await hearth.db.query('SELECT 1 FROM service WHERE council_id = $1 AND id = $2', [hearth.council.id, localServiceId(row.id, LUNCH)]);
        assert.equal(rows.length, 0);
      } finally {
        await context.close();
      }
    });
  });
});
