import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson, grantsOf } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil } from '../../../src/platform/councils.js';
import type { Queryable } from '../../../src/platform/db/db.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from './support.js';

/** The text of the page's success (or important) banner. */
const banner = (html: string) => /<div class="govuk-notification-banner__content">\s*<p class="govuk-notification-banner__heading">\s*([\s\S]*?)\s*<\/p>/.exec(html)?.[1];
/** The error summary's links: [href, text]. */
const summary = (html: string) =>
  [.../<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0].matchAll(/<a href="(#[\w-]+)">([^<]+)<\/a>/g) ?? []].map(([, href, text]) => [href, text.trim()]);

async function addOrganisation(db: Queryable, councilId: string, name: string): Promise<string> {
  const id = randomUUID();
  await db.query("INSERT INTO organization (council_id, id, name, description) VALUES ($1, $2, $3, '')", [councilId, id, name]);
  return id;
}

describe('identity: giving and taking away roles', () => {
  let hearth: TestHearth;
  let admin: Browser;
  const orgs: Record<string, string> = {};

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    for (const name of ['Ashdown Food Bank', 'Brambles Youth Club', 'Ashdown Carers']) orgs[name] = await addOrganisation(hearth.db, hearth.council.id, name);
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth.stop());

  it('chooses an organisation editor’s organisation from a list of the council’s organisations, by name', async () => {
    const page = await admin.get('/admin/people');
    const select = /<select class="govuk-select[^"]*" id="organisation" name="organisation"[\s\S]*?<\/select>/.exec(page.body)?.[0];
    assert.ok(select, 'a list of organisations');
    assert.deepEqual([...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2]), [
      'Choose an organisation',
      'Ashdown Carers',
      'Ashdown Food Bank',
      'Brambles Youth Club',
    ]);
    assert.doesNotMatch(page.body, /id="organisation_id"/, 'no id to type');

    const res = await admin.post('/admin/people/grant', { email: 'ed@example.org', role: 'organisation_editor', organisation: orgs['Ashdown Food Bank'] });
    assert.equal(res.statusCode, 303);
    const ed = await ensurePerson(hearth.db, 'ed@example.org');
    assert.deepEqual(await grantsOf(hearth.db, ed.id), [{ councilId: hearth.council.id, role: 'organisation_editor', scope: orgs['Ashdown Food Bank'] }]);
    const after = await admin.get(res.headers.location as string);
    assert.equal(banner(after.body), 'You gave ed@example.org the role Organisation editor (Ashdown Food Bank).');
    assert.match(after.body, /Organisation editor \(Ashdown Food Bank\)/, 'the table names the organisation');
    assert.match((await admin.get('/admin/audit')).body, /admin@testshire\.example gave ed@example\.org the role Organisation editor for Ashdown Food Bank/);
  });

  it('refuses no organisation, and one that is not the council’s own, naming the field', async () => {
    await admin.get('/admin/people');
    const none = await admin.post('/admin/people/grant', { email: 'ed2@example.org', role: 'organisation_editor', organisation: '' });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(summary(none.body), [['#organisation', 'Choose the organisation they will edit']]);

    const other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    const theirs = await addOrganisation(hearth.db, other.id, 'Otherton Food Bank');
    for (const organisation of [theirs, randomUUID(), 'not-an-id']) {
      const res = await admin.post('/admin/people/grant', { email: 'ed2@example.org', role: 'organisation_editor', organisation });
      assert.equal(res.statusCode, 400, organisation);
      assert.deepEqual(summary(res.body), [['#organisation', 'Choose an organisation from the list']]);
    }
    assert.deepEqual(await grantsOf(hearth.db, (await ensurePerson(hearth.db, 'ed2@example.org')).id), []);
  });

  it('with many organisations, searches by name and then offers the matches to choose from', async () => {
    await hearth.db.query(
      `INSERT INTO organization (council_id, id, name, description)
       SELECT $1, gen_random_uuid(), 'Community Group ' || lpad(i::text, 3, '0'), '' FROM generate_series(1, 120) i`,
      [hearth.council.id],
    );
    const page = await admin.get('/admin/people');
    assert.doesNotMatch(page.body, /<select[^>]*id="organisation"/, 'too many for a list');
    assert.match(page.body, /id="organisation_name"/);

    const missing = await admin.post('/admin/people/grant', { email: 'ed3@example.org', role: 'organisation_editor', organisation_name: '' });
    assert.deepEqual(summary(missing.body), [['#organisation_name', 'Enter the name of the organisation they will edit']]);
    const nothing = await admin.post('/admin/people/grant', { email: 'ed3@example.org', role: 'organisation_editor', organisation_name: 'zebra%' });
    assert.equal(nothing.statusCode, 400);
    assert.deepEqual(summary(nothing.body), [['#organisation_name', 'No organisation’s name contains “zebra%”. Check the spelling, or enter part of the name']]);

    const found = await admin.post('/admin/people/grant', { email: 'ed3@example.org', role: 'organisation_editor', organisation_name: 'ashdown' });
    assert.equal(found.statusCode, 400, 'not given yet: choose first');
    assert.deepEqual(summary(found.body), [['#organisation', 'Choose the organisation they will edit from those whose name contains “ashdown”']]);
    const choices = [...found.body.matchAll(/<input class="govuk-radios__input" id="organisation(?:-\d+)?" name="organisation" type="radio" value="([^"]+)">\s*<label[^>]*>\s*([^<]+?)\s*<\/label>/g)];
    assert.deepEqual(choices.map((m) => m[2]), ['Ashdown Carers', 'Ashdown Food Bank']);
    assert.match(found.body, /value="ed3@example\.org"/, 'keeps the address typed');
    assert.match(found.body, /value="organisation_editor" checked/, 'keeps the role');

    const res = await admin.post('/admin/people/grant', { email: 'ed3@example.org', role: 'organisation_editor', organisation: choices[0][1] });
    assert.equal(res.statusCode, 303);
    assert.equal(banner((await admin.get(res.headers.location as string)).body), 'You gave ed3@example.org the role Organisation editor (Ashdown Carers).');
    await hearth.db.query("DELETE FROM organization WHERE council_id = $1 AND name LIKE 'Community Group %'", [hearth.council.id]);
  });

  it('asks before taking a role away, on a page of its own, and then says who lost which role', async () => {
    const sam = await ensurePerson(hearth.db, 'sam@example.org');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: sam.id, role: 'directory_manager', scope: '', grantedBy: null });
    const people = await admin.get('/admin/people');
    const href = /href="(\/admin\/people\/revoke\?[^"]+)">Remove<span class="govuk-visually-hidden"> Directory manager – sam@example\.org/.exec(people.body)?.[1];
    assert.ok(href, 'a link to the question, not a button that removes at once');
    const confirm = await admin.get(href.replace(/&amp;/g, '&'));
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1[^>]*>Are you sure you want to remove the role Directory manager from sam@example\.org\?<\/h1>/);
    assert.equal((await grantsOf(hearth.db, sam.id)).length, 1, 'asking removes nothing');

    const res = await admin.post('/admin/people/revoke', { person: sam.id, role: 'directory_manager', scope: '', from: 'people' });
    assert.equal(res.statusCode, 303);
    assert.deepEqual(await grantsOf(hearth.db, sam.id), []);
    assert.equal(banner((await admin.get(res.headers.location as string)).body), 'You removed the role Directory manager from sam@example.org.');
    // The question again, once the role has gone: said plainly.
    const stale = await admin.get(href.replace(/&amp;/g, '&'));
    assert.equal(stale.statusCode, 404);
    assert.match(stale.body, /That role has already been removed/);
    // Posting again changes nothing, and says so.
    const again = await admin.post('/admin/people/revoke', { person: sam.id, role: 'directory_manager', scope: '' });
    assert.equal(banner((await admin.get(again.headers.location as string)).body), 'sam@example.org did not have the role Directory manager. Nothing changed.');

    // An invitation is withdrawn the same way, and the admin goes back to the invitations.
    await admin.post('/admin/people/grant', { email: 'newbie@example.org', role: 'request_handler', team: 'Highways', view: 'invitations' });
    const newbie = await ensurePerson(hearth.db, 'newbie@example.org');
    const invitations = await admin.get('/admin/invitations');
    const withdraw = new RegExp(`href="(/admin/people/revoke\\?person=${newbie.id}[^"]+from=invitations)">Withdraw`).exec(invitations.body)?.[1];
    assert.ok(withdraw);
    assert.match((await admin.get(withdraw.replace(/&amp;/g, '&'))).body, /Are you sure you want to withdraw the invitation of newbie@example\.org as Request handler \(Highways\)\?/);
    const withdrawn = await admin.post('/admin/people/revoke', { person: newbie.id, role: 'request_handler', scope: 'Highways', from: 'invitations' });
    assert.match(String(withdrawn.headers.location), /^\/admin\/invitations\?done=revoked/);
  });

  it('never lets an admin take away their own admin role, even by the question’s address', async () => {
    const self = await ensurePerson(hearth.db, 'admin@testshire.example');
    const res = await admin.get(`/admin/people/revoke?person=${self.id}&role=council_admin&scope=`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/people?done=self');
    assert.match(banner((await admin.get('/admin/people?done=self')).body) ?? '', /cannot remove your own council admin role/);
  });

  it('names in its message only people this council knows: a crafted address reveals nobody', async () => {
    const other = await ensurePerson(hearth.db, 'secret.staff@otherton.example');
    const crafted = await admin.get(`/admin/people?done=granted&person=${other.id}&role=council_admin&scope=`);
    assert.doesNotMatch(crafted.body, /secret\.staff/);
    assert.equal(banner(crafted.body), 'Nothing changed: they already had that role, or no longer do.');
  });
});

describe('identity: giving roles without the directory block', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity' } });
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
  });
  after(() => hearth.stop());

  it('takes the organisation as an id', async () => {
    const admin = await signIn(hearth, 'admin@testshire.example');
    const page = await admin.get('/admin/people');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="organisation_id"/);
    assert.doesNotMatch(page.body, /id="organisation_name"|<select[^>]*id="organisation"/);
    const id = randomUUID();
    const res = await admin.post('/admin/people/grant', { email: 'ed@example.org', role: 'organisation_editor', organisation_id: id.toUpperCase() });
    assert.equal(res.statusCode, 303);
    const ed = await ensurePerson(hearth.db, 'ed@example.org');
    assert.deepEqual(await grantsOf(hearth.db, ed.id), [{ councilId: hearth.council.id, role: 'organisation_editor', scope: id }]);
    assert.equal(banner((await admin.get(res.headers.location as string)).body), `You gave ed@example.org the role Organisation editor (${id}).`);
  });
});
