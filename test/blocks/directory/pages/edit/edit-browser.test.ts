import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { recordedNotifications } from '../../../../../src/platform/notifications/notifications.js';
import type { TestHearth } from '../../../../support/app.js';
import { axe, readable } from '../../../../support/axe.js';
import { latestLink } from '../../../identity/support.js';
import { browserSkip, CHROMIUM } from '../browser.js';
import { HALL, LUNCH, LUNCH_CLUB, MANAGER, startEditHearth, VOLUNTEER } from './fixture.js';

const org = `/admin/listings/${LUNCH_CLUB}`;
const svc = `${org}/services/${LUNCH}`;

describe('organisation editors\' pages in Chromium: accessibility, phones, and the lunch club story', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;

  before(async () => {
    hearth = await startEditHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  /** Sign in as a person does: the form, the link from the (recorded) email, the button. */
  async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.fill('#email', email);
    await page.click('main form button');
    await page.waitForURL(/\/sign-in\/check-email$/);
    const link = (await latestLink(hearth, email))!;
    await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await page.click('main form button');
    await page.waitForURL(/\/account$/);
    return { context, page };
  }

  async function check(page: Page, what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
    await page.setViewportSize({ width: 320, height: 640 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `${what}: scrolls sideways at 320 px (${wide} px wide)`);
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  it('every page passes axe (WCAG 2.2 AA) and fits a 320 px screen, in English and Welsh, with and without errors', async () => {
    const { context, page } = await signedIn(VOLUNTEER);
    const pages = [
      '/admin/listings', org, `${org}/details`, `${org}/services/new`, svc,
      ...['details', 'contacts', 'eligibility', 'costs', 'languages', 'opening-times', 'status'].map((p) => `${svc}/${p}`),
      `${svc}/locations/add`, `${svc}/locations/${HALL}`, `${svc}/locations/${HALL}/accessibility`, `${svc}/locations/${HALL}/remove`,
    ];
    // Every page in English; in Welsh, the pages whose longer words are likeliest to overflow (the rest share their parts).
    const welsh = ['/admin/listings', svc, `${svc}/opening-times`, `${svc}/status`, `${svc}/costs`, `${svc}/locations/add`];
    for (const lang of ['en', 'cy']) {
      for (const path of lang === 'en' ? pages : welsh) {
        const res = await page.goto(`${base}${path}?lang=${lang}`);
        assert.equal(res?.status(), 200, path);
        await check(page, `${path} (${lang})`);
      }
    }
    await page.goto(`${base}${svc}/opening-times?lang=en`);
    // Errors: times the wrong way round, and a closure with no start date.
    await page.fill('#mo-0-opens', '17:00');
    await page.fill('#mo-0-closes', '9:00');
    await page.click('button[value="add-closure"]');
    await page.fill('#closure-0-reason', 'Christmas');
    await page.click('main form button.govuk-button:not(.govuk-button--secondary)');
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await check(page, 'opening times with errors');
    await page.goto(`${base}${svc}/status`);
    await page.check('input[value="temporarily closed"]');
    await page.click('main form button.govuk-button:not(.govuk-button--secondary)');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date the service closes/);
    await check(page, 'status with errors');
    await context.close();
  });

  it('the lunch club story: the volunteer changes the opening times and adds a service; a manager approves; the volunteer is told', async () => {
    const volunteer = await signedIn(VOLUNTEER);
    const page = volunteer.page;
    await page.goto(`${base}/admin`);
    await page.click('a[href="/admin/listings"]');
    await page.click('text=Tuesday lunch club');
    await page.click(`a[href="${svc}/opening-times"]`);
    // A second session on Thursday, added without JavaScript's help (the button posts the form).
    await page.fill('#th-0-opens', '12:00');
    await page.fill('#th-0-closes', '2pm');
    await page.click('button[value="add-th"]');
    await page.fill('#th-1-opens', '5:30pm');
    await page.fill('#th-1-closes', '7pm');
    await page.click('button[value="add-closure"]');
    await page.fill('#closure-0-from-day', '25');
    await page.fill('#closure-0-from-month', '12');
    await page.fill('#closure-0-from-year', '2026');
    await page.fill('#closure-0-reason', 'Christmas Day');
    await page.fill('#note', 'We now open on Thursdays too');
    await page.click('main form button.govuk-button:not(.govuk-button--secondary)');
    await page.waitForURL(/\/changes\//);
    assert.match(await page.locator('.govuk-panel').innerText(), /Sent for approval/);
    await check(page, 'the confirmation');

    await page.goto(`${base}${org}`);
    await page.click(`a[href="${org}/services/new"]`);
    await page.fill('#name', 'Friday film club');
    await page.fill('#description', 'An afternoon film with tea and cake.');
    await page.click('main form button.govuk-button');
    await page.waitForURL(/\/changes\//);
    assert.match(await page.locator('.govuk-panel').innerText(), /Sent for approval/);

    // The manager works the queue: each change shows what changed; approving tells the volunteer.
    const manager = await signedIn(MANAGER);
    for (const name of ['Tuesday lunch club', 'Friday film club']) {
      await manager.page.goto(`${base}/admin/directory/changes`);
      await manager.page.click(`a:has-text("${name}")`);
      if (name === 'Tuesday lunch club') assert.match(await manager.page.locator('main').innerText(), /Thursday|TH/);
      await manager.page.click('form[action$="/approve"] button');
      await manager.page.waitForURL(/approved=/);
    }
    const told = (await recordedNotifications(hearth.db, VOLUNTEER)).filter((m) => m.template === 'message');
    assert.equal(told.length, 2, 'one message per approved change');
    assert.ok(told.some((m) => /Tuesday lunch club/.test(m.personalisation.subject + m.personalisation.body)));

    // Residents see the new times and the new service.
    await page.goto(`${base}/services/${LUNCH}`);
    const hours = await page.locator('main').innerText();
    assert.match(hours, /Thursday/);
    assert.match(hours, /5:30pm/);
    await page.goto(`${base}/admin/listings`);
    assert.match(await page.locator('main').innerText(), /Friday film club[\s\S]*Published/);
    await volunteer.context.close();
    await manager.context.close();
  });
});
