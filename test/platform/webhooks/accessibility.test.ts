import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { browserSkip, CHROMIUM } from '../../blocks/directory/pages/browser.js';
import { latestLink } from '../../blocks/identity/support.js';

describe('webhook admin pages: accessibility (axe, WCAG 2.2 AA) in Chromium, and no sideways scrolling at 320 px', { skip: browserSkip() }, () => {
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

  async function check(page: Page, what: string, lang: string) {
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${what} is in ${lang}`);
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what} (${lang}): ${violations.length} accessibility violation(s)\n${readable(violations)}`);
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = overflow > 0 ? await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(-3).map((e) => `${e.tagName}.${e.className}: ${(e.textContent ?? '').slice(0, 60)}`)) : [];
    assert.ok(overflow <= 0, `${what} (${lang}) scrolls sideways by ${overflow}px at 320px: ${wide.join(' | ')}`);
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/sign-in`);
    await page.fill('#email', email);
    await page.click('main form button');
    await page.waitForURL(/\/sign-in\/check-email$/);
    const link = (await latestLink(hearth, email))!;
    await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await page.click('main form button');
    await page.waitForURL(/\/account$/);
  }

  for (const lang of ['en', 'cy'] as const) {
    it(`has no violations on the list, the form (and its errors), the secret, an endpoint with deliveries and the delete question (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await signIn(page, 'admin@testshire.example');
        await page.goto(`${base}/admin/webhooks?lang=${lang}`);
        await check(page, 'no endpoints yet', lang);
        await page.goto(`${base}/admin/webhooks/new`);
        await check(page, 'new endpoint form', lang);
        await page.fill('#url', 'http://not-https.example/');
        await page.fill('#eventTypes', 'Not An Event');
        await page.click('main form button');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, 'form with errors', lang);
        await page.fill('#url', `https://a-partner-with-a-rather-long-host-name.example/webhooks/hearth/${lang}/receive-every-directory-event-here`);
        await page.fill('#description', 'The county information hub');
        await page.fill('#eventTypes', 'directory.service.*\ndirectory.organization.updated');
        await page.click('main form button');
        await page.waitForSelector('#signing-secret');
        await check(page, 'the secret, shown once', lang);
        await page.click('main a.govuk-link');
        const id = /\/admin\/webhooks\/([0-9a-f-]{36})/.exec(page.url())![1];
        await hearth.db.query(
          `INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload, status, attempts, last_status, last_error, last_attempt_at, next_attempt_at)
           SELECT $1, n, 'directory.service.updated', '{}', (ARRAY['pending', 'failed', 'delivered'])[1 + n % 3], 1 + n % 4, 500, 'timeout: the time limit passed', now(), now() + interval '1 hour'
             FROM generate_series(1, 30) AS n`,
          [id],
        );
        await page.reload();
        await check(page, 'endpoint with deliveries', lang);
        await page.goto(`${base}/admin/webhooks/${id}/delete`);
        await check(page, 'delete question', lang);
        await page.goto(`${base}/admin/webhooks`);
        await check(page, 'list of endpoints', lang);
      } finally {
        await context.close();
      }
    });
  }
});
