import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import { assertAccessibleAtBothWidths, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import type { TestHearth } from '../../../../support/app.js';
import { browserSkip } from '../../../directory/pages/browser.js';
import { startVaultHearth } from '../support.js';

/**
 * A request handler, in a real browser: their team's residents, one resident, changing their
 * address, asking for access, recording a statutory basis and the bases list — every page
 * axe-clean (WCAG 2.2 AA), at 320 px too, every error summary included (axe runs as a script, so
 * this browser has JavaScript on); and the same change made again with JavaScript off.
 */
describe('vault: the staff pages in Chromium', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  let residentId: string;

  before(async () => {
    hearth = await startVaultHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    residentId = (await ensurePerson(hearth.db, 'ada@example.org')).id;
    const source = { kind: 'resident' as const, name: 'Ada' };
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'name', [{ fullName: 'Ada Lovelace' }], source);
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residentId, 'address', [{ lines: ['1 High Street'], town: 'Testford', postcode: 'TE1 1ST' }], source);
    await createGrant(hearth.db, { councilId: hearth.council.id, residentId, granteeKind: 'team', grantee: 'Housing options', categories: ['name', 'address'], access: 'read_update', purpose: 'Assessing my housing application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * 24 * 3600_000) });
    const officer = await ensurePerson(hearth.db, 'jo@testshire.example', 'Jo Officer');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: officer.id, role: 'request_handler', scope: 'Housing options', grantedBy: null });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  const accessible = (page: Page, what: string) => assertAccessibleAtBothWidths(page, what);

  it('works through every staff page, each axe-clean', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithEmailLink(page, hearth, base, 'jo@testshire.example');
    await page.goto(`${base}/admin/vault`);
    await page.waitForURL(/\/admin\/vault\/team\/Housing%20options$/);
    await accessible(page, 'the team’s residents');
    await page.click('text=Ada Lovelace');
    await accessible(page, 'a resident');
    await page.click(`a[href$="/change/address"]`);
    await page.fill('#line1', '');
    await page.fill('#postcode', 'nowhere');
    await page.click('main form button');
    await accessible(page, 'change address with errors');
    await page.fill('#line1', '5 Moved Lane');
    await page.fill('#postcode', 'TE2 2AB');
    await page.click('main form button');
    await page.waitForURL(/\?saved=address$/);
    assert.match((await page.textContent('main')) ?? '', /5 Moved Lane/);

    await page.goto(`${base}/admin/vault/team/Housing%20options/request`);
    await accessible(page, 'ask for access');
    await page.click('main form button');
    await accessible(page, 'ask for access with every error');
    await page.goto(`${base}/admin/vault/team/Housing%20options/bases/new`);
    await accessible(page, 'record a basis');
    await page.click('main form button');
    await accessible(page, 'record a basis with every error');
    await page.fill('#email', 'ada@example.org');
    await page.fill('#legal_basis', 'Care Act 2014 s.42 safeguarding enquiry');
    await page.check('input[name="categories"][value="disability"]');
    await page.fill('#purpose', 'Safeguarding enquiry');
    const until = new Date(Date.now() + 60 * 24 * 3600_000);
    await page.fill('#until-day', String(until.getUTCDate()));
    await page.fill('#until-month', String(until.getUTCMonth() + 1));
    await page.fill('#until-year', String(until.getUTCFullYear()));
    await page.click('main form button');
    await page.waitForURL(/\/bases\?done=awaiting$/);
    await accessible(page, 'the bases, one awaiting approval');
    await context.close();
  });

  it('changes an address with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithEmailLink(page, hearth, base, 'jo@testshire.example');
    await page.goto(`${base}/admin/vault`);
    await page.waitForURL(/\/admin\/vault\/team\/Housing%20options$/);
    await page.click('text=Ada Lovelace');
    await page.click(`a[href$="/change/address"]`);
    await page.fill('#line1', '7 Quiet Close');
    await page.click('main form button');
    await page.waitForURL(/\?saved=address$/);
    assert.match((await page.textContent('main')) ?? '', /7 Quiet Close/);
    await context.close();
  });
});
