import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { startTestProvider, type TestProvider } from '../../support/oidc-provider.js';
import { browserSkip, CHROMIUM } from '../directory/pages/browser.js';
import { Browser, pathOf } from './support.js';

/** A loopback port nobody is listening on now (Hearth listens there next; the provider must know its address first). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function check(page: Page, what: string, lang: 'en' | 'cy') {
  assert.equal(await page.getAttribute('html', 'lang'), lang, what);
  const violations = await axe(page);
  assert.equal(violations.length, 0, `${what} (${lang}): ${violations.length} accessibility violation(s)\n${readable(violations)}`);
}

describe('identity pages of a failed send and of confirming a provider login: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let chromiumBrowser: Chromium;
  let provider: TestProvider;
  let withProvider: TestHearth;
  let withoutNotify: TestHearth;
  let base: string;
  let failingBase: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startTestProvider(base);
    withProvider = await startTestHearth({
      env: {
        HEARTH_PUBLIC_URL: base,
        HEARTH_OIDC_ISSUER: provider.issuer,
        HEARTH_OIDC_ALLOW_HTTP: 'true',
        HEARTH_OIDC_CLIENT_ID: provider.clientId,
        HEARTH_OIDC_PRIVATE_KEY: provider.clientKeyPem,
        HEARTH_OIDC_PROFILE: 'govuk-one-login',
        HEARTH_OIDC_PROVIDER_NAME: 'Test Login',
      },
    });
    await withProvider.app.listen({ host: '127.0.0.1', port });
    // GOV.UK Notify at an address where nothing answers: every message fails.
    const deadPort = await freePort();
    withoutNotify = await startTestHearth({
      configure: (config) => {
        config.notify = {
          apiKey: 'hearth_test-11111111-2222-4333-8444-555555555555-66666666-7777-4888-9999-aaaaaaaaaaaa',
          baseUrl: `http://127.0.0.1:${deadPort}`,
          templateIds: { 'sign-in-link': 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff', 'staff-invitation': 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff', message: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff' },
        };
      },
    });
    await withoutNotify.app.listen({ host: '127.0.0.1', port: 0 });
    failingBase = `http://127.0.0.1:${(withoutNotify.app.server.address() as AddressInfo).port}`;
    chromiumBrowser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await chromiumBrowser?.close();
    await withProvider?.stop();
    await withoutNotify?.stop();
    await provider?.close();
  });

  for (const lang of ['en', 'cy'] as const) {
    it(`has no violations when sending failed, or when a provider login must be confirmed (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await chromiumBrowser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${failingBase}/sign-in?lang=${lang}`);
        await page.fill('#email', `sam-${lang}@example.org`);
        await page.click('form button');
        await page.waitForSelector('h1');
        assert.ok((await page.locator('a[href="/sign-in"]').count()) >= 1, 'a way to try again');
        await check(page, 'sending the link failed', lang);

        // Someone with an account signs in at the provider for the first time.
        const account = `grace-${lang}`;
        await ensurePerson(withProvider.db, `${account}@example.org`);
        const start = new Browser(withProvider);
        const begun = await start.get(`/sign-in/oidc?lang=${lang}`);
        const back = await provider.signIn(String(begun.headers.location), account);
        const handle = start.jar.get('hearth_oidc');
        assert.ok(handle);
        await context.addCookies([{ name: 'hearth_oidc', value: handle!, url: base }]);
        await page.goto(`${base}${back.pathname}${back.search}&lang=${lang}`);
        await check(page, 'confirm it is you: a link was sent', lang);
        const [mail] = await recordedNotifications(withProvider.db, `${account}@example.org`);
        await page.goto(`${base}${pathOf(mail.personalisation.link)}&lang=${lang}`);
        assert.equal(await page.locator('form input[name="token"]').count(), 1, 'the confirmation button');
        await check(page, 'confirm and sign in', lang);
        await page.click('form button');
        await page.waitForURL(/\/account$/);
      } finally {
        await context.close();
      }
    });
  }
});
