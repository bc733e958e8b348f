import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { proposeChange, workingCopy } from '../../../../../src/blocks/directory/editing/changes.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import { insertChange } from '../../../../../src/blocks/directory/sql/changes.js';
import { getFullService } from '../../../../../src/blocks/directory/sql/oruk-read.js';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { recordedNotifications } from '../../../../../src/platform/notifications/notifications.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';
import { Browser, signIn } from '../../../identity/support.js';
import { copy, EDIT_IDS, loadEditingFixture } from '../../editing/fixture.js';

const VOLUNTEER = 'volunteer@lunch.example';

describe('directory managers’ pages: queue, decisions, history, organisations, requests to be listed', () => {
  let hearth: TestHearth;
  let manager: Browser;
  const as = async (email: string, role?: string, scope = '') => {
    const person = await ensurePerson(hearth.db, email);
    if (role) await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope, grantedBy: null });
    return signIn(hearth, email);
  };
  const audit = async (action: string) => (await hearth.db.query<{ actor_email: string }>('SELECT actor_email FROM audit_log WHERE action = $1', [action])).rows;
  /** Propose an edit of the lunch club as its volunteer would (the forms are another helper's). */
  const proposeLunchClub = async (edit: (s: Service) => void, language: 'en' | 'cy' = 'en') => {
    const working = await workingCopy(hearth.db, hearth.council.id, 'service', EDIT_IDS.lunchClub);
    const document = copy(working!.document as Service);
    edit(document);
    const result = await proposeChange(hearth.ctx, {
      councilId: hearth.council.id, organisationId: EDIT_IDS.lunchClubOrg, kind: 'service', id: EDIT_IDS.lunchClub, isNew: false, document,
      editor: { personId: null, email: VOLUNTEER, language }, note: 'Winter hours',
    });
    assert.ok('changeId' in result, JSON.stringify(result));
    return result.changeId;
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/\s+/g, ' ');

  before(async () => {
    hearth = await startTestHearth();
    await loadEditingFixture(hearth);
    manager = await as('manager@testshire.example', 'directory_manager');
  });
  after(() => hearth.stop());

  it('lists pending changes oldest first with a readable difference, and approves one from the queue', async () => {
    const changeId = await proposeLunchClub((s) => {
      s.schedules![0].closes_at = '15:00:00';
      s.cost_options!.push({ id: 'e0000000-0000-4000-8000-000700000002', option: 'Pudding', amount: 1, currency: 'GBP' });
    });
    const res = await manager.get('/admin/directory/changes');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const page = text(res.body);
    assert.match(page, /1 change waiting/);
    assert.match(page, /Chapel Lane lunch club/);
    assert.match(page, /Opening times Monday, 10am to 2pm changed to → Monday, 10am to 3pm/);
    assert.match(page, /Prices Added Pudding, £1/);
    assert.match(page, /Proposed by volunteer@lunch\.example/);
    assert.match(page, /Winter hours/);
    assert.doesNotMatch(res.body, /"closes_at"|\{"/, 'never JSON');
    // Filtered by another organisation: nothing.
    assert.match(text((await manager.get(`/admin/directory/changes?organisation=${EDIT_IDS.adviceOrg}`)).body), /no changes waiting/);
    // Welsh.
    assert.match(text((await manager.get('/admin/directory/changes?lang=cy')).body), /Amseroedd agor Dydd Llun, 10yb i 2yh/);
    await manager.get('/admin/directory/changes?lang=en');

    const approved = await manager.post(`/admin/directory/changes/${changeId}/approve`, { return_to: '/admin/directory/changes' });
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, `/admin/directory/changes?approved=${changeId}`);
    const after = text((await manager.get(approved.headers.location as string)).body);
    assert.match(after, /Chapel Lane lunch club is published/);
    assert.match(after, /We have emailed volunteer@lunch\.example/);
    assert.equal((await getFullService(hearth.db, hearth.council.id, EDIT_IDS.lunchClub))!.schedules![0].closes_at, '15:00:00');
    const [mail] = await recordedNotifications(hearth.db, VOLUNTEER);
    assert.match(mail.personalisation.subject, /is published/);
    assert.deepEqual((await audit('directory.change.approved')).map((r) => r.actor_email), ['manager@testshire.example']);
    // Approving again (a double submit) shows what became of it, never a 500.
    const again = await manager.post(`/admin/directory/changes/${changeId}/approve`, {});
    assert.equal(again.statusCode, 303);
    assert.match(text((await manager.get(again.headers.location as string)).body), /Approved and published/);
  });

  it('rejects only with a reason (GOV.UK error summary), and tells the editor in their language', async () => {
    const changeId = await proposeLunchClub((s) => (s.description = 'Closed for ever!!'), 'cy');
    await manager.get(`/admin/directory/changes/${changeId}`);
    const missing = await manager.post(`/admin/directory/changes/${changeId}/reject`, { reason: '   ' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(missing.body, /href="#reason"/);
    assert.match(missing.body, /Enter why you are rejecting the change/);
    assert.match(missing.body, /<title>Error: /);
    const rejected = await manager.post(`/admin/directory/changes/${changeId}/reject`, { reason: 'The club is still open.' });
    assert.equal(rejected.statusCode, 303);
    const [mail] = await recordedNotifications(hearth.db, VOLUNTEER);
    assert.match(mail.personalisation.subject, /Ni chafodd eich newid/);
    assert.match(mail.personalisation.body, /The club is still open\./);
    assert.equal((await audit('directory.change.rejected')).length, 1);
    // Ids that are not ids, and ids of nothing: 404, never a 500.
    assert.equal((await manager.get('/admin/directory/changes/not-an-id')).statusCode, 404);
    assert.equal((await manager.post('/admin/directory/changes/e0000000-0000-4000-8000-999999999999/approve', {})).statusCode, 404);
  });

  it('says when the listing changed since the editor began, showing the difference against what is published now', async () => {
    const changeId = await proposeLunchClub((s) => (s.name = 'Chapel Lane lunch and chat'));
    // Meanwhile a manager reverts the listing to its imported version.
    const reverted = await manager.post(`/admin/directory/services/${EDIT_IDS.lunchClub}/revert`, { version: '1' });
    assert.equal(reverted.statusCode, 303);
    const page = text((await manager.get(`/admin/directory/changes/${changeId}`)).body);
    assert.match(page, /This listing has changed since the editor started/);
    // Against now: the times the proposal carries (3pm) differ from the reverted 2pm.
    assert.match(page, /Opening times Monday, 10am to 2pm changed to → Monday, 10am to 3pm/);
    assert.match(page, /Name Chapel Lane lunch club changed to → Chapel Lane lunch and chat/);
  });

  it('shows the history, compares two versions in words, and reverts as a new version', async () => {
    const res = await manager.get(`/admin/directory/services/${EDIT_IDS.lunchClub}/history`);
    assert.equal(res.statusCode, 200);
    const page = text(res.body);
    assert.match(page, /History of Chapel Lane lunch club/);
    assert.match(page, /Reverted to version 1/);
    assert.match(page, /Change approved/);
    assert.match(page, /Imported/);
    assert.match(page, /A change to this listing is waiting for approval/);
    const compared = await manager.get(`/admin/directory/services/${EDIT_IDS.lunchClub}/compare?from=1&to=2`);
    assert.equal(compared.statusCode, 200);
    assert.match(text(compared.body), /Opening times Monday, 10am to 2pm changed to → Monday, 10am to 3pm/);
    const bad = await manager.get(`/admin/directory/services/${EDIT_IDS.lunchClub}/compare?from=1&to=77`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#to"/);
    const same = await manager.post(`/admin/directory/services/${EDIT_IDS.lunchClub}/revert`, { version: '3' });
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /nothing to revert/);
    const forged = await manager.post(`/admin/directory/services/${EDIT_IDS.lunchClub}/revert`, { version: '1; DROP TABLE' });
    assert.equal(forged.statusCode, 400);
    const back = await manager.post(`/admin/directory/services/${EDIT_IDS.lunchClub}/revert`, { version: '2' });
    assert.equal(back.statusCode, 303);
    assert.equal((await getFullService(hearth.db, hearth.council.id, EDIT_IDS.lunchClub))!.schedules![0].closes_at, '15:00:00');
    assert.equal((await audit('directory.listing.reverted')).length, 2);
    // A service never edited has no history yet, and says so; an unknown one is a 404.
    assert.match(text((await manager.get(`/admin/directory/services/${EDIT_IDS.advice}/history`)).body), /as it was imported/);
    assert.equal((await manager.get(`/admin/directory/services/${EDIT_IDS.newService}/history`)).statusCode, 404);
  });

  it('trusts an organisation and invites its first editor', async () => {
    const org = `/admin/directory/organisations/${EDIT_IDS.adviceOrg}`;
    assert.match(text((await manager.get('/admin/directory/organisations?q=advice')).body), /Ashdown Advice/);
    await manager.get(org);
    const trusted = await manager.post(`${org}/trust`, { trusted: 'yes' });
    assert.equal(trusted.statusCode, 303);
    assert.match(text((await manager.get(trusted.headers.location as string)).body), /published without approval/);
    assert.equal((await audit('directory.organisation.trusted')).length, 1);
    const missing = await manager.post(`${org}/editors`, { email: 'not an email' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#email"/);
    const invited = await manager.post(`${org}/editors`, { email: 'first.editor@advice.example' });
    assert.equal(invited.statusCode, 303);
    const [mail] = await recordedNotifications(hearth.db, 'first.editor@advice.example');
    assert.equal(mail.template, 'staff-invitation');
    const grant = await hearth.db.query<{ role: string; scope: string }>(
      `SELECT g.role, g.scope FROM role_grant g JOIN person p ON p.id = g.person_id WHERE p.email = 'first.editor@advice.example'`,
    );
    assert.deepEqual(grant.rows, [{ role: 'organisation_editor', scope: EDIT_IDS.adviceOrg }]);
    assert.equal((await audit('directory.editor.invited')).length, 1);
    assert.equal((await audit('role.granted')).length >= 1, true);
  });

  it('takes a request to be listed from the public form, and a manager accepts or declines it', async () => {
    const resident = new Browser(hearth);
    assert.equal((await resident.get('/ask-to-be-listed')).statusCode, 200);
    const empty = await resident.post('/ask-to-be-listed', { organisation_name: '', contact_email: 'nope', website: 'javascript:alert(1)' });
    assert.equal(empty.statusCode, 400);
    for (const field of ['organisation_name', 'contact_name', 'contact_email', 'description', 'area', 'website']) assert.match(empty.body, new RegExp(`href="#${field}"`), field);
    const asked = { organisation_name: 'Brookfield Men’s Shed', contact_name: 'Pat Jones', contact_email: 'Pat@Shed.EXAMPLE', contact_phone: '01632 960001', description: 'A workshop where men meet, make and mend.', area: 'Brookfield', website: 'https://shed.example' };
    const sent = await resident.post('/ask-to-be-listed', asked);
    assert.equal(sent.statusCode, 303, 'the answer is a page of its own (post/redirect/get)');
    assert.match(String(sent.headers.location), /^\/ask-to-be-listed\/sent\?request=[0-9a-f-]{36}$/);
    const confirmation = await resident.get(String(sent.headers.location));
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Request sent/);
    assert.match(confirmation.body, /Brookfield Men’s Shed/);
    // In Welsh: the form read in Welsh, so the answer is written in Welsh.
    assert.match((await resident.get('/ask-to-be-listed?lang=cy')).body, /Gofyn i'ch sefydliad gael ei restru|Gofyn i&#39;ch sefydliad/);
    assert.equal((await resident.post('/ask-to-be-listed', { ...asked, organisation_name: 'Clwb Garddio', contact_email: 'gardd@example.org' })).statusCode, 303);

    const list = await manager.get('/admin/directory/requests');
    assert.match(text(list.body), /2 requests waiting/);
    const [shed, garden] = (await hearth.db.query<{ id: string }>('SELECT id FROM listing_request ORDER BY requested_at')).rows;
    const accepted = await manager.post(`/admin/directory/requests/${shed.id}/accept`, {});
    assert.equal(accepted.statusCode, 303);
    const org = await hearth.db.query<{ id: string; name: string; website: string }>(`SELECT id, name, website FROM organization WHERE name = 'Brookfield Men’s Shed'`);
    assert.equal(org.rows.length, 1);
    // Typed as Pat@Shed.EXAMPLE, kept and mailed as identity keeps addresses: both messages are Pat's.
    const mails = await recordedNotifications(hearth.db, 'pat@shed.example');
    assert.deepEqual(mails.map((m) => m.template).sort(), ['message', 'staff-invitation']);
    // Accepting twice creates nothing more.
    assert.equal((await manager.post(`/admin/directory/requests/${shed.id}/accept`, {})).statusCode, 303);
    assert.equal((await hearth.db.query(`SELECT 1 FROM organization WHERE name = 'Brookfield Men’s Shed'`)).rows.length, 1);

    await manager.get(`/admin/directory/requests/${garden.id}`);
    assert.equal((await manager.post(`/admin/directory/requests/${garden.id}/decline`, { reason: '' })).statusCode, 400);
    assert.equal((await manager.post(`/admin/directory/requests/${garden.id}/decline`, { reason: 'We only list services in Testshire.' })).statusCode, 303);
    const [declined] = await recordedNotifications(hearth.db, 'gardd@example.org');
    assert.match(declined.personalisation.subject, /Eich cais/);
    assert.match(declined.personalisation.body, /We only list services in Testshire\./);
  });

  it('asks once when the form to be listed is sent twice (a double click), at once or in a row, both landing on the confirmation', async () => {
    const requests = async (name: string) => (await hearth.db.query('SELECT 1 FROM listing_request WHERE organisation_name = $1', [name])).rows.length;
    for (const [how, together] of [['at once', true], ['in a row', false]] as const) {
      const resident = new Browser(hearth);
      const page = await resident.get('/ask-to-be-listed');
      const once = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(once, 'the form carries a one-time id');
      const name = `Twice Club (${how})`;
      const asked = { _once: once, organisation_name: name, contact_name: 'Sam', contact_email: 'sam@twice.example', description: 'Meets twice.', area: 'Ashdown' };
      const [a, b] = together ? await Promise.all([resident.post('/ask-to-be-listed', asked), resident.post('/ask-to-be-listed', asked)]) : [await resident.post('/ask-to-be-listed', asked), await resident.post('/ask-to-be-listed', asked)];
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303], how);
      assert.equal(b.headers.location, a.headers.location, how);
      assert.match(text((await resident.get(String(b.headers.location))).body), new RegExp(`Request sent ${name.replace(/[()]/g, '\\$&')}`), how);
      assert.equal(await requests(name), 1, how);
    }
    // The confirmation without a request it knows still confirms, naming nothing.
    const bare = await new Browser(hearth).get('/ask-to-be-listed/sent?request=nope');
    assert.equal(bare.statusCode, 200);
    assert.match(bare.body, /Request sent/);
  });

  it('filters by a search of organisations’ names once more than 50 have changes waiting', async () => {
    const council = hearth.council.id;
    const base = (await workingCopy(hearth.db, council, 'service', EDIT_IDS.advice))!.document as Service;
    for (let n = 0; n < 51; n++) {
      const organisationId = `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      await hearth.db.query('INSERT INTO organization (council_id, id, name, description) VALUES ($1, $2, $3, $4)', [council, organisationId, `Group ${n} of Ashdown`, 'A group.']);
      await insertChange(hearth.db, {
        councilId: council, id: randomUUID(), kind: 'service', listingId: randomUUID(), organisationId, isNew: true,
        document: { ...base, name: `Service of group ${n}` }, baseDocument: null, baseVersion: 0, status: 'pending', note: null, language: 'en', personId: null, email: 'group@example.org',
      });
    }
    const page = await manager.get('/admin/directory/changes');
    assert.match(page.body, /id="organisation_name"/);
    assert.doesNotMatch(page.body, /<select[^>]*id="organisation"/);
    const found = text((await manager.get('/admin/directory/changes?organisation_name=Group%2017')).body);
    assert.match(found, /1 change waiting/);
    assert.match(found, /Service of group 17/);
    await hearth.db.query(`DELETE FROM listing_change WHERE proposed_by_email = 'group@example.org'`);
  });

  it('offers the directory’s landing on /admin, linking only to pages that exist', async () => {
    const admin = await manager.get('/admin');
    assert.match(admin.body, /href="\/admin\/directory"/);
    const landing = await manager.get('/admin/directory');
    assert.equal(landing.statusCode, 200);
    const links = [...landing.body.matchAll(/<h2 class="govuk-heading-s[^"]*"><a class="govuk-link" href="([^"]+)">/g)].map((m) => m[1]);
    for (const path of ['/admin/directory/changes', '/admin/directory/requests', '/admin/directory/organisations']) assert.ok(links.includes(path), path);
    // Each link is a route this server declares (others' pages are tested by their own tests).
    for (const path of links) assert.notEqual((await manager.get(path)).statusCode, 404, path);
    for (const path of ['/admin/directory/changes', '/admin/directory/requests', '/admin/directory/organisations']) assert.equal((await manager.get(path)).statusCode, 200, path);
  });

  it('refuses residents, the wrong organisation’s editor and signed-out browsers — never a 500', async () => {
    const pages = [
      '/admin/directory', '/admin/directory/changes', '/admin/directory/requests', '/admin/directory/organisations',
      `/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}`, `/admin/directory/services/${EDIT_IDS.lunchClub}/history`,
      `/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}/history`, `/admin/directory/services/${EDIT_IDS.lunchClub}/compare?from=1&to=2`,
    ];
    const resident = await as('resident@example.org');
    const editor = await as('volunteer-editor@lunch.example', 'organisation_editor', EDIT_IDS.lunchClubOrg);
    const stranger = new Browser(hearth);
    for (const path of pages) {
      assert.equal((await resident.get(path)).statusCode, 403, `resident ${path}`);
      assert.equal((await editor.get(path)).statusCode, 403, `editor ${path}`);
      const out = await stranger.get(path);
      assert.ok([302, 303].includes(out.statusCode), `signed out ${path}: ${out.statusCode}`);
    }
    const pending = (await hearth.db.query<{ id: string }>(`SELECT id FROM listing_change WHERE status = 'pending'`)).rows[0];
    await editor.get('/admin/listings').catch(() => undefined);
    const posts: [string, Record<string, string>][] = [
      [`/admin/directory/changes/${pending.id}/approve`, {}],
      [`/admin/directory/changes/${pending.id}/reject`, { reason: 'x' }],
      [`/admin/directory/services/${EDIT_IDS.lunchClub}/revert`, { version: '1' }],
      [`/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}/trust`, { trusted: 'yes' }],
      [`/admin/directory/organisations/${EDIT_IDS.lunchClubOrg}/editors`, { email: 'mate@lunch.example' }],
    ];
    for (const [path, form] of posts) {
      const res = await editor.post(path, form);
      assert.equal(res.statusCode, 403, `editor POST ${path}`);
      const out = await stranger.post(path, form);
      assert.ok(out.statusCode === 401 || out.statusCode === 403, `signed out POST ${path}: ${out.statusCode}`);
    }
    assert.equal((await hearth.db.query(`SELECT status FROM listing_change WHERE id = $1`, [pending.id])).rows[0].status, 'pending');
  });
});
