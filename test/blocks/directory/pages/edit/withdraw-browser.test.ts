import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestHearth } from '../../../../support/app.js';
import { axe, readable } from '../../../../support/axe.js';
import { latestLink } from '../../../identity/support.js';
import { browserSkip, CHROMIUM } from '../browser.js';
import { LUNCH, LUNCH_CLUB, MANAGER, startEditHearth, VOLUNTEER } from './fixture.js';

const svc = `/admin/listings/${LUNCH_CLUB}/services/${LUNCH}`;

describe('withdrawing a change in Chromium: accessible in English and Welsh', { skip: browserSkip() }, () => {
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

  async function signedIn(email: string): Promise<Page> {
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
    return page;
  }

  async function check(page: Page, what: string) {
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${what}: ${violations.length} accessibility violation(s)\n${readable(violations)}`);
    await page.setViewportSize({ width: 320, height: 640 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `${what}: scrolls sideways at 320 px (${wide} px wide)`);
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  it('the change’s page, the question and the answer pass axe and fit 320 px; the manager is told it came too late', async () => {
    const page = await signedIn(VOLUNTEER);
    await page.goto(`${base}${svc}/details`);
    await page.fill('#name', 'Tuesday lunch and games');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    const changeUrl = page.url();
    const manager = await signedIn(MANAGER);
    await manager.goto(`${changeUrl.replace(/.*\/changes\//, `${base}/admin/directory/changes/`)}`);

    for (const lang of ['cy', 'en']) {
      await page.goto(`${changeUrl}?lang=${lang}`);
      await check(page, `change page (${lang})`);
      await page.goto(`${changeUrl}/withdraw?lang=${lang}`);
      await check(page, `withdraw question (${lang})`);
    }
    // English again: the button on the change's page leads to the question; its button withdraws.
    await page.goto(changeUrl);
    await page.click('main a.govuk-button');
    await page.waitForURL(/\/withdraw$/);
    await page.click('main form button');
    await page.waitForURL((url) => url.href === changeUrl);
    assert.match(await page.locator('h1').innerText(), /Change withdrawn/);
    await check(page, 'withdrawn change');

    // The manager, on the page opened before, approves: told on the change's page, accessibly.
    await manager.click('main form button');
    await manager.waitForURL(/too_late=1$/);
    assert.match(await manager.locator('.govuk-notification-banner').innerText(), /withdrew this change first/);
    await check(manager, 'too late (manager)');
    await manager.goto(`${manager.url()}&lang=cy`);
    assert.match(await manager.locator('.govuk-notification-banner').innerText(), /tynnodd ei olygydd/);
    await check(manager, 'too late (manager, Welsh)');
  });
});
