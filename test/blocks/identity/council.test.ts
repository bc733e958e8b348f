import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil, type Council } from '../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { browserSkip, CHROMIUM } from '../directory/pages/browser.js';
import { signIn, type Browser } from './support.js';

/** Every field of the council details form, as the page fills it for a council with no optional details. */
const FORM = { name: 'Testshire Council', colour: '#1d70b8', font_family: '', logo: '', email: '', phone: '', url: '', address: '', licence: '', licence_url: '' };

async function grant(hearth: TestHearth, email: string, council: Council, role: string) {
  const person = await ensurePerson(hearth.db, email);
  await addGrant(hearth.db, { councilId: council.id, personId: person.id, role, scope: '', grantedBy: null });
}

async function councilRow(hearth: TestHearth, slug = 'testshire') {
  const { rows } = await hearth.db.query<Record<string, unknown>>('SELECT name, colour_primary, font_family, logo_url, contact_email, contact_phone, contact_url, address, licence_text, licence_url FROM council WHERE slug = $1', [slug]);
  return rows[0];
}

async function auditEntries(hearth: TestHearth) {
  const { rows } = await hearth.db.query<{ action: string; actor_email: string; target: string; detail: Record<string, unknown> }>(
    `SELECT action, actor_email, target, detail FROM audit_log WHERE action = 'council.updated' ORDER BY id`,
  );
  return rows;
}

