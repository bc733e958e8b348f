import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { withResidentAccess } from '../../../../src/blocks/vault/gateway.js';
import { assertAccessibleAtBothWidths, launchChromium, signInWithEmailLink } from '../../../support/chromium.js';
import type { TestHearth } from '../../../support/app.js';
import { browserSkip } from '../../directory/pages/browser.js';
import { startVaultHearth } from './support.js';

/**
 * A resident, in a real browser: signs in,
 * shares their address and household with the housing team until a date, downloads the consent
 * receipt and checks it, sees the team's access in "who has seen my information". Every page
 * on the way, and the admin's teams pages, axe-clean (WCAG 2.2 AA), at 320 px too.
 */
describe('vault: sharing, receipts and the access list in Chromium', { skip: browserSkip() }, () => {
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

  const accessible = (page: Page, what: string) => assertAccessibleAtBothWidths(page, what);

  it('shares address and household with the housing team, downloads the receipt, sees the access', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signInWithEmailLink(page, hearth, base, 'river@example.org');
    const person = await ensurePerson(hearth.db, 'river@example.org');

    await page.goto(`${base}/my-record/sharing`);
    await accessible(page, 'sharing, none yet');
    await page.getByRole('button', { name: 'Share your information' }).click();
    await page.waitForURL(/\/my-record\/sharing\/new$/);
    await accessible(page, 'share form');
    await page.click('main form button');
    await accessible(page, 'share form with every error');
    assert.equal(await page.locator('.govuk-error-summary__list li').count(), 5, 'five problems (consent is chosen already)');

    await page.check('input[name="grantee"][value="team:Housing options"]');
    await page.check('input[name="categories"][value="address"]');
    await page.check('input[name="categories"][value="household"]');
    await page.check('input[name="access"][value="read"]');
    await page.fill('#purpose', 'Assessing my housing application');
    const until = new Date(Date.now() + 60 * 24 * 3600_000);
    await page.fill('#until-day', String(until.getUTCDate()));
    await page.fill('#until-month', String(until.getUTCMonth() + 1));
    await page.fill('#until-year', String(until.getUTCFullYear()));
    await page.click('main form button');
    await page.waitForSelector('text=Check your answers before you share');
    await accessible(page, 'check your answers');
    await page.click('main form button:has-text("Share")');
    await page.waitForURL(/\/my-record\/sharing\/[0-9a-f-]{36}\?done=given$/);
    await accessible(page, 'the grant');
    assert.match(await page.textContent('main') ?? '', /You are now sharing your information/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the consent receipt (JSON)' }).click()]);
    const receiptText = await readFile((await download.path())!, 'utf8');
    const receipt = JSON.parse(receiptText);
    assert.deepEqual(receipt.processing[0].pii_categories, ['address', 'household']);
    assert.equal(receipt.pii_principal_id, person.id);

    await page.getByRole('link', { name: 'Check a consent receipt' }).click();
    await accessible(page, 'check a receipt');
    await page.fill('#receipt', receiptText);
    await page.click('main form button');
    await page.waitForSelector('text=This receipt is genuine');
    await accessible(page, 'a genuine receipt');

    // The housing team reads the address through the gateway: the resident sees it.
    await withResidentAccess(
      hearth.db,
      { councilId: hearth.council.id, actor: { kind: 'staff', personId: randomUUID(), name: 'Jo Officer', team: 'Housing options' }, residentId: person.id, categories: ['address'], action: 'read' },
      (a) => a.read(),
    );
    await page.goto(`${base}/my-record/access`);
    await accessible(page, 'who has seen my information');
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Jo Officer, Housing options \(council team\)/);
    assert.match(main, /Assessing my housing application/);

    await page.goto(`${base}/my-record/sharing`);
    await accessible(page, 'sharing, one grant');
    await page.getByRole('link', { name: /^View/ }).click();
    await page.getByRole('button', { name: 'Withdraw permission' }).click();
    await accessible(page, 'withdraw: are you sure');
    await page.click('main form button');
    await page.waitForURL(/\?done=withdrawn$/);
    await accessible(page, 'withdrawn');

    await page.goto(`${base}/my-record/sharing?lang=cy`);
    await accessible(page, 'sharing, in Welsh');
    await context.close();
  });

  it('shows a council admin the teams pages, accessibly', async () => {
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signInWithEmailLink(page, hearth, base, 'admin@testshire.example');
    await page.goto(`${base}/admin/vault/teams`);
    await accessible(page, 'teams');
    await page.getByRole('button', { name: 'Add a team' }).click();
    await page.click('main form button');
    await accessible(page, 'new team with errors');
    await page.goto(`${base}/admin/vault/teams/${encodeURIComponent('Housing options')}`);
    await accessible(page, 'change a team');
    await context.close();
  });
});
