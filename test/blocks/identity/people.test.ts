import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson, grantsOf, setPlatformAdmin } from '../../../src/blocks/identity/sql/people.js';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from './support.js';

describe('identity: people and roles, invitations, the audit log', () => {
  let hearth: TestHearth;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth.stop());

  const auditCsv = async (query = '') => (await admin.get(`/admin/audit.csv${query}`)).body;

  it('gives a role to someone new: they are invited by email, listed as invited, and the change is audited', async () => {
    await admin.get('/admin/people');
    const res = await admin.post('/admin/people/grant', { email: 'New.Manager@example.org', role: 'directory_manager', scope: '' });
    assert.equal(res.statusCode, 303);
    const person = await ensurePerson(hearth.db, 'new.manager@example.org');
    assert.equal(res.headers.location, `/admin/people?done=granted&person=${person.id}&role=directory_manager&scope=`);
    assert.match((await admin.get(res.headers.location as string)).body, /You gave new\.manager@example\.org the role Directory manager\./);
    assert.deepEqual(await grantsOf(hearth.db, person.id), [{ councilId: hearth.council.id, role: 'directory_manager', scope: null }]);
    const [invitation] = await recordedNotifications(hearth.db, 'new.manager@example.org');
    assert.equal(invitation.template, 'staff-invitation');
    assert.match(invitation.personalisation.link, /\/sign-in$/);
    // Stored, shown and audited in its canonical form (ASCII lower case).
    assert.match((await admin.get('/admin/invitations')).body, /new\.manager@example\.org/);
    const csv = await auditCsv();
    assert.match(csv, /"role\.granted","new\.manager@example\.org","\{""role"":""directory_manager""\}"/);
    assert.match(csv, /"admin@testshire\.example"/);

    // Once they sign in they are no longer waiting, and they are a directory manager.
    const manager = await signIn(hearth, 'new.manager@example.org');
    assert.match((await manager.get('/account')).body, /Directory manager/);
    assert.doesNotMatch((await admin.get('/admin/invitations')).body, /new\.manager@example\.org/);
  });

  it('takes a role away, audited; an admin cannot remove their own admin role', async () => {
    const person = await ensurePerson(hearth.db, 'leaver@example.org');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'request_handler', scope: 'Highways', grantedBy: null });
    await admin.get('/admin/people');
    const res = await admin.post('/admin/people/revoke', { person: person.id, role: 'request_handler', scope: 'Highways' });
    assert.equal(res.headers.location, `/admin/people?done=revoked&person=${person.id}&role=request_handler&scope=Highways`);
    assert.match((await admin.get(res.headers.location as string)).body, /You removed the role Request handler \(Highways\) from leaver@example\.org\./);
    assert.deepEqual(await grantsOf(hearth.db, person.id), []);
    assert.match(await auditCsv('?action=role.revoked'), /"role\.revoked","leaver@example\.org"/);

    const self = await ensurePerson(hearth.db, 'admin@testshire.example');
    await admin.get('/admin/people');
    const refused = await admin.post('/admin/people/revoke', { person: self.id, role: 'council_admin', scope: '' });
    assert.equal(refused.headers.location, '/admin/people?done=self');
    assert.equal((await grantsOf(hearth.db, self.id)).length, 1);
  });

  it('names each bad field of the role form in the error summary', async () => {
    await admin.get('/admin/people');
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ email: '', role: 'directory_manager' }, /Enter their email address/, '#email'],
      [{ email: 'x@example.org', role: 'overlord' }, /Select a role/, '#role'],
      // The directory holds no organisations yet: the organisation is typed as an id.
      [{ email: 'x@example.org', role: 'organisation_editor', scope: '' }, /id of the organisation/, '#organisation_id'],
      [{ email: 'x@example.org', role: 'organisation_editor', organisation_id: 'not-a-uuid' }, /Enter an organisation id/, '#organisation_id'],
      [{ email: 'x@example.org', role: 'request_handler', team: '' }, /team whose requests/, '#team'],
    ];
    for (const [form, message, href] of cases) {
      const res = await admin.post('/admin/people/grant', { scope: '', ...form });
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.match(res.body, /govuk-error-summary/);
      assert.match(res.body, message);
      assert.ok(res.body.includes(`href="${href}"`), href);
    }
  });

  it('answers a broken take-away or disable request with the error summary, never a silent redirect', async () => {
    await admin.get('/admin/people');
    const cases: [Record<string, string>, RegExp][] = [
      [{ person: 'not-an-id', role: 'directory_manager', scope: '' }, /did not name a person/],
      [{ role: 'directory_manager', scope: '' }, /did not name a person/],
      [{ person: '00000000-0000-4000-8000-000000000001', role: 'overlord', scope: '' }, /did not name a role/],
    ];
    for (const [form, message] of cases) {
      const res = await admin.post('/admin/people/revoke', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.match(res.body, /govuk-error-summary/);
      assert.match(res.body, message);
      assert.ok(res.body.includes('href="#people"'));
    }

    await setPlatformAdmin(hearth.db, (await ensurePerson(hearth.db, 'platform@testshire.example')).id, true);
    const platform = await signIn(hearth, 'platform@testshire.example');
    await platform.get('/admin/people');
    const malformed = await platform.post('/admin/people/disable', { person: 'x', disable: 'true' });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.body, /did not name a person/);
    const unknown = await platform.post('/admin/people/disable', { person: '00000000-0000-4000-8000-00000000abcd', disable: 'true' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /There is no such person/);
    assert.doesNotMatch(await auditCsv('?action=person.disabled'), /00000000-0000-4000-8000-00000000abcd/);
  });

  it('filters the audit log by who, what and when; refuses a bad date by name', async () => {
    const page = await admin.get('/admin/audit?actor=admin%40testshire&action=role.');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /role\.granted/);
    const future = await admin.get('/admin/audit?from=2999-01-01');
    assert.match(future.body, /No actions match/);
    const bad = await admin.get('/admin/audit?from=yesterday&to=2026-13-45');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#from"/);
    assert.match(bad.body, /href="#to"/);
    assert.equal((await admin.get('/admin/audit.csv?to=nonsense')).statusCode, 400);
  });

  it('exports CSV that a spreadsheet cannot run as formulas', async () => {
    await admin.get('/admin/people');
    await admin.post('/admin/people/grant', { email: 'x@example.org', role: 'request_handler', scope: '=HYPERLINK("http://evil")' });
    const res = await admin.get('/admin/audit.csv');
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="audit-testshire\.csv"/);
    assert.ok(res.body.startsWith('"when","who","action","target","detail","ip","user_agent"\r\n'));
    assert.doesNotMatch(res.body, /(^|,)"=HYPERLINK/m);
    assert.match(res.body, /""scope"":""=HYPERLINK/);
  });

  it('gives the role and says so when the invitation email cannot be sent, never a 500', async () => {
    // GOV.UK Notify refusing the message: the sender fails as the real one does when Notify is down.
    const notifications = hearth.ctx.notifications as unknown as { sender: { name: string; send(): Promise<undefined> } };
    const working = notifications.sender;
    notifications.sender = { name: 'failing', send: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) };
    try {
      await admin.get('/admin/people');
      const res = await admin.post('/admin/people/grant', { email: 'unreachable@example.org', role: 'directory_manager', scope: '' });
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /done=granted_not_sent/);
      const page = await admin.get(res.headers.location as string);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /You gave unreachable@example\.org the role Directory manager, but the invitation email could not be sent/);
      assert.doesNotMatch(page.body, /govuk-notification-banner--success/);
      const person = await ensurePerson(hearth.db, 'unreachable@example.org');
      assert.deepEqual(await grantsOf(hearth.db, person.id), [{ councilId: hearth.council.id, role: 'directory_manager', scope: null }]);
    } finally {
      notifications.sender = working;
    }
  });
});
