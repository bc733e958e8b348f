import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { browserSkip, CHROMIUM } from '../directory/pages/browser.js';
import { latestLink } from './support.js';

describe('identity pages: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  /** The question before taking Sam's role away. */
  let revokeUrl: string;

  before(async () => {
    hearth = await startTestHearth();
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
    const sam = await ensurePerson(hearth.db, 'sam@example.org');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: sam.id, role: 'directory_manager', scope: '', grantedBy: null });
    revokeUrl = `/admin/people/revoke?person=${sam.id}&role=directory_manager&scope=&from=people`;
    // A few organisations: an organisation editor's is chosen from a list.
    for (const name of ['Ashdown Food Bank', 'Ashdown Carers', 'Brambles Youth Club']) {
      await hearth.db.query("INSERT INTO organization (council_id, id, name, description) VALUES ($1, $2, $3, '')", [hearth.council.id, randomUUID(), name]);
    }
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  /**
   * A council admin of their own, signed in through the browser: each sign-in needs a new link,
   * and links to one address are limited to a few in 15 minutes.
   */
  async function signInAsAdmin(page: Page, who: string) {
    const email = `admin-${who}@testshire.example`;
    const person = await ensurePerson(hearth.db, email);
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    await signIn(page, email);
  }

  async function check(page: Page, what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
  }

  /**
   * Sign in inside the browser, as a person does: the form, the link from the (recorded) email,
   * the button. With `lang`, the pages on the way (check your email, the link's page) are checked too.
   */
  async function signIn(page: Page, email: string, lang?: 'en' | 'cy') {
    await page.goto(`${base}/sign-in${lang ? `?lang=${lang}` : ''}`);
    await page.fill('#email', email);
    await page.click('form button');
    await page.waitForURL(/\/sign-in\/check-email$/);
    if (lang) {
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await check(page, `check your email, after asking for a link (${lang})`);
    }
    const link = (await latestLink(hearth, email))!;
    assert.ok(link, `a sign-in link was sent to ${email}`);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
    // The link's own page: a button, not yet signed in.
    assert.equal(await page.locator('form input[name="token"]').count(), 1, 'the link page has the sign-in button');
    if (lang) {
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await check(page, `the sign-in link's page (${lang})`);
    }
    await page.click('form button');
    await page.waitForURL(/\/account$/);
  }

  for (const lang of ['en', 'cy'] as const) {
    it(`has no violations on any identity page (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        const visit = async (what: string, url: string) => {
          await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          await check(page, `${what} (${lang})`);
        };
        const errorSummary = async () => assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'the page shows its error summary');
        await visit('sign in', '/sign-in');
        await page.click('form button'); // empty: the error summary
        await page.waitForSelector('.govuk-error-summary');
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check(page, `sign in with an error (${lang})`);
        await visit('check your email', '/sign-in/check-email');
        await visit('a link that does not work', '/sign-in/link?token=nope');
        await visit('signed out', '/signed-out');
        await signIn(page, 'admin@testshire.example', lang);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check(page, `account, just signed in (${lang})`);
        const link = (await latestLink(hearth, 'admin@testshire.example'))!;
        await visit('a link already used', new URL(link).pathname + new URL(link).search);
        await visit('account', '/account');
        await visit('people and roles', '/admin/people');
        await page.click('form[action$="/admin/people/grant"] button'); // empty: the error summary
        await page.waitForSelector('.govuk-error-summary');
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check(page, `people and roles with errors (${lang})`);
        await visit('invitations', '/admin/invitations');
        await visit('audit log', '/admin/audit');
        await page.click('details.govuk-details summary');
        await check(page, `audit log with a record's details open (${lang})`);
        await visit('audit log with a bad date', '/admin/audit?from=yesterday');
        await errorSummary();
        await visit('the admin landing page', '/admin');
        await visit('the question before taking a role away', revokeUrl);
        await visit('a role already taken away', '/admin/people/revoke?person=00000000-0000-4000-8000-000000000001&role=directory_manager&scope=');
        // An organisation editor's organisation, from the list, with the list's error.
        await page.goto(`${base}/admin/people`);
        await page.check('input[name="role"][value="organisation_editor"]');
        await page.fill('#email', 'ed@example.org');
        await page.click('form[action$="/admin/people/grant"] button');
        await page.waitForSelector('.govuk-error-summary');
        assert.equal(await page.locator('select#organisation').count(), 1);
        await check(page, `people and roles, no organisation chosen (${lang})`);
        await page.selectOption('select#organisation', { label: 'Ashdown Carers' });
        await page.click('form[action$="/admin/people/grant"] button');
        await page.waitForSelector('.govuk-notification-banner--success');
        await check(page, `people and roles after giving a role (${lang})`);
      } finally {
        await context.close();
      }
    });
  }

  it('has no violations on the staff pages’ other states, in English and Welsh: no staff role, a search among many organisations', async () => {
    await hearth.db.query(
      `INSERT INTO organization (council_id, id, name, description)
       SELECT $1, gen_random_uuid(), 'Community Group ' || lpad(i::text, 3, '0'), '' FROM generate_series(1, 120) i`,
      [hearth.council.id],
    );
    try {
      for (const lang of ['en', 'cy'] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        try {
          await signInAsAdmin(page, `search-${lang}`);
          await page.goto(`${base}/admin/people?lang=${lang}`);
          await page.check('input[name="role"][value="organisation_editor"]');
          await page.fill('#email', 'ed@example.org');
          await page.fill('#organisation_name', 'ashdown');
          await page.click('form[action$="/admin/people/grant"] button');
          await page.waitForSelector('.govuk-error-summary');
          assert.equal(await page.locator('input[name="organisation"][type="radio"]').count(), 2);
          await check(page, `people and roles, organisations matching a search (${lang})`);
        } finally {
          await context.close();
        }
        const resident = await browser.newContext();
        const residentPage = await resident.newPage();
        try {
          await signIn(residentPage, `resident-${lang}@example.org`);
          const res = await residentPage.goto(`${base}/admin?lang=${lang}`);
          assert.equal(res?.status(), 403);
          await check(residentPage, `the admin landing page for someone with no staff role (${lang})`);
        } finally {
          await resident.close();
        }
      }
    } finally {
      await hearth.db.query("DELETE FROM organization WHERE council_id = $1 AND name LIKE 'Community Group %'", [hearth.council.id]);
    }
  });

  it('fits the staff pages to the window at 1024 pixels and on a phone: no sideways scrolling', async () => {
    await hearth.db.query(
      `INSERT INTO audit_log (council_id, actor_email, action, target, detail, ip, user_agent)
       VALUES ($1, 'a.very.long.address.of.someone.in.the.council@ashdown-district-council.example', 'role.granted',
               'another.very.long.address.of.a.new.member.of.staff@ashdown-district-council.example',
               '{"role":"organisation_editor","scope":"3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c"}', '2001:db8:85a3:0000:0000:8a2e:0370:7334',
               'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')`,
      [hearth.council.id],
    );
    for (const width of [1024, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      try {
        await signInAsAdmin(page, `at-${width}`);
        for (const url of ['/admin', '/admin/audit', '/admin/people', '/admin/invitations', revokeUrl]) {
          await page.goto(`${base}${url}`);
          // Open every record's details: the raw values must wrap too.
          for (const summary of await page.locator('details summary').all()) await summary.click();
          const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          // What sticks out, to say in a failure.
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 8),
          );
          assert.ok(scrollWidth <= innerWidth, `${url} at ${width}px is ${scrollWidth}px wide: ${wide.join(', ')}`);
        }
      } finally {
        await context.close();
      }
    }
  });

  it('signs out from the header’s button without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await signInAsAdmin(page, 'nojs');
      await page.click('.govuk-service-navigation form[action$="/sign-out"] button');
      // (No axe here: it runs as a script. The signed-out page is checked above.)
      await page.waitForURL(/\/signed-out$/);
      const res = await page.goto(`${base}/account`);
      assert.match(res?.url() ?? '', /\/sign-in\?return=/, 'no longer signed in');
    } finally {
      await context.close();
    }
  });

  it('the link page is reached by a real link, and its button signs in without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await signIn(page, 'nojs@example.org');
      assert.match(await page.textContent('main') ?? '', /nojs@example\.org/);
    } finally {
      await context.close();
    }
  });
});
