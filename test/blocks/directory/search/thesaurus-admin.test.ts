import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { shippedThesaurus } from '../../../../src/blocks/directory/search/thesaurus.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { axe, readable } from '../../../support/axe.js';
import { signIn, type Browser } from '../../identity/support.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';
import { loadFixture, S } from './fixture.js';
import { signInWithEmailLink } from '../../../support/chromium.js';

const PATH = '/admin/directory/thesaurus';

describe('directory: a manager edits the search words (thesaurus)', () => {
  let hearth: TestHearth;
  let manager: Browser;
  let resident: Browser;
  const apiSearch = async (q: string, lang = 'en') =>
    (await hearth.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&lang=${lang}` })).json() as { results: { id: string; name: string }[]; corrected_q?: string };

  before(async () => {
    hearth = await startTestHearth();
    await loadFixture(hearth.db, hearth.council.id);
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    manager = await signIn(hearth, 'manager@testshire.example');
    resident = await signIn(hearth, 'resident@example.org');
  });
  after(() => hearth.stop());

  it('lists the shipped entries of each language, filters them, and is offered on /admin', async () => {
    const res = await manager.get(PATH);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, new RegExp(`${shippedThesaurus('en').length} entries`));
    const filtered = await manager.get(`${PATH}?language=cy&q=digartref`);
    assert.match(filtered.body, /href="\/admin\/directory\/thesaurus\/cy\/entries\/digartref" lang="cy"/);
    assert.match(filtered.body, /As it came with Hearth/);
    assert.match((await manager.get('/admin')).body, new RegExp(`href="${PATH}"`));
  });

  it('names every mistake in the error summary and saves nothing', async () => {
    await manager.get(`${PATH}/en/new`);
    const res = await manager.post(`${PATH}/en/new`, { words: '', related: '!!!', needs: 'not-a-need' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /href="#words">Enter at least one word or phrase residents type/);
    assert.match(res.body, /href="#related">“!!!” must have letters or digits/);
    assert.match(res.body, /href="#needs">“not-a-need” is not a code of Hearth&#39;s needs list|href="#needs">“not-a-need” is not a code of Hearth's needs list/);
    const taken = await manager.post(`${PATH}/en/new`, { words: 'skint\nbroke', related: 'money' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /already an entry starting with “skint”/);
    const rows = await hearth.db.query('SELECT 1 FROM search_thesaurus_entry');
    assert.equal(rows.rows.length, 0);
  });

  it('a new entry reaches search at once: a listing that never uses the word is found by it, audited', async () => {
    assert.equal((await apiSearch('quidless')).results.length, 0);
    await manager.get(`${PATH}/en/new`);
    const saved = await manager.post(`${PATH}/en/new`, { words: 'quidless\nno quid', related: 'welfare rights\ndebt advice', needs: '' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${PATH}?language=en&done=added`);
    const found = (await apiSearch('quidless')).results.map((r) => r.id);
    assert.ok(found.includes(S.welfare.id) && found.includes(S.debt.id), JSON.stringify(found));
    const audit = await hearth.db.query<{ action: string; actor_email: string; detail: { locale: string; entry: string } }>(
      "SELECT action, actor_email, detail FROM audit_log WHERE action LIKE 'directory.thesaurus.%' ORDER BY id",
    );
    assert.deepEqual(audit.rows.map((r) => [r.action, r.actor_email, r.detail.entry]), [['directory.thesaurus.added', 'manager@testshire.example', 'quidless']]);
  });

  it('changes, removes and puts back a shipped entry', async () => {
    // "brassic" is a word of the shipped entry "skint" only (no need names it): it finds money help.
    const entry = `${PATH}/en/entries/skint`;
    let found = (await apiSearch('brassic')).results.map((r) => r.id);
    assert.ok(found.includes(S.welfare.id), JSON.stringify(found));
    const form = await manager.get(entry);
    assert.match(form.body, /As it came with Hearth/);
    assert.doesNotMatch(form.body, /Put back as it came/);
    // Now it relates only to food banks: the welfare service is no longer found by it.
    assert.equal((await manager.post(entry, { words: 'skint\nbrassic', related: 'food bank' })).statusCode, 303);
    found = (await apiSearch('brassic')).results.map((r) => r.id);
    assert.ok(found.includes(S.foodbank.id) && !found.includes(S.welfare.id), JSON.stringify(found));
    assert.match((await manager.get(entry)).body, /Changed by your council[\s\S]*Put back as it came with Hearth/);
    assert.equal((await manager.post(`${entry}/remove`, {})).statusCode, 303);
    assert.equal((await apiSearch('brassic')).results.length, 0);
    assert.match((await manager.get(`${PATH}?q=brassic`)).body, /Removed by your council/);
    assert.equal((await manager.post(`${entry}/reset`, {})).statusCode, 303);
    found = (await apiSearch('brassic')).results.map((r) => r.id);
    assert.ok(found.includes(S.welfare.id), JSON.stringify(found));
  });

  it('downloads a language as JSON and imports it back; a bad file is refused naming the entry and field, storing nothing', async () => {
    const exported = await manager.get(`${PATH}/cy/export`);
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-type']), /application\/json/);
    assert.match(String(exported.headers['content-disposition']), /attachment; filename="thesaurus-testshire-cy\.json"/);
    const file = JSON.parse(exported.body) as { language: string; entries: { words: string[]; related: string[] }[] };
    assert.equal(file.language, 'cy');
    assert.equal(file.entries.length, shippedThesaurus('cy').length);

    await manager.get(`${PATH}/cy/import`);
    const bad = await manager.post(`${PATH}/cy/import`, { file: JSON.stringify({ language: 'cy', entries: [{ words: ['sgint'], related: [] }] }) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /In the file, entries\[0\]\.related: must list at least one phrase/);
    const notJson = await manager.post(`${PATH}/cy/import`, { file: '{ not json' });
    assert.equal(notJson.statusCode, 400);
    assert.match(notJson.body, /this is not JSON/);
    assert.equal((await hearth.db.query("SELECT 1 FROM search_thesaurus_entry WHERE language = 'cy'")).rows.length, 0);

    // The file with one entry changed and every other one kept: only that one is stored.
    const bancBwyd = file.entries.findIndex((e) => e.words[0] === 'banc bwyd');
    file.entries[bancBwyd] = { ...file.entries[bancBwyd], related: ['welfare rights'] };
    const imported = await manager.post(`${PATH}/cy/import`, { file: JSON.stringify(file) });
    assert.equal(imported.statusCode, 303);
    const stored = await hearth.db.query<{ key: string; removed: boolean }>("SELECT key, removed FROM search_thesaurus_entry WHERE language = 'cy'");
    assert.deepEqual(stored.rows, [{ key: 'banc bwyd', removed: false }]);
    // A file that leaves entries out removes them.
    await manager.post(`${PATH}/cy/import`, { file: JSON.stringify({ language: 'cy', entries: file.entries.slice(0, 2) }) });
    const removed = await hearth.db.query<{ n: number }>("SELECT count(*)::int AS n FROM search_thesaurus_entry WHERE language = 'cy' AND removed");
    assert.equal(removed.rows[0].n, shippedThesaurus('cy').length - 2);
  });

  it('is for directory managers only: a resident gets 403, someone signed out is sent to sign in, a made-up language or entry 404', async () => {
    assert.equal((await resident.get(PATH)).statusCode, 403);
    await resident.get('/account');
    assert.equal((await resident.post(`${PATH}/en/new`, { words: 'x', related: 'y' })).statusCode, 403);
    const anonymous = await hearth.app.inject({ url: PATH, headers: { accept: 'text/html' } });
    assert.equal(anonymous.statusCode, 303);
    assert.equal((await manager.get(`${PATH}/fr/new`)).statusCode, 404);
    assert.equal((await manager.get(`${PATH}/en/entries/no%20such%20entry`)).statusCode, 404);
  });

  describe('in Chromium (axe, WCAG 2.2 AA)', { skip: browserSkip() }, () => {
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

    it('has no violations on the list, an entry, the form with errors and the import page, in English and Welsh, at 320 px', async () => {
      const context = await chromiumBrowser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      try {
        await signInWithEmailLink(page, hearth, base, 'manager@testshire.example');
        for (const lang of ['en', 'cy']) {
          await page.goto(`${base}${PATH}?lang=${lang}`);
          await check(page, `list (${lang})`);
          await page.goto(`${base}${PATH}/cy/entries/unig?lang=${lang}`);
          await check(page, `entry (${lang})`);
          await page.fill('#words', '');
          await page.click('main form button');
          await page.waitForSelector('.govuk-error-summary');
          await check(page, `entry with errors (${lang})`);
          await page.goto(`${base}${PATH}/en/import?lang=${lang}`);
          await check(page, `import (${lang})`);
        }
      } finally {
        await context.close();
      }
    });
  });
});
