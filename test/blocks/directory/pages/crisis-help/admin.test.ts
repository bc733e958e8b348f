import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { crisisHelp, defaultCrisisHelp } from '../../../../../src/blocks/directory/crisis-help.js';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';
import { axe, readable } from '../../../../support/axe.js';
import { signIn, type Browser } from '../../../identity/support.js';
import { browserSkip, CHROMIUM } from '../browser.js';
import { signInWithEmailLink } from '../../../../support/chromium.js';

const PATH = '/admin/directory/crisis-help';

describe('directory: a manager words the crisis help', () => {
  let hearth: TestHearth;
  let manager: Browser;
  let resident: Browser;

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    manager = await signIn(hearth, 'manager@testshire.example');
    resident = await signIn(hearth, 'resident@example.org');
  });
  after(() => hearth.stop());

  it('lists each language with the default until the council changes it, and is offered on /admin', async () => {
    const res = await manager.get(PATH);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /English\s*<\/dt>[\s\S]*The default wording and numbers/);
    assert.match(res.body, /Welsh\s*<\/dt>[\s\S]*The default wording and numbers/);
    assert.match((await manager.get('/admin')).body, new RegExp(`href="${PATH}"`));
  });

  it('names every mistake in the error summary and saves nothing', async () => {
    await manager.get(`${PATH}/en`);
    const res = await manager.post(`${PATH}/en`, {
      contacts: '2',
      heading: '',
      'contact-1-name': 'Samaritans',
      'contact-1-how': 'call',
      'contact-1-number': 'call 116 123',
      'contact-2-name': '',
      'contact-2-how': 'shout',
      'contact-2-number': '85258',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /href="#heading">Enter a heading/);
    assert.match(res.body, /href="#contact-1-number">Enter the number of contact 1 in digits and spaces only/);
    assert.match(res.body, /href="#contact-2-name">Enter the name of contact 2/);
    assert.match(res.body, /href="#contact-2-how">Select whether people call or text contact 2/);
    // What was typed comes back as typed.
    assert.match(res.body, /value="call 116 123"/);
    assert.deepEqual(await crisisHelp(hearth.db, hearth.council.id, 'en'), defaultCrisisHelp('en'));
  });

  it('adds another contact without JavaScript, keeping what was typed', async () => {
    await manager.get(`${PATH}/cy`);
    const res = await manager.post(`${PATH}/cy`, { action: 'add', contacts: '1', heading: 'Help nawr', 'contact-1-name': 'Galw Iechyd Cymru', 'contact-1-how': 'call', 'contact-1-number': '111' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="contacts" value="2"/);
    assert.match(res.body, /id="contact-2-name"/);
    assert.match(res.body, /value="Galw Iechyd Cymru"/);
    assert.match(res.body, /<html lang="cy"|lang="cy"/);
  });

  it('saves the council\'s own help, shown to residents in that language only, and audited; then goes back to the default', async () => {
    await manager.get(`${PATH}/cy`);
    const saved = await manager.post(`${PATH}/cy`, {
      action: 'save',
      contacts: '3',
      heading: 'Mae help ar gael nawr',
      text: 'Am ddim ac yn gyfrinachol.',
      'contact-1-name': 'Gwasanaethau brys',
      'contact-1-how': 'call',
      'contact-1-number': '999',
      'contact-2-name': 'Shout',
      'contact-2-how': 'text',
      'contact-2-number': '85258',
      'contact-2-message': 'SHOUT',
      // Emptied: taken away.
      'contact-3-name': '',
      'contact-3-number': '',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${PATH}?saved=cy`);
    assert.match((await manager.get(saved.headers.location as string)).body, /The crisis help in Welsh is saved/);
    assert.deepEqual(await crisisHelp(hearth.db, hearth.council.id, 'cy'), {
      heading: 'Mae help ar gael nawr',
      text: 'Am ddim ac yn gyfrinachol.',
      contacts: [
        { name: 'Gwasanaethau brys', how: 'call', number: '999', description: '' },
        { name: 'Shout', how: 'text', number: '85258', message: 'SHOUT', description: '' },
      ],
    });
    assert.deepEqual(await crisisHelp(hearth.db, hearth.council.id, 'en'), defaultCrisisHelp('en'));
    const api = await hearth.app.inject({ url: '/api/search?q=eisiau%20marw&lang=cy' });
    assert.equal(api.json().crisis?.heading, 'Mae help ar gael nawr');
    const audit = await hearth.db.query<{ action: string; actor_email: string; detail: { locale: string } }>(
      "SELECT action, actor_email, detail FROM audit_log WHERE action LIKE 'directory.crisis_help.%' ORDER BY id",
    );
    assert.deepEqual(audit.rows.map((r) => [r.action, r.actor_email, r.detail.locale]), [['directory.crisis_help.saved', 'manager@testshire.example', 'cy']]);

    const form = await manager.get(`${PATH}/cy`);
    assert.match(form.body, /Go back to the default/);
    const reset = await manager.post(`${PATH}/cy/reset`, {});
    assert.equal(reset.statusCode, 303);
    assert.deepEqual(await crisisHelp(hearth.db, hearth.council.id, 'cy'), defaultCrisisHelp('cy'));
  });

  it('is for directory managers only: a resident gets 403, someone signed out is sent to sign in, a made-up language 404', async () => {
    assert.equal((await resident.get(PATH)).statusCode, 403);
    await resident.get('/account');
    assert.equal((await resident.post(`${PATH}/en/reset`, {})).statusCode, 403);
    const anonymous = await hearth.app.inject({ url: PATH, headers: { accept: 'text/html' } });
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location as string, /\/sign-in/);
    assert.equal((await manager.get(`${PATH}/fr`)).statusCode, 404);
  });
});

describe('directory: the crisis help pages in Chromium (axe, WCAG 2.2 AA)', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let chromiumBrowser: Chromium;
  let base: string;

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    chromiumBrowser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await chromiumBrowser?.close();
    await hearth?.stop();
  });

  async function check(page: Page, what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `${what}: ${wide} px wide at 320 px`);
  }

  it('has no violations on the list, the form and the form with errors, in English and Welsh, at 320 px', async () => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    try {
      await signInWithEmailLink(page, hearth, base, 'manager@testshire.example');
      for (const lang of ['en', 'cy']) {
        await page.goto(`${base}${PATH}?lang=${lang}`);
        await check(page, `list (${lang})`);
        await page.goto(`${base}${PATH}/cy?lang=${lang}`);
        await check(page, `form (${lang})`);
        await page.fill('#heading', '');
        await page.fill('#contact-1-number', 'not a number');
        await page.click('button[value="save"]');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, `form with errors (${lang})`);
      }
    } finally {
      await context.close();
    }
  });
});
