import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import { recordedNotifications } from '../../../../../src/platform/notifications/notifications.js';
import { assertAccessibleAtBothWidths, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import type { TestHearth } from '../../../../support/app.js';
import { browserSkip } from '../../../directory/pages/browser.js';
import { startVaultHearth } from '../support.js';

/**
 * In a real browser: a resident appoints her daughter as advocate (the form with its errors,
 * check answers), the daughter accepts the emailed invitation, opens her mother's record and
 * changes the address, and the resident sees it on "who has seen my information". Every page
 * axe-clean (WCAG 2.2 AA), at 320 px too; the team's legal appointment pages as well.
 */
describe('vault: advocates in Chromium', { skip: browserSkip() }, () => {
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

  it('the resident appoints, the advocate accepts and changes the address, the resident sees it', async () => {
    const mum = await ensurePerson(hearth.db, 'maggie@example.org');
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mum.id, 'name', [{ fullName: 'Maggie Evans' }], { kind: 'resident', name: 'Maggie Evans' });
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mum.id, 'address', [{ lines: ['1 Old Street'], town: 'Testford', postcode: 'TE1 1ST' }], { kind: 'resident', name: 'Maggie Evans' });

    const residentContext = await browser.newContext();
    const page = await residentContext.newPage();
    page.setDefaultTimeout(60_000);
    await signInWithEmailLink(page, hearth, base, 'maggie@example.org');
    await page.goto(`${base}/my-record`);
    await page.getByRole('link', { name: 'Your advocates: people who act for you' }).click();
    await page.waitForURL(/\/my-record\/advocates$/);
    await accessible(page, 'advocates, none yet');
    await page.getByRole('button', { name: 'Ask someone to act for you' }).click();
    await accessible(page, 'appoint form');
    await page.click('main form button');
    await accessible(page, 'appoint form with every error');
    assert.equal(await page.locator('.govuk-error-summary__list li').count(), 7);

    await page.fill('#advocate_name', 'Dee Evans');
    await page.fill('#email', 'dee@example.org');
    await page.fill('#relationship', 'Daughter');
    await page.check('input[name="categories"][value="name"]');
    await page.check('input[name="categories"][value="address"]');
    await page.check('input[name="access"][value="read_update"]');
    await page.check('input[name="manage_grants"][value="no"]');
    const until = new Date(Date.now() + 182 * 24 * 3600_000);
    await page.fill('#until-day', String(until.getUTCDate()));
    await page.fill('#until-month', String(until.getUTCMonth() + 1));
    await page.fill('#until-year', String(until.getUTCFullYear()));
    await page.click('main form button');
    await page.waitForSelector('text=Check your answers before sending the invitation');
    await accessible(page, 'check your answers');
    await page.click('main form button:has-text("Send the invitation")');
    await page.waitForURL(/\?done=invited$/);
    await accessible(page, 'invited');

    const [message] = await recordedNotifications(hearth.db, 'dee@example.org');
    const link = /https?:\/\/\S+\/advocacy\/invitation\?token=\S+/.exec(message.personalisation.body)?.[0];
    assert.ok(link);

    const advocateContext = await browser.newContext();
    const dee = await advocateContext.newPage();
    dee.setDefaultTimeout(60_000);
    await signInWithEmailLink(dee, hearth, base, 'dee@example.org');
    const url = new URL(link);
    await dee.goto(`${base}${url.pathname}${url.search}`);
    await accessible(dee, 'the invitation');
    await dee.getByRole('button', { name: 'Accept' }).click();
    await dee.waitForURL(/\/acting-for\?done=accepted$/);
    await accessible(dee, 'people you act for');
    await dee.getByRole('link', { name: /Open their record/ }).click();
    await accessible(dee, 'acting: the record');
    assert.match((await dee.textContent('main')) ?? '', /You are acting for Maggie Evans/);
    await dee.getByRole('link', { name: /Change\s+Address/ }).click();
    await accessible(dee, 'acting: change the address');
    await dee.fill('#postcode', 'not a postcode');
    await dee.click('main form button');
    await accessible(dee, 'acting: the address with an error');
    await dee.fill('#line1', '2 New Road');
    await dee.fill('#postcode', 'TE1 2AB');
    await dee.click('main form button');
    await dee.waitForURL(/\?saved=address$/);
    await accessible(dee, 'acting: saved');
    assert.match((await dee.textContent('main')) ?? '', /2 New Road/);

    await page.goto(`${base}/my-record/access`);
    await accessible(page, 'who has seen my information');
    const seen = (await page.textContent('main')) ?? '';
    assert.match(seen, /Dee Evans, your advocate/);
    assert.match(seen, /Acting for\s*You/);
    assert.match(seen, /Changed: Address/);
    await page.goto(`${base}/my-record`);
    assert.match((await page.textContent('main')) ?? '', /Dee Evans for Maggie Evans, acting for you/);
    await page.goto(`${base}/my-record/advocates?lang=cy`);
    await accessible(page, 'advocates, in Welsh');
    await advocateContext.close();
    await residentContext.close();
  });

  it('shows a team its legal appointments pages, accessibly', async () => {
    const officer = await ensurePerson(hearth.db, 'officer@testshire.example', 'Jo Officer');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: officer.id, role: 'request_handler', scope: 'Housing options', grantedBy: null });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signInWithEmailLink(page, hearth, base, 'officer@testshire.example');
    await page.goto(`${base}/admin/vault/advocates`);
    await accessible(page, 'legal appointments, none');
    await page.getByRole('button', { name: 'Record a lasting power of attorney or deputyship' }).click();
    await page.click('main form button');
    await accessible(page, 'legal appointment form with errors');
    await context.close();
  });
});