describe("identity: the council's own details, on its admin page", () => {
  let hearth: TestHearth;
  let other: Council;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth();
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    await grant(hearth, 'admin@testshire.example', hearth.council, 'council_admin');
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth.stop());

  it("shows the council's details in the form", async () => {
    const res = await admin.get('/admin/council');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Council details<\/h1>/);
    assert.match(res.body, /id="name" name="name" type="text"[^>]* value="Testshire Council"/);
    assert.match(res.body, /id="colour" name="colour" type="text"[^>]* value="#1d70b8"/);
    assert.match(res.body, /id="font_family" name="font_family" type="text"[^>]*>/);
    assert.match(res.body, /standard fonts: &quot;Arial&quot;, &quot;Helvetica Neue&quot;, &quot;Helvetica&quot;, sans-serif\./, 'what an empty field gives');
    assert.match(res.body, /<a class="govuk-link" href="\/admin\/council" aria-current="page">/, 'in the staff pages\' navigation');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('saves a change, audited, and every page shows it at once', async () => {
    await admin.get('/admin/council');
    const before = await auditEntries(hearth);
    const res = await admin.post('/admin/council', {
      ...FORM,
      name: '  Testshire County Council ',
      colour: '#4C2C92',
      font_family: "  'Open Sans', Verdana , SANS-SERIF ",
      logo: 'https://testshire.example/logo.svg',
      email: 'help@testshire.example',
      phone: '01234 567890',
      url: 'https://testshire.example/contact',
      address: 'County Hall\r\nTestford TE1 1ST',
      licence: 'Content © Testshire, under [our reuse terms]',
      licence_url: 'https://testshire.example/terms',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/council?done=saved');
    assert.deepEqual(await councilRow(hearth), {
      name: 'Testshire County Council',
      colour_primary: '#4c2c92',
      font_family: '"Open Sans", "Verdana", sans-serif',
      logo_url: 'https://testshire.example/logo.svg',
      contact_email: 'help@testshire.example',
      contact_phone: '01234 567890',
      contact_url: 'https://testshire.example/contact',
      address: 'County Hall\nTestford TE1 1ST',
      licence_text: 'Content © Testshire, under [our reuse terms]',
      licence_url: 'https://testshire.example/terms',
    });
    const banner = await admin.get(res.headers.location as string);
    assert.match(banner.body, /govuk-notification-banner--success/);
    assert.match(banner.body, /The council&#39;s details have been saved/);

    // The next request, with no wait: the server's council directory was reloaded.
    const home = (await admin.get('/')).body;
    assert.match(home, /<span class="hearth-header__name">Testshire County Council<\/span>/);
    const theme = /href="(\/theme\.css\?colour=4c2c92&amp;font=[0-9a-f]{8})"/.exec(home)?.[1].replace('&amp;', '&');
    assert.ok(theme, 'the new colour and font in the theme\'s address');
    assert.match(home, /<img src="https:\/\/testshire.example\/logo.svg" alt="" class="hearth-footer__logo">/);
    assert.match(home, /County Hall<br>Testford TE1 1ST<br>/);
    assert.match(home, /under <a class="govuk-footer__link" href="https:\/\/testshire.example\/terms" rel="license">our reuse terms<\/a>/);
    const themeCss = (await admin.get(theme)).body;
    assert.match(themeCss, /--govuk-brand-colour: #4c2c92;/);
    assert.match(themeCss, /--hearth-font-family: "Open Sans", "Verdana", sans-serif;/);
    assert.match((await admin.get('/c/otherton/theme.css')).body, /--hearth-font-family: "Arial", "Helvetica Neue", "Helvetica", sans-serif;/, 'another council keeps the default');

    const entries = (await auditEntries(hearth)).slice(before.length);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_email, 'admin@testshire.example');
    assert.equal(entries[0].target, 'testshire');
    const detail = entries[0].detail as { changed: string[]; before: Record<string, unknown>; after: Record<string, unknown> };
    assert.deepEqual(detail.changed, ['name', 'colourPrimary', 'fontFamily', 'logoUrl', 'contactEmail', 'contactPhone', 'contactUrl', 'address', 'licenceText', 'licenceUrl']);
    assert.equal(detail.before.name, 'Testshire Council');
    assert.equal(detail.after.colourPrimary, '#4c2c92');
    assert.equal(detail.before.logoUrl, null);
    assert.equal(detail.before.fontFamily, null);
    assert.equal(detail.after.fontFamily, '"Open Sans", "Verdana", sans-serif');
  });

  it('clears an optional detail left empty, takes a logo from this site, and writes nothing when nothing changed', async () => {
    await admin.get('/admin/council');
    const current = await councilRow(hearth);
    const form = { ...FORM, name: String(current.name), colour: String(current.colour_primary), font_family: '', logo: '/static/favicon.svg', email: '', phone: '', url: '', address: '', licence: '', licence_url: '' };
    assert.equal((await admin.post('/admin/council', form)).headers.location, '/admin/council?done=saved');
    const row = await councilRow(hearth);
    assert.equal(row.logo_url, '/static/favicon.svg');
    assert.equal(row.contact_email, null);
    assert.equal(row.licence_text, null);
    assert.equal(row.font_family, null, 'back to the deployment\'s font');
    assert.match((await admin.get('/')).body, /Open Government Licence v3.0<\/a>/, 'back to the default licence');

    const before = await auditEntries(hearth);
    await admin.get('/admin/council');
    const same = await admin.post('/admin/council', form);
    assert.equal(same.headers.location, '/admin/council?done=unchanged');
    assert.match((await admin.get(same.headers.location as string)).body, /Nothing was changed/);
    assert.equal((await auditEntries(hearth)).length, before.length, 'no audit entry for no change');
  });

  const BAD: Array<[string, string, RegExp]> = [
    ['name', '', /Enter the council&#39;s name/],
    ['name', 'x'.repeat(121), /The council&#39;s name must be 120 characters or fewer/],
    ['name', 'Two\nlines', /The council&#39;s name must be on one line/],
    ['colour', '', /Enter the council&#39;s colour, like #1d70b8/],
    ['colour', 'blue', /Enter the colour as a # and 6 letters or digits, like #1d70b8/],
    ['colour', '#1d70b', /Enter the colour as a # and 6 letters or digits/],
    ['colour', '#ffdd00', /The colour #ffdd00 is too light: white text on it has a contrast of 1\.\d\d:1, and needs at least 4\.5:1/],
    ['font_family', 'Arial; } body { display: none', /Enter the font as font family names separated by commas/],
    ['font_family', 'Arial, ', /Enter the font as font family names separated by commas/],
    ['font_family', 'url(https://evil.example/font.woff)', /Enter the font as font family names/],
    ['font_family', 'Arial</style><script>', /Enter the font as font family names/],
    ['font_family', '"GDS Transport", arial, sans-serif', /GDS Transport is GOV.UK&#39;s own font and only GOV.UK may use it/],
    ['font_family', 'gds  TRANSPORT', /GDS Transport is GOV.UK&#39;s own font/],
    ['font_family', Array(30).fill('Font Family Name').join(', '), /The font must be 300 characters or fewer/],
    ['logo', 'http://testshire.example/logo.svg', /Enter the logo address starting with https:\/\/, or a path on this site/],
    ['logo', '//evil.example/logo.svg', /Enter the logo address starting with https:\/\//],
    ['logo', '/\\evil.example/logo.svg', /Enter the logo address starting with https:\/\//],
    ['logo', 'javascript:alert(1)', /Enter the logo address starting with https:\/\//],
    ['logo', `https://testshire.example/${'x'.repeat(2000)}`, /The logo address must be 2000 characters or fewer/],
    ['email', 'not-an-email', /Enter an email address in the correct format/],
    ['email', 'help@testshire', /Enter an email address in the correct format/],
    ['phone', 'call us', /Enter a phone number, like 01234 567890/],
    ['phone', '12', /Enter a phone number/],
    ['url', 'http://testshire.example/contact', /Enter the contact page address starting with https:\/\//],
    ['url', 'javascript:alert(1)', /Enter the contact page address starting with https:\/\//],
    ['address', 'x'.repeat(501), /The postal address must be 500 characters or fewer/],
    ['address', 'Bell\u0007Street', /The postal address must not contain control characters/],
    ['licence', 'Under [one] and [two]', /Put one pair of square brackets in the licence text/],
    ['licence', 'Under [one', /Put one pair of square brackets/],
    ['licence_url', 'ftp://testshire.example/terms', /Enter the licence address starting with https:\/\//],
  ];

  for (const [field, value, message] of BAD) {
    it(`refuses ${field} = ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} with 400, naming the field, saving nothing`, async () => {
      const saved = await councilRow(hearth);
      const audited = (await auditEntries(hearth)).length;
      await admin.get('/admin/council');
      const res = await admin.post('/admin/council', { ...FORM, name: String(saved.name), colour: String(saved.colour_primary), [field]: value });
      assert.equal(res.statusCode, 400);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(res.body)?.[0] ?? '';
      assert.match(summary, new RegExp(`<a href="#${field}">`), 'the summary links to the field');
      assert.match(summary, message);
      assert.match(res.body, new RegExp(`id="${field}-error"`), 'the field shows its error');
      assert.match(res.body, /<title>Error: /);
      assert.deepEqual(await councilRow(hearth), saved, 'nothing saved');
      assert.equal((await auditEntries(hearth)).length, audited);
    });
  }

  it('lists every problem in the order of the form, in Welsh too', async () => {
    await admin.get('/admin/council?lang=cy');
    const res = await admin.post('/admin/council', { ...FORM, name: '', colour: 'red', font_family: 'GDS Transport', email: 'x', licence_url: 'http://x.example' });
    assert.equal(res.statusCode, 400);
    const hrefs = [...res.body.matchAll(/<li>\s*<a href="#([a-z_]+)">/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, ['name', 'colour', 'font_family', 'email', 'licence_url']);
    assert.match(res.body, /Rhowch enw&#39;r cyngor/);
    assert.match(res.body, /Ffont GOV.UK ei hun yw GDS Transport/);
    assert.match(res.body, /<label class="govuk-label" for="font_family">\s*Ffont \(dewisol\)/);
  });

  it('refuses other roles, other councils and people signed out, changing nothing', async () => {
    const saved = await councilRow(hearth);
    await grant(hearth, 'manager@testshire.example', hearth.council, 'directory_manager');
    const manager = await signIn(hearth, 'manager@testshire.example');
    assert.equal((await manager.get('/admin/council')).statusCode, 403);
    await manager.get('/account');
    assert.equal((await manager.post('/admin/council', { ...FORM, name: 'Taken over' })).statusCode, 403);

    // Testshire's admin is nobody in Otherton.
    assert.equal((await admin.get('/c/otherton/admin/council')).statusCode, 403);
    await admin.get('/account');
    assert.equal((await admin.post('/c/otherton/admin/council', { ...FORM, name: 'Taken over' })).statusCode, 403);

    // Otherton's admin is nobody in Testshire.
    await grant(hearth, 'admin@otherton.example', other, 'council_admin');
    const otherAdmin = await signIn(hearth, 'admin@otherton.example', '/c/otherton');
    assert.equal((await otherAdmin.get('/c/otherton/admin/council')).statusCode, 200);
    assert.equal((await otherAdmin.get('/admin/council')).statusCode, 403);

    const anonymous = await hearth.app.inject({ method: 'POST', url: '/admin/council', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...FORM, name: 'Taken over' }).toString() });
    assert.ok([303, 401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    assert.deepEqual(await councilRow(hearth), saved);
    assert.equal((await councilRow(hearth, 'otherton')).name, 'Otherton Council');
  });
});

describe('identity: the council details page is accessible (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let chromiumBrowser: Chromium;
  let base: string;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth();
    await grant(hearth, 'admin@testshire.example', hearth.council, 'council_admin');
    admin = await signIn(hearth, 'admin@testshire.example');
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
  }

  for (const lang of ['en', 'cy'] as const) {
    it(`has no violations: the form, its errors and its success banner (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await chromiumBrowser.newContext();
      // The session of the admin signed in above, as their browser holds it.
      const cookies = admin.jar.header().split('; ').filter(Boolean).map((pair) => {
        const eq = pair.indexOf('=');
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: base };
      });
      await context.addCookies(cookies);
      const page = await context.newPage();
      try {
        await page.goto(`${base}/admin/council?lang=${lang}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.equal(await page.locator('form #colour').count(), 1, 'the form is shown: signed in as the admin');
        await check(page, `council details (${lang})`);
        await page.fill('#colour', '#ffdd00');
        await page.fill('#email', 'nope');
        await page.click('form button[type="submit"]:not(.hearth-link-button)');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, `council details with errors (${lang})`);
        await page.fill('#colour', '#00703c');
        await page.fill('#email', 'help@testshire.example');
        await page.click('form button[type="submit"]:not(.hearth-link-button)');
        await page.waitForSelector('.govuk-notification-banner--success');
        await check(page, `council details saved (${lang})`);
      } finally {
        await context.close();
      }
    });
  }
});
