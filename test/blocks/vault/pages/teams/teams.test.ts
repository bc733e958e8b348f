import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import type { TestHearth } from '../../../../support/app.js';
import { signIn } from '../../../identity/support.js';
import { startVaultHearth } from '../support.js';

describe('vault: the teams residents can share with (/admin/vault/teams)', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startVaultHearth();
  });
  after(() => hearth.stop());

  const as = async (email: string, role?: string, scope = '') => {
    const person = await ensurePerson(hearth.db, email);
    if (role) await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope, grantedBy: null });
    return signIn(hearth, email);
  };
  const audit = async () => (await hearth.db.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action LIKE 'vault.team.%' ORDER BY id")).rows;
  const team = {
    code: 'Council tax',
    name_en: 'Council tax',
    name_cy: 'Treth gyngor',
    description_en: 'Bills, discounts and reductions',
    description_cy: 'Biliau, gostyngiadau a lleihad',
    contact_email: 'counciltax@testshire.example',
  };

  it('lets a council admin add, change, retire and restore a team, each audited, and names every problem', async () => {
    const admin = await as('admin@testshire.example', 'council_admin');
    const landing = await admin.get('/admin');
    assert.match(landing.body, /href="\/admin\/vault\/teams"/, 'offered on /admin');
    const list = await admin.get('/admin/vault/teams');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Housing options/);
    await admin.get('/admin/vault/teams/new');
    const bad = await admin.post('/admin/vault/teams/new', { code: '', name_en: '', name_cy: 'x'.repeat(121), description_en: '', description_cy: '', contact_email: 'not an address' });
    assert.equal(bad.statusCode, 400);
    for (const [field, text] of [['code', 'Enter the team’s code'], ['name_en', 'Enter the team’s name'], ['name_cy', 'The name must be 120 characters or fewer'], ['contact_email', 'Enter an email address in the correct format']]) {
      assert.match(bad.body, new RegExp(`<a href="#${field}">${text}`), field);
    }
    const added = await admin.post('/admin/vault/teams/new', team);
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/admin/vault/teams?done=added');
    await admin.get('/admin/vault/teams/new');
    const taken = await admin.post('/admin/vault/teams/new', { ...team, code: 'COUNCIL TAX' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /There is already a team with this code/);

    const page = await admin.get('/admin/vault/teams/Council%20tax');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Change the team Council tax/);
    const changed = await admin.post('/admin/vault/teams/Council%20tax', { ...team, name_en: 'Council tax and benefits' });
    assert.equal(changed.statusCode, 303);
    await admin.get('/admin/vault/teams/Council%20tax');
    assert.equal((await admin.post('/admin/vault/teams/Council%20tax', { ...team, contact_email: '' })).statusCode, 400);
    assert.equal((await admin.get('/admin/vault/teams/Parking')).statusCode, 404);

    // Retired: residents are no longer offered it.
    const residentBrowser = await signIn(hearth, 'chooser@example.org');
    assert.match((await residentBrowser.get('/my-record/sharing/new')).body, /Council tax and benefits/);
    await admin.get('/admin/vault/teams/Council%20tax');
    assert.equal((await admin.post('/admin/vault/teams/Council%20tax/retire', { retired: 'yes' })).headers.location, '/admin/vault/teams?done=retired');
    assert.doesNotMatch((await residentBrowser.get('/my-record/sharing/new')).body, /Council tax and benefits/);
    assert.match((await admin.get('/admin/vault/teams')).body, /Retired/);
    await admin.get('/admin/vault/teams/Council%20tax');
    await admin.post('/admin/vault/teams/Council%20tax/retire', { retired: 'no' });
    assert.match((await residentBrowser.get('/my-record/sharing/new')).body, /Council tax and benefits/);

    assert.deepEqual(await audit(), [
      { action: 'vault.team.added', target: 'Housing options' },
      { action: 'vault.team.added', target: 'Council tax' },
      { action: 'vault.team.changed', target: 'Council tax' },
      { action: 'vault.team.retired', target: 'Council tax' },
      { action: 'vault.team.restored', target: 'Council tax' },
    ]);
    // Without the CSRF token, nothing changes.
    await admin.get('/admin/vault/teams/new');
    assert.equal((await admin.post('/admin/vault/teams/new', { ...team, code: 'Forged' }, { csrf: false })).statusCode, 403);
  });

  it('is for council admins only', async () => {
    for (const [email, role, scope] of [['handler@testshire.example', 'request_handler', 'Housing options'], ['resident@example.org', undefined, '']] as const) {
      const browser = await as(email, role, scope);
      assert.equal((await browser.get('/admin/vault/teams')).statusCode, 403, email);
      assert.equal((await browser.get('/admin/vault/teams/new')).statusCode, 403, email);
    }
  });
});
