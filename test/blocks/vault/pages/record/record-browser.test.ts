import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';
import { assertAccessible, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import { browserSkip } from '../../../directory/pages/browser.js';

describe('vault: a resident fills in their record in Chromium, every page axe-clean (WCAG 2.2 AA) and no wider than 320 px', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault' } });
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  /** Axe at the desktop width, then no sideways scrolling at 320 px. */
  async function check(page: Page, what: string) {
    await assertAccessible(page, what);
    await page.setViewportSize({ width: 320, height: 640 });
    await assertAccessible(page, `${what} at 320 px`, { maxWidth: 320 });
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  const save = (page: Page) => page.click('main form button[type=submit]');

  it('signs in, fills in every part of the record (and sees its errors), its history and the household, then the council admin adds a category', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInWithEmailLink(page, hearth, base, 'resident@example.org');
      // Your account leads to your single view, and that to your record.
      await page.click('a[href="/my-hearth"]');
      await page.waitForURL(/\/my-hearth$/);
      await page.click('a[href="/my-record"]');
      await page.waitForURL(/\/my-record$/);
      await check(page, 'the empty record');

      await page.goto(`${base}/my-record/change/name`);
      await check(page, 'the name form');
      await save(page);
      await page.waitForSelector('.govuk-error-summary');
      assert.equal(await page.getAttribute('.govuk-error-summary a', 'href'), '#fullName');
      await check(page, 'the name form with its error');
      await page.fill('#fullName', 'Rhian Example');
      await save(page);
      await page.waitForURL(/\/my-record\?saved=name$/);

      await page.goto(`${base}/my-record/change/contact`);
      await page.fill('#email', 'rhian@example.org');
      await page.fill('#phone', '07700 900982');
      await save(page);
      await page.waitForURL(/saved=contact/);

      await page.goto(`${base}/my-record/change/preferences`);
      await check(page, 'the preferences form');
      await page.check('input[name=channel][value=text]');
      await page.check('input[name=language][value=cy]');
      await page.check('input[name=formats][value=easy_read]');
      await save(page);
      await page.waitForURL(/saved=preferences/);

      await page.goto(`${base}/my-record/change/address`);
      await page.fill('#line1', '1 High Street');
      await page.fill('#town', 'Testbury');
      await page.fill('#postcode', 'not a postcode');
      await save(page);
      await page.waitForSelector('.govuk-error-summary');
      await check(page, 'the address form with its error');
      assert.equal(await page.inputValue('#line1'), '1 High Street', 'what was typed is kept');
      await page.fill('#postcode', 'ts1 1aa');
      await page.fill('#uprn', '100012345678');
      await save(page);
      await page.waitForURL(/saved=address/);

      await page.goto(`${base}/my-record/household`);
      await check(page, 'no household yet');
      await page.click('main a.govuk-button');
      await page.waitForURL(/\/household\/add$/);
      await page.fill('#memberName', 'Cai Example');
      await page.fill('#relationship', 'son');
      await page.fill('#dateOfBirth-day', '31');
      await page.fill('#dateOfBirth-month', '2');
      await page.fill('#dateOfBirth-year', '2012');
      await save(page);
      await page.waitForSelector('.govuk-error-summary');
      await check(page, 'a household member with a date that is not real');
      await page.fill('#dateOfBirth-day', '28');
      await save(page);
      await page.waitForURL(/\/household\?done=added$/);
      await check(page, 'the household with one person');
      await page.click('main a[href$="/remove"]');
      await check(page, 'removing someone asks first');

      await page.goto(`${base}/my-record/change/carer`);
      await check(page, 'a circumstance');
      await page.check('input[name=applies][value=yes]');
      await page.fill('#details', 'I care for my father.');
      await save(page);
      await page.waitForURL(/saved=carer/);

      await page.goto(`${base}/my-record/change/benefits`);
      await check(page, 'benefits');
      await page.check('input[name=held][value=universal_credit]');
      await save(page);
      await page.waitForURL(/saved=benefits/);
      const text = await page.textContent('main');
      assert.match(text ?? '', /Rhian Example/);
      assert.match(text ?? '', /TS1 1AA/);
      assert.match(text ?? '', /Universal Credit/);
      await check(page, 'the record, filled in');

      await page.goto(`${base}/my-record/history/address`);
      await check(page, 'the history of the address');
      await page.goto(`${base}/my-record?lang=cy`);
      await check(page, 'the record in Welsh');
      await page.goto(`${base}/my-record/change/address?lang=cy`);
      await check(page, 'the address form in Welsh');
      await page.goto(`${base}/my-record?lang=en`);
    } finally {
      await context.close();
    }

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    try {
      await signInWithEmailLink(admin, hearth, base, 'admin@testshire.example');
      await admin.goto(`${base}/admin/vault/categories`);
      await check(admin, 'the categories list');
      await admin.click('main a.govuk-button');
      await admin.waitForURL(/\/categories\/new$/);
      await save(admin);
      await admin.waitForSelector('.govuk-error-summary');
      await check(admin, 'a new category with its errors');
      await admin.fill('#name_en', 'Armed forces veteran');
      await admin.fill('#name_cy', 'Cyn-filwr y lluoedd arfog');
      await admin.check('input[name=sensitivity][value=standard]');
      await save(admin);
      await admin.waitForURL(/done=added/);
      await check(admin, 'the categories list with one added');
    } finally {
      await adminContext.close();
    }
  });
});
