import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { axe, readable } from '../../support/axe.js';
import { browserSkip, CHROMIUM } from '../../blocks/directory/pages/browser.js';
import { latestLink } from '../../blocks/identity/support.js';

describe('site pages: accessibility (axe, WCAG 2.2 AA) in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;

  before(async () => {
    hearth = await startTestHearth({
      council: { slug: 'testshire', name: 'Testshire Council', isDefault: true, contactEmail: 'help@testshire.example', contactPhone: '01632 960000', contactUrl: 'https://testshire.example/contact' },
    });
    hearth.app.get('/boom', { config: { access: 'public', html: true } }, async () => {
      throw new Error('a bug');
    });
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
    // Two pages of feedback, so the list shows its pagination.
    await hearth.db.query(
      `INSERT INTO site_feedback (council_id, satisfaction, details, email, from_path, locale)
       SELECT $1, 'satisfied', 'answer ' || n, 'someone@example.org', '/search', 'cy' FROM generate_series(1, 60) AS n`,
      [hearth.council.id],
    );
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
    it(`has no violations on the public site pages, the feedback form and the error pages (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        const visit = async (what: string, url: string, status = 200) => {
          const res = await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res?.status(), status, `${what}: status`);
          await check(page, what, lang);
        };
        await visit('accessibility statement', '/accessibility');
        await visit('privacy notice', '/privacy');
        await visit('cookies', '/cookies');
        await visit('feedback form', '/feedback?from=%2Fcookies');
        await page.fill('#details', 'x'.repeat(1300));
        await page.click('main form button');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, 'feedback form with errors', lang);
        await page.check('#satisfaction');
        await page.fill('#details', 'It was easy to find the lunch club.');
        await page.click('main form button');
        await page.waitForURL(/\/feedback\/sent/);
        await check(page, 'feedback sent', lang);
        await visit('page not found', '/no-such-page', 404);
        await visit('page not found under a council', '/c/testshire/no-such-page', 404);
        await visit('problem with the service', '/boom', 500);
      } finally {
        await context.close();
      }
    });

    it(`has no violations on the admin pages for site texts and feedback (${lang === 'en' ? 'English' : 'Welsh'})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await signIn(page, 'admin@testshire.example');
        const visit = async (what: string, url: string) => {
          await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          await check(page, what, lang);
        };
        await visit('site pages', '/admin/site');
        for (const sitePage of ['accessibility', 'privacy', 'cookies']) {
          for (const textLang of ['en', 'cy']) await visit(`change ${sitePage} (${textLang})`, `/admin/site/${sitePage}/${textLang}`);
        }
        await visit('change the accessibility statement', '/admin/site/accessibility/cy');
        await page.fill('#intro', '');
        await page.fill('#reviewedOn-day', '31');
        await page.fill('#reviewedOn-month', '2');
        await page.click('main form button[type="submit"]:not(.govuk-button--warning)');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, 'change the accessibility statement with errors', lang);
        await page.fill('#intro', 'Testshire Council sy’n rhedeg y wefan hon.');
        await page.fill('#reviewedOn-day', '28');
        await page.click('main form button[type="submit"]:not(.govuk-button--warning)');
        await page.waitForURL(/\/admin\/site\?saved=/);
        await check(page, 'site pages after saving', lang);
        await visit('change with a reset button', '/admin/site/accessibility/cy');
        await visit('feedback', '/admin/feedback');
        await visit('feedback, page 2', '/admin/feedback?page=2');
      } finally {
        await context.close();
      }
    });
  }

  it('sends feedback without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/cookies`);
      await page.click('.govuk-phase-banner a');
      await page.waitForURL(/\/feedback\?from=%2Fcookies$/);
      await page.check('#satisfaction-3');
      await page.click('main form button');
      await page.waitForURL(/\/feedback\/sent\?from=%2Fcookies$/);
      assert.match((await page.textContent('main')) ?? '', /Thank you for your feedback/);
    } finally {
      await context.close();
    }
  });
});
