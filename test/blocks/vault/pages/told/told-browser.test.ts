import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { partnerSystemsOf } from '../../../../../src/blocks/identity/index.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { mailTeamNotices } from '../../../../../src/blocks/vault/tell-us-once/index.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import { assertAccessible, launchChromium, signInWithEmailLink } from '../../../../support/chromium.js';
import type { TestHearth } from '../../../../support/app.js';
import { browserSkip } from '../../../directory/pages/browser.js';
import { startVaultHearth } from '../support.js';

const DAY = 24 * 3600_000;

/**
 * Tell us once in a real browser, without JavaScript: the resident moves house and sees who was
 * told, with each status, in English and Welsh; an officer of the housing team sees the change in
 * the team's list and acknowledges it, and the resident sees that. Every page axe-clean, at 320 px too.
 */
describe('vault: who we told, and a team acknowledging, in Chromium', { skip: browserSkip() }, () => {
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

  /**
   * Axe on the page as the person sees it. The flow runs without JavaScript; axe itself needs it,
   * and in this Chromium injecting it into a page whose context has JavaScript off closes the
   * page: so the same address is opened, with the same cookies, in a context with it on.
   */
  async function accessible(page: Page, what: string) {
    const checker = await browser.newContext({ storageState: await page.context().storageState() });
    const view = await checker.newPage();
    await view.goto(page.url());
    await assertAccessible(view, what);
    await view.setViewportSize({ width: 320, height: 800 });
    await assertAccessible(view, `${what} at 320 px`, { maxWidth: 320 });
    await checker.close();
  }

  it('shows each recipient and status to the resident, and the team acknowledges from its list', async () => {
    const councilId = hearth.council.id;
    const resident = await ensurePerson(hearth.db, 'mover@example.org');
    const [homes] = (await partnerSystemsOf(hearth.db, councilId)).filter((p) => p.name === 'Testshire Homes');
    for (const [kind, grantee] of [['team', 'Housing options'], ['partner', homes.clientId]] as const) {
      await createGrant(hearth.db, { councilId, residentId: resident.id, granteeKind: kind, grantee, categories: ['address'], access: 'read', purpose: 'Keeping in touch', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY) });
    }
    await writeItems(hearth.db, keyRingOf(hearth.db), councilId, resident.id, 'address', [{ lines: ['2 New Road'], town: 'Testford', postcode: 'TE2 2ND' }], { kind: 'resident', name: 'Themselves' });
    while ((await hearth.ctx.events.dispatchOnce()) > 0);
    await mailTeamNotices(hearth.ctx);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithEmailLink(page, hearth, base, 'mover@example.org');
    await page.goto(`${base}/my-record/told`);
    await accessible(page, 'who we told');
    const rows = page.locator('main table tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /Housing options[\s\S]*Delivered/);
    // The partner registered no endpoint: its notice waits to be collected.
    assert.match(await rows.nth(1).innerText(), /Testshire Homes[\s\S]*Waiting to be sent/);
    await page.goto(`${base}/my-record/told?lang=cy`);
    await accessible(page, 'who we told, in Welsh');
    assert.match(await page.locator('main').innerText(), /Wedi'i ddanfon/);

    const officer = await ensurePerson(hearth.db, 'officer@testshire.example', 'Officer');
    await addGrant(hearth.db, { councilId, personId: officer.id, role: 'request_handler', scope: 'Housing options', grantedBy: null });
    const staffContext = await browser.newContext({ javaScriptEnabled: false });
    const staff = await staffContext.newPage();
    await signInWithEmailLink(staff, hearth, base, 'officer@testshire.example');
    await staff.goto(`${base}/admin/vault/notices`);
    await staff.waitForURL(/\/admin\/vault\/team\/Housing%20options\/notices$/);
    await accessible(staff, "the team's changes");
    await staff.click('main form button');
    await staff.waitForURL(/acknowledged=1$/);
    await accessible(staff, "the team's changes, one acknowledged");
    assert.equal(await staff.locator('main form button').count(), 0);

    await page.goto(`${base}/my-record/told?lang=en`);
    assert.match(await rows.nth(0).innerText(), /Housing options[\s\S]*Acknowledged/);
    await context.close();
    await staffContext.close();
  });
});
