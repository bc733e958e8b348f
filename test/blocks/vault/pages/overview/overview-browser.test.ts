import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../../support/app.js';
import { assertAccessible, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import { browserSkip } from '../../../directory/pages/browser.js';
import { startVaultHearth } from '../support.js';

const DAY = 24 * 3600_000;

describe('vault: the single view, erasure and restriction in Chromium, axe-clean (WCAG 2.2 AA) and no wider than 320 px, without JavaScript too', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;

  before(async () => {
    hearth = await startVaultHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  let axeOn = true;
  /** Axe needs JavaScript in the page: with it off, the run shows the pages work without it. */
  async function check(page: Page, what: string) {
    if (!axeOn) return;
    await assertAccessible(page, what);
    await page.setViewportSize({ width: 320, height: 640 });
    await assertAccessible(page, `${what} at 320 px`, { maxWidth: 320 });
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  for (const javaScript of [true, false]) {
    it(`goes from the account to the single view, restricts a category and erases it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const email = `chromium-${javaScript ? 'js' : 'nojs'}@example.org`;
      const person = await ensurePerson(hearth.db, email);
      await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, person.id, 'address', [{ lines: ['4 Elm Row'], town: 'Testbury', postcode: 'TE1 1AD' }], { kind: 'resident', name: 'Resident' });
      const grant = { councilId: hearth.council.id, residentId: person.id, granteeKind: 'team' as const, grantee: 'Housing options', access: 'read' as const, lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY) };
      await createGrant(hearth.db, { ...grant, categories: ['address'], purpose: 'Housing application' });
      await createGrant(hearth.db, { ...grant, categories: ['household'], purpose: 'Checking who lives with you', requested: true });
      axeOn = javaScript;
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await signInWithEmailLink(page, hearth, base, email);
        await page.click('a[href="/my-hearth"]');
        await page.waitForURL(/\/my-hearth$/);
        assert.ok(await page.locator('#asking').isVisible());
        assert.ok(await page.locator('#sharing').isVisible());
        await check(page, 'the single view');

        await page.click('a[href="/my-record/rights"]');
        await check(page, 'everything held');
        await page.click('a[href="/my-record/rights/restrict"]');
        await check(page, 'the restrict form');
        await page.click('main form button[type=submit]');
        await page.waitForSelector('.govuk-error-summary');
        await check(page, 'the restrict form with its error');
        await page.check('input[value="address"]');
        await page.click('main form button[type=submit]');
        await page.waitForSelector('text=Will be restricted');
        await check(page, 'checking a restriction');
        await page.click('main form button[type=submit]');
        await page.waitForURL(/done=restrict/);
        assert.ok(await page.locator('.govuk-tag', { hasText: 'Restricted' }).first().isVisible());
        await check(page, 'restricted');

        await page.click('a[href="/my-record/rights/erase"]');
        await check(page, 'the erase form');
        await page.check('input[value="address"]');
        await page.click('main form button[type=submit]');
        await page.waitForSelector('text=What will be erased');
        await check(page, 'checking an erasure');
        await page.click('main form button.govuk-button--warning');
        await page.waitForURL(/done=erase/);
        assert.ok(await page.locator('text=Your information has been erased').isVisible());
        await check(page, 'erased');
        assert.equal(await page.locator('text=4 Elm Row').count(), 0);
      } finally {
        await context.close();
      }
    });
  }
});
