import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { grantOfResident } from '../../../../../src/blocks/vault/sql/grants.js';
import { insertNotices } from '../../../../../src/blocks/vault/sql/notices.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../../support/app.js';
import { resident, startVaultHearth } from '../support.js';
import { inCouncil } from '../../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const PANELS = ['record', 'asking', 'sharing', 'accesses', 'told', 'saved-services'];
const panelsOn = (html: string) => PANELS.filter((p) => html.includes(`class="govuk-summary-card" id="${p}"`));

describe('vault: the resident\u2019s single view (/my-hearth)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth();
  });
  after(() => hearth.stop());

  const grant = (residentId: string, over: Partial<Parameters<typeof createGrant>[1]> = {}) =>
    createGrant(hearth.db, {
      councilId: hearth.council.id, residentId, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read',
      purpose: 'Assessing my housing application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY), ...over,
    });

  it('shows only the record panel to a resident with nothing else, and is linked from their account', async () => {
    const { browser } = await resident(hearth, 'new@example.org');
    const account = await browser.get('/account');
    assert.match(account.body, /href="\/my-hearth"/, 'the account page leads to the single view');
    const page = await browser.get('/my-hearth');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.deepEqual(panelsOn(page.body), ['record']);
    assert.match(page.body, /You have not given any information yet/);
    assert.match(page.body, /href="\/my-record"/);
    assert.match(page.body, /href="\/my-record\/rights"/);
  });

  it('shows each panel with its data: the record, requests with accept and refuse, live grants, recent accesses, who was told', async () => {
    const { browser, id } = await resident(hearth, 'busy@example.org');
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, 'address', [{ lines: ['12 Mill Lane'], town: 'Testbury', postcode: 'TE1 1ST' }], { kind: 'resident', name: 'Busy' });
    const live = await grant(id);
    const asked = await grant(id, { categories: ['household'], purpose: 'Checking who lives with you', requested: true });
    for (let i = 0; i < 7; i++) {
      await withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: { kind: 'staff', personId: randomUUID(), name: `Officer ${i}`, team: 'Housing options' }, residentId: id, categories: ['address'], action: 'read' }, (a) => a.read());
    }
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertNotices(tx, hearth.council.id, { eventId: 987654, residentId: id, category: 'address', changedAt: new Date() }, [
      { id: randomUUID(), grantId: live.id, recipientKind: 'team', recipient: 'Housing options', status: 'delivered', deliveryId: null, waiting: null },
    ]));
    // Someone else's grants and accesses are not on this page.
    const other = await resident(hearth, 'other@example.org');
    await grant(other.id, { purpose: 'The neighbour\u2019s application' });

    const page = await browser.get('/my-hearth');
    assert.deepEqual(panelsOn(page.body), ['record', 'asking', 'sharing', 'accesses', 'told']);
    assert.match(page.body, /12 Mill Lane/);
    assert.match(page.body, /You have given 1 of \d+ kinds of information/);
    assert.match(page.body, /Checking who lives with you/);
    assert.match(page.body, new RegExp(`action="/my-record/sharing/${asked.id}/accept"`));
    assert.match(page.body, new RegExp(`action="/my-record/sharing/${asked.id}/refuse"`));
    assert.match(page.body, new RegExp(`href="/my-record/sharing/${live.id}"`));
    const accesses = /id="accesses"[\s\S]*?summary-card__content">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    assert.equal((accesses.match(/<li>/g) ?? []).length, 5, 'the five most recent accesses');
    assert.match(accesses, /Officer 6/);
    assert.doesNotMatch(accesses, /Officer 1\b/);
    assert.match(page.body, /href="\/my-record\/access"/);
    assert.match(page.body, /id="told"[\s\S]*?Delivered/);
    assert.doesNotMatch(page.body, /neighbour/);

    // Accepting from the overview needs the form's token; with it, the request becomes a grant.
    const forged = await browser.post(`/my-record/sharing/${asked.id}/accept`, {}, { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.equal((await inCouncil(hearth.db, hearth.council.id, (tx) => grantOfResident(tx, hearth.council.id, id, asked.id)))?.status, 'requested');
    const accepted = await browser.post(`/my-record/sharing/${asked.id}/accept`, {});
    assert.equal(accepted.statusCode, 303);
    assert.equal((await inCouncil(hearth.db, hearth.council.id, (tx) => grantOfResident(tx, hearth.council.id, id, asked.id)))?.status, 'active');
    const after = await browser.get('/my-hearth');
    assert.deepEqual(panelsOn(after.body), ['record', 'sharing', 'accesses', 'told'], 'nothing left asking');
  });

  it('is for signed-in residents only', async () => {
    const res = await hearth.app.inject({ url: '/my-hearth', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /sign-in/);
  });

  it('speaks Welsh', async () => {
    const { browser } = await resident(hearth, 'cymraeg@example.org');
    const page = await browser.get('/my-hearth?lang=cy');
    assert.match(page.body, /<h1 class="govuk-heading-l">Eich gwybodaeth a’ch gwasanaethau<\/h1>/);
    assert.match(page.body, /Nid ydych wedi rhoi unrhyw wybodaeth eto/);
  });
});
