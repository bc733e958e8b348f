import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { axe, readable } from '../../../support/axe.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { browserSkip, CHROMIUM } from '../../directory/pages/browser.js';
import { signedInCookie, partnerKey } from './support.js';

describe('partner systems admin pages: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  let cookie: string;

  before(async () => {
    // No HEARTH_PUBLIC_URL: the browser asks for http://127.0.0.1:port, which a public URL's host
    // check and origin check would (rightly) refuse.
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'directory,identity' } });
    cookie = await signedInCookie(hearth);
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

  for (const lang of ['en', 'cy'] as const) {
    describe(lang === 'en' ? 'in English' : 'in Welsh', () => {
      let context: BrowserContext;
      let page: Page;
      before(async () => {
        context = await browser.newContext();
        const cookies = cookie.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
          const eq = c.indexOf('=');
          return { name: c.slice(0, eq), value: c.slice(eq + 1), url: base };
        });
        if (cookies.length) await context.addCookies(cookies);
        page = await context.newPage();
        await page.goto(`${base}/admin/partners?lang=${lang}`);
      });
      after(() => context?.close());

      it('the list with no partner systems', async () => {
        await page.goto(`${base}/admin/partners`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check(page, `empty list (${lang})`);
      });

      it('the registration form, then with errors', async () => {
        await page.goto(`${base}/admin/partners/new`);
        await check(page, `registration form (${lang})`);
        await page.click('form button.govuk-button');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, `registration form with errors (${lang})`);
      });

      it('the secret shown once, the details, the confirmation pages, the list', async () => {
        await page.goto(`${base}/admin/partners/new`);
        await page.fill('#name', `Ashdown NHS Trust ${lang}`);
        await page.check('input[name="auth_method"][value="client_secret"]');
        await page.check('input[name="scopes"][value="partner.read"]');
        await page.click('form button.govuk-button');
        await page.waitForSelector('.govuk-panel');
        await check(page, `secret shown once (${lang})`);
        // The page after the form (post/redirect/get): a reload shows the secret no more.
        await page.reload();
        assert.equal(await page.locator('.govuk-panel').count(), 0);
        await check(page, `secret page reloaded: shown once (${lang})`);
        await page.click('main a.govuk-link[href*="/admin/partners/"]');
        await page.waitForSelector('h1');
        await check(page, `client details (${lang})`);
        const detail = page.url();
        await page.goto(`${detail}/rotate-secret`);
        await check(page, `rotate confirmation (${lang})`);
        await page.goto(`${detail}/disable`);
        await check(page, `disable confirmation (${lang})`);
        await page.click('form button.govuk-button');
        await page.waitForSelector('.govuk-notification-banner');
        await check(page, `disabled, with banner (${lang})`);

        const key = await partnerKey(`homes-${lang}`);
        await page.goto(`${base}/admin/partners/new`);
        await page.fill('#name', `Ashdown Homes ${lang}`);
        await page.check('input[name="auth_method"][value="private_key_jwt"]');
        await page.fill('#jwks', JSON.stringify(key.jwks));
        await page.check('input[name="scopes"][value="partner.read"]');
        await page.click('form button.govuk-button');
        await page.waitForSelector('.govuk-panel');
        await check(page, `private_key_jwt registered (${lang})`);
        await page.goto(`${base}/admin/partners`);
        await check(page, `list with clients (${lang})`);
        await page.goto(`${base}/admin/partners/rotate-signing-key`);
        await check(page, `signing key confirmation (${lang})`);
        await page.click('form button.govuk-button');
        await page.waitForSelector('.govuk-notification-banner');
        await check(page, `list after a new signing key (${lang})`);
      });
    });
  }
});
