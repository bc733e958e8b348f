import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
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

  before(async () => {
    hearth = await startTestHearth();
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

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
        await visit('audit log with a bad date', '/admin/audit?from=yesterday');
        await errorSummary();
      } finally {
        await context.close();
      }
    });
  }

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
