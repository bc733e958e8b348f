import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestHearth } from '../../../support/app.js';
import { browserSkip, CHROMIUM } from '../../directory/pages/browser.js';
import { signedInCookie, partnerKey, startPartnersHearth } from './support.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/** axe-core in the page as served (evaluated through the browser, so the page's CSP stays on). */
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe.run;
    return (await run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations as AxeViolation[];
  }, WCAG_TAGS);
}

const readable = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  - ${JSON.stringify(n.target)} ${n.html}\n    ${n.failureSummary ?? ''}`).join('\n')}`).join('\n\n');

describe('partner systems admin pages: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  let cookie: string;

  before(async () => {
    hearth = await startPartnersHearth();
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
