import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { sendNudges } from '../../../../src/blocks/directory/staleness/nudges.js';
import { axe, readable } from '../../../support/axe.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { browserSkip, CHROMIUM } from '../pages/browser.js';
import { Browser, signIn } from '../../identity/support.js';
import { grant, linksIn, ORG_LUNCH, seedListings, setChecked, sid } from './support.js';

/** Every staleness page in Chromium: axe (WCAG 2.2 AA) in English and Welsh, and no sideways scrolling at 320 px. */
describe('staleness pages: accessibility in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let chromiumBrowser: Chromium;
  let base = '';
  let session = '';
  let links: string[] = [];
  let reportId = '';

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing`);
    hearth = await startTestHearth();
    await seedListings(hearth);
    for (const n of [1, 2, 3]) await setChecked(hearth, n, '2025-01-01T10:00:00Z');
    await grant(hearth, 'editor@lunch.example.org', 'organisation_editor', ORG_LUNCH.id);
    await grant(hearth, 'manager@testshire.example', 'directory_manager');
    await sendNudges(hearth.ctx, hearth.council, new Date());
    const [message] = (await recordedNotifications(hearth.db, 'editor@lunch.example.org')).filter((m) => m.template === 'message');
    links = [...linksIn(message.personalisation.body).values()].map((l) => new URL(l).search);
    const resident = new Browser(hearth);
    await resident.get(`/services/${sid(100, 1)}/out-of-date`);
    await resident.post(`/services/${sid(100, 1)}/out-of-date`, { details: 'The phone number is wrong.\nIt rings out.', email: 'resident@example.com' });
    reportId = (await hearth.db.query<{ id: string }>('SELECT id FROM service_feedback')).rows[0].id;
    session = (await signIn(hearth, 'manager@testshire.example')).jar.get('hearth_session')!;
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
    for (const width of [320, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
      );
      assert.ok(overflow <= 0, `${what} scrolls sideways by ${overflow}px at ${width}px: ${wide.join(', ')}`);
    }
  }

  for (const lang of ['en', 'cy'] as const) {
    it(`the "still correct" pages have no violations (${lang})`, async () => {
      const context = await chromiumBrowser.newContext();
      const page = await context.newPage();
      try {
        const link = lang === 'en' ? links[0] : links[1];
        await page.goto(`${base}/still-correct${link}&lang=${lang}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check(page, `confirm (${lang})`);
        // Without JavaScript's help: the button is a plain form post.
        await page.click('form button');
        await page.waitForURL(/\/still-correct\/done/);
        await check(page, `confirmed (${lang})`);
        await page.goto(`${base}/still-correct${link}&lang=${lang}`);
        await check(page, `already used (${lang})`);
        await page.goto(`${base}/still-correct?token=${'C'.repeat(43)}&lang=${lang}`);
        await check(page, `unknown link (${lang})`);
      } finally {
        await context.close();
      }
    });

    it(`the managers' pages have no violations (${lang})`, async () => {
      const context = await chromiumBrowser.newContext();
      await context.addCookies([{ name: 'hearth_session', value: session, url: base }]);
      const page = await context.newPage();
      try {
        for (const [what, path] of [
          ['dashboard', '/admin/directory/staleness'],
          ['dashboard filtered', `/admin/directory/staleness?organisation=${ORG_LUNCH.id}&band=overdue`],
          ['dashboard with an error', '/admin/directory/staleness?band=ancient'],
          ['reports', '/admin/directory/reports'],
          ['resolved reports (none)', '/admin/directory/reports?status=resolved'],
          ['a report', `/admin/directory/reports/${reportId}`],
        ]) {
          await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(await page.getAttribute('html', 'lang'), lang, what);
          await check(page, `${what} (${lang})`);
        }
        // The report form with its errors, then saved.
        await page.setViewportSize({ width: 1024, height: 800 });
        await page.fill('#note', 'x'.repeat(2001));
        await page.click('form button.govuk-button');
        await check(page, `a report with errors (${lang})`);
        await page.check('#status-3');
        await page.fill('#note', 'Checked.');
        await page.click('form button.govuk-button');
        await page.waitForURL(/saved=/);
        await check(page, `a report saved (${lang})`);
      } finally {
        await context.close();
      }
    });
  }
});
