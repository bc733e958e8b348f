import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getFullService } from '../../../../../src/blocks/directory/sql/oruk-read.js';
import type { TestHearth } from '../../../../support/app.js';
import { Browser, signIn } from '../../../identity/support.js';
import { FOOD_BANK, FOOD_EDITOR, LUNCH, LUNCH_CLUB, MANAGER, startEditHearth, VOLUNTEER } from './fixture.js';

const svc = `/admin/listings/${LUNCH_CLUB}/services/${LUNCH}`;

describe('an editor withdraws a change still waiting for the council', () => {
  let hearth: TestHearth;
  let volunteer: Browser;
  let foodEditor: Browser;
  let manager: Browser;
  let changePath: string;
  let changeId: string;
  const statusOf = async (id: string) => (await hearth.db.query<{ status: string }>('SELECT status FROM listing_change WHERE id = $1', [id])).rows[0]?.status;

  before(async () => {
    hearth = await startEditHearth();
    volunteer = await signIn(hearth, VOLUNTEER);
    foodEditor = await signIn(hearth, FOOD_EDITOR);
    manager = await signIn(hearth, MANAGER);
    await volunteer.get(`${svc}/details`);
    const proposed = await volunteer.post(`${svc}/details`, { name: 'Tuesday lunch and games', description: 'A hot lunch, then cards and dominoes.' });
    assert.equal(proposed.statusCode, 303);
    changePath = String(proposed.headers.location);
    changeId = changePath.split('/').pop()!;
    assert.match(changePath, new RegExp(`^/admin/listings/${LUNCH_CLUB}/changes/[0-9a-f-]{36}$`));
  });
  after(async () => hearth?.stop());

  it('offers the withdrawal on the change’s page, and an editor of another organisation cannot withdraw it', async () => {
    const page = await volunteer.get(changePath);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="${changePath}/withdraw"[^>]*>\\s*Withdraw this change`));

    // The wrong organisation in the address: refused by the access rule, reading or posting.
    await foodEditor.get(`/admin/listings/${FOOD_BANK}`);
    assert.equal((await foodEditor.get(`${changePath}/withdraw`)).statusCode, 403);
    assert.equal((await foodEditor.post(`${changePath}/withdraw`, {})).statusCode, 403);
    // Their own organisation in the address, this change's id: not theirs, so not found.
    const theirs = `/admin/listings/${FOOD_BANK}/changes/${changeId}/withdraw`;
    assert.equal((await foodEditor.get(theirs)).statusCode, 404);
    await foodEditor.get(`/admin/listings/${FOOD_BANK}`);
    assert.equal((await foodEditor.post(theirs, {})).statusCode, 404);
    // A malformed id is not found either, never a 500.
    assert.equal((await volunteer.get(`/admin/listings/${LUNCH_CLUB}/changes/not-a-change/withdraw`)).statusCode, 404);
    assert.equal(await statusOf(changeId), 'pending');
  });

  it('asks first, needs the form’s token, then withdraws: out of the queue, audited, and too late for a manager to approve', async () => {
    // The manager opens the change while it waits.
    const queued = await manager.get('/admin/directory/changes');
    assert.match(queued.body, new RegExp(changeId));
    assert.equal((await manager.get(`/admin/directory/changes/${changeId}`)).statusCode, 200);

    const confirm = await volunteer.get(`${changePath}/withdraw`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to withdraw your change\?/);
    assert.match(confirm.body, /Tuesday lunch and games/);
    assert.match(confirm.body, /Yes, withdraw this change/);
    // Without the form's anti-forgery token nothing happens.
    assert.equal((await volunteer.post(`${changePath}/withdraw`, {}, { csrf: false })).statusCode, 403);
    assert.equal(await statusOf(changeId), 'pending');

    await volunteer.get(`${changePath}/withdraw`);
    const withdrawn = await volunteer.post(`${changePath}/withdraw`, {});
    assert.equal(withdrawn.statusCode, 303);
    assert.equal(withdrawn.headers.location, changePath);
    assert.equal(await statusOf(changeId), 'withdrawn');
    const after = await volunteer.get(changePath);
    assert.match(after.body, /Change withdrawn/);
    assert.match(after.body, /You withdrew this change/);
    assert.doesNotMatch(after.body, /Withdraw this change/);

    // Gone from the managers' queue; the audit log says who withdrew it.
    assert.doesNotMatch((await manager.get('/admin/directory/changes')).body, new RegExp(changeId));
    const { rows: audit } = await hearth.db.query<{ actor_email: string; target: string }>(
      "SELECT actor_email, target FROM audit_log WHERE action = 'directory.change.withdrawn'",
    );
    assert.deepEqual(audit, [{ actor_email: VOLUNTEER, target: 'Tuesday lunch and games' }]);

    // The manager approves from the page they opened before: told plainly, nothing published.
    await manager.get(`/admin/directory/changes/${changeId}`);
    const approve = await manager.post(`/admin/directory/changes/${changeId}/approve`, {});
    assert.equal(approve.statusCode, 303);
    const told = await manager.get(String(approve.headers.location));
    assert.equal(told.statusCode, 200);
    assert.match(told.body, /Nothing was decided: its editor \(volunteer@lunchclub\.example\) withdrew this change first\./);
    assert.equal(await statusOf(changeId), 'withdrawn');
    assert.equal((await getFullService(hearth.db, hearth.council.id, LUNCH))!.name, 'Tuesday lunch club');
    // So does rejecting it.
    await manager.get(`/admin/directory/changes/${changeId}`);
    const reject = await manager.post(`/admin/directory/changes/${changeId}/reject`, { reason: 'Too late' });
    assert.equal(reject.statusCode, 303);
    assert.match((await manager.get(String(reject.headers.location))).body, /withdrew this change first/);

    // Withdrawing again says it cannot be: no longer waiting.
    await volunteer.get(`${changePath}/withdraw`);
    const again = await volunteer.post(`${changePath}/withdraw`, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This change cannot be withdrawn/);
  });

  it('cannot withdraw a change a manager has already approved', async () => {
    await volunteer.get(`${svc}/details`);
    const proposed = await volunteer.post(`${svc}/details`, { name: 'Tuesday lunch club', description: 'A hot lunch for older people.' });
    const path = String(proposed.headers.location);
    const id = path.split('/').pop()!;
    const page = await volunteer.get(`${path}/withdraw`);
    assert.equal(page.statusCode, 200);
    await manager.get(`/admin/directory/changes/${id}`);
    assert.equal((await manager.post(`/admin/directory/changes/${id}/approve`, {})).statusCode, 303);
    // The editor confirms on the page they had open: too late, said in words.
    const late = await volunteer.post(`${path}/withdraw`, {});
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /no longer waiting for the council/);
    assert.equal(await statusOf(id), 'approved');
  });
});
