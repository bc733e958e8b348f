import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessRefused, withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { readItems, writeItems } from '../../../../../src/blocks/vault/record.js';
import { grantOfResident, insertBasis } from '../../../../../src/blocks/vault/sql/grants.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../../support/app.js';
import { postPairs, resident, startVaultHearth } from '../support.js';
import { chained } from '../../../../support/vault-log.js';
import { inCouncil } from '../../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;

describe('vault: the resident\u2019s rights pages (/my-record/rights)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth();
  });
  after(() => hearth.stop());

  const me = { kind: 'resident' as const, name: 'Resident' };
  const write = (id: string, category: string, value: unknown) => writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, category, [value], me);
  const grant = (residentId: string, categories: string[]) =>
    createGrant(hearth.db, {
      councilId: hearth.council.id, residentId, granteeKind: 'team', grantee: 'Housing options', categories, access: 'read',
      purpose: 'Housing application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY),
    });
  const housingReads = (residentId: string, categories: string[]) =>
    withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: { kind: 'staff', personId: randomUUID(), name: 'Jo', team: 'Housing options' }, residentId, categories, action: 'read' }, (a) => a.read());
  const logOf = async (id: string) => (await (await chained(hearth.db)).query<{ action: string }>('SELECT action FROM vault_access_log WHERE resident_id = $1 ORDER BY seq', [id])).rows.map((r) => r.action);

  it('shows everything held, readably: values with their history, grants, bases, saved services and the log', async () => {
    const { browser, id } = await resident(hearth, 'reader@example.org');
    await write(id, 'address', { lines: ['1 Old Road'], town: 'Testbury', postcode: 'TE1 1AA' });
    await write(id, 'address', { lines: ['2 New Road'], town: 'Testbury', postcode: 'TE1 1AB' });
    await grant(id, ['address']);
    const page = await browser.get('/my-record/rights');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /2 New Road/);
    assert.match(page.body, /1 earlier values kept as its history/);
    assert.match(page.body, /Housing options<\/a>: Address\. Sharing/);
    assert.match(page.body, /Services you saved to your list: 0/);
    assert.match(page.body, /href="\/my-record\/rights\/erase"/);
    assert.match(page.body, /href="\/my-record\/rights\/restrict"/);
  });

  it('erases what the resident chooses after a check page, keeps what a basis covers and says why, ends grants and keeps the log', async () => {
    const { browser, id } = await resident(hearth, 'eraser@example.org');
    await write(id, 'address', { lines: ['1 Old Road'], town: 'Testbury', postcode: 'TE1 1AA' });
    await write(id, 'address', { lines: ['2 New Road'], town: 'Testbury', postcode: 'TE1 1AB' });
    await write(id, 'name', { fullName: 'Erin Eraser' });
    const shared = await grant(id, ['address']);
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertBasis(tx, hearth.council.id, {
      id: randomUUID(), residentId: id, team: 'Housing options', categories: ['name'], legalBasis: 'Housing Act 1996 s.184', purpose: 'Homelessness duty',
      recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter: null,
    }));
    await housingReads(id, ['address']);

    const form = await browser.get('/my-record/rights/erase');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="address"/);
    assert.match(form.body, /value="everything"/);
    const none = await browser.post('/my-record/rights/erase', {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /govuk-error-summary[\s\S]*href="#categories"[\s\S]*Select what you want to erase/);
    const unknown = await postPairs(hearth, browser, '/my-record/rights/erase', [['categories', 'no_such_thing']]);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Select from the list what you want to erase/);

    const check = await postPairs(hearth, browser, '/my-record/rights/erase', [['categories', 'address'], ['categories', 'name']]);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /What will be erased[\s\S]*<li>Address<\/li>/);
    assert.match(check.body, /Name was kept because of Housing Act 1996 s\.184/);
    assert.match(check.body, /Permissions that will end[\s\S]*<li>Housing options<\/li>/);
    assert.match(check.body, /We will tell each of them that you erased it, so that they delete any copies they hold/);
    assert.equal((await readItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, ['address'])).length, 1, 'nothing is erased before the confirmation');

    // The confirmation needs the page's token.
    const forged = await postPairs(hearth, browser, '/my-record/rights/erase/confirm', [['categories', 'address']], { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.equal((await readItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, ['address'])).length, 1);

    const done = await postPairs(hearth, browser, '/my-record/rights/erase/confirm', [['categories', 'address'], ['categories', 'name']]);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/my-record/rights?done=erase');
    assert.equal((await readItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, ['address'])).length, 0);
    assert.deepEqual((await readItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, id, ['name'])).map((i) => i.value), [{ fullName: 'Erin Eraser' }]);
    assert.equal((await inCouncil(hearth.db, hearth.council.id, (tx) => grantOfResident(tx, hearth.council.id, id, shared.id)))?.status, 'withdrawn');
    assert.deepEqual(await logOf(id), ['read', 'erase'], 'the log keeps the access and records the erasure');

    const after = await browser.get('/my-record/rights?done=erase');
    assert.match(after.body, /Your information has been erased/);
    assert.match(after.body, /You erased: Address \(2 values removed, 1 permissions ended\)/);
    assert.match(after.body, /Name was kept because of Housing Act 1996 s\.184/);
    assert.doesNotMatch(after.body, /New Road|Old Road/);
    const history = await browser.get('/my-record/access');
    assert.match(history.body, /Erased: Address/);

    // Sent again (a double click): nothing more happens.
    await browser.get('/my-record/rights/erase');
    await postPairs(hearth, browser, '/my-record/rights/erase/confirm', [['categories', 'address']]);
    assert.deepEqual(await logOf(id), ['read', 'erase']);
  });

  it('restricts a category after a check page: the live grant stops giving access through the gateway until the restriction is lifted', async () => {
    const { browser, id } = await resident(hearth, 'restrictor@example.org');
    await write(id, 'address', { lines: ['3 Quiet Close'], town: 'Testbury', postcode: 'TE1 1AC' });
    await grant(id, ['address']);
    assert.equal((await housingReads(id, ['address'])).length, 1);

    const form = await browser.get('/my-record/rights/restrict');
    assert.equal(form.statusCode, 200);
    const unchanged = await browser.post('/my-record/rights/restrict', {});
    assert.equal(unchanged.statusCode, 400);
    assert.match(unchanged.body, /govuk-error-summary[\s\S]*Select or untick something/);
    const check = await postPairs(hearth, browser, '/my-record/rights/restrict', [['categories', 'address']]);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Will be restricted[\s\S]*<li>Address<\/li>[\s\S]*<li>Housing options<\/li>/);
    await assert.doesNotReject(housingReads(id, ['address']), 'nothing changes before the confirmation');
    const forged = await postPairs(hearth, browser, '/my-record/rights/restrict/confirm', [['categories', 'address']], { csrf: false });
    assert.equal(forged.statusCode, 403);

    const done = await postPairs(hearth, browser, '/my-record/rights/restrict/confirm', [['categories', 'address']]);
    assert.equal(done.statusCode, 303);
    await assert.rejects(housingReads(id, ['address']), AccessRefused);
    const rights = await browser.get('/my-record/rights?done=restrict');
    assert.match(rights.body, /Your restrictions have been changed/);
    assert.match(rights.body, /Address<br><strong class="govuk-tag govuk-tag--yellow">Restricted/);
    assert.match((await browser.get('/my-hearth')).body, /Restricted/);

    // Unticking lifts it: the form comes ticked, and sending it with nothing ticked lifts every restriction.
    const again = await browser.get('/my-record/rights/restrict');
    assert.match(again.body, /value="address" checked/);
    const lift = await browser.post('/my-record/rights/restrict', {});
    assert.match(lift.body, /Restriction will be lifted[\s\S]*<li>Address<\/li>/);
    assert.equal((await browser.post('/my-record/rights/restrict/confirm', {})).statusCode, 303);
    assert.equal((await housingReads(id, ['address'])).length, 1, 'lifting restores the grant');
    assert.match((await browser.get('/my-record/rights')).body, /You lifted the restriction on: Address/);
  });
});
