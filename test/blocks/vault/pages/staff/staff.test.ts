import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { AccessRefused, withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { createGrant, moveResidentGrant } from '../../../../../src/blocks/vault/grants.js';
import { insertGrant } from '../../../../../src/blocks/vault/sql/grants.js';
import { writeItems } from '../../../../../src/blocks/vault/record.js';
import { addCouncil } from '../../../../../src/platform/councils.js';
import { recordedNotifications } from '../../../../../src/platform/notifications/notifications.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../../support/app.js';
import { signIn, type Browser } from '../../../identity/support.js';
import { dateFields, postPairs, startVaultHearth } from '../support.js';
import { chained } from '../../../../support/vault-log.js';
import { inCouncil } from '../../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const TEAM = '/admin/vault/team/Housing%20options';

describe('vault: staff see a resident only through a live grant or basis to their team (/admin/vault)', () => {
  let hearth: TestHearth;
  let officer: Browser;
  let second: Browser;
  let admin: Browser;
  const residents: Record<string, string> = {};

  const as = async (email: string, grants: Array<[string, string]>) => {
    const person = await ensurePerson(hearth.db, email, email.split('@')[0]);
    for (const [role, scope] of grants) await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role, scope, grantedBy: null });
    return signIn(hearth, email);
  };
  const logCount = async () => (await (await chained(hearth.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log')).rows[0].n;
  const entries = async (since: number) =>
    (await (await chained(hearth.db)).query<{ resident_id: string; actor_kind: string; actor_name: string; organisation: string; action: string; categories: string[]; grant_id: string | null; basis_id: string | null }>(
      'SELECT resident_id, actor_kind, actor_name, organisation, action, categories, grant_id, basis_id FROM vault_access_log ORDER BY seq OFFSET $1', [since],
    )).rows;
  const mainText = (html: string) => (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const give = (residentId: string, over: Partial<Parameters<typeof createGrant>[1]> = {}) =>
    createGrant(hearth.db, {
      councilId: hearth.council.id, residentId, granteeKind: 'team', grantee: 'Housing options', categories: ['name', 'address'], access: 'read_update',
      purpose: 'Assessing my housing application', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY), ...over,
    });

  before(async () => {
    hearth = await startVaultHearth();
    const source = { kind: 'resident' as const, name: 'Themselves' };
    for (const [key, email, fullName] of [['ada', 'ada@example.org', 'Ada Lovelace'], ['ben', 'ben@example.org', 'Ben Jones'], ['cat', 'cat@example.org', 'Cat Evans']]) {
      residents[key] = (await ensurePerson(hearth.db, email)).id;
      await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residents[key], 'name', [{ fullName }], source);
      await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residents[key], 'address', [{ lines: [`1 ${key} Street`], town: 'Testford', postcode: 'TE1 1ST' }], source);
      await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, residents[key], 'benefits', [{ held: ['universal_credit'] }], source);
    }
    await give(residents.ada);
    // Ben shared his address, not his name, and only to read.
    await give(residents.ben, { categories: ['address'], access: 'read' });
    officer = await as('jo@testshire.example', [['request_handler', 'Housing options']]);
    second = await as('sam@testshire.example', [['request_handler', 'Housing options'], ['request_handler', 'Adult social care']]);
    admin = await as('admin@testshire.example', [['council_admin', '']]);
  });
  after(() => hearth.stop());

  it('takes a request handler to their team; offers a choice to one with several; refuses a council admin', async () => {
    const landing = await officer.get('/admin/vault');
    assert.equal(landing.statusCode, 303);
    assert.equal(landing.headers.location, TEAM);
    assert.match((await officer.get('/admin')).body, /href="\/admin\/vault"/, 'offered on /admin to a request handler');
    const choice = await second.get('/admin/vault');
    assert.equal(choice.statusCode, 200);
    assert.match(choice.body, /href="\/admin\/vault\/team\/Adult%20social%20care"/);
    assert.match(choice.body, /href="\/admin\/vault\/team\/Housing%20options"/);
    const refused = await admin.get('/admin/vault');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /You do not act for a team that can see residents/);
    assert.doesNotMatch((await admin.get('/admin')).body, /href="\/admin\/vault"/, 'not offered to an admin');
    // Being an admin does not open a team's page, nor does handling another team's requests.
    assert.equal((await admin.get(TEAM)).statusCode, 403);
    const other = await as('pat@testshire.example', [['request_handler', 'Highways']]);
    assert.equal((await other.get(TEAM)).statusCode, 403);
    assert.equal((await other.get(`${TEAM}/residents/${residents.ada}`)).statusCode, 403);
  });

  it('lists the team’s residents with purpose, categories and expiry; a name only through the gateway where granted (logged)', async () => {
    const before = await logCount();
    const list = await officer.get(TEAM);
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.headers['cache-control'], 'no-store');
    const text = mainText(list.body);
    assert.match(text, /Ada Lovelace/);
    assert.doesNotMatch(text, /Ben Jones/);
    assert.match(text, new RegExp(`Resident ${residents.ben.slice(0, 8).toUpperCase()}`));
    assert.doesNotMatch(text, /Cat Evans|Resident CAT/i);
    assert.match(text, /Assessing my housing application/);
    assert.match(text, /Name, Address/);
    const logged = await entries(before);
    assert.equal(logged.length, 1, 'one read: Ada’s name');
    assert.deepEqual([logged[0].resident_id, logged[0].action, logged[0].categories, logged[0].organisation, logged[0].actor_kind], [residents.ada, 'read', ['name'], 'Housing options', 'staff']);
  });

  it('opens a resident: what the grant covers, read through the gateway, one entry per view', async () => {
    const before = await logCount();
    const page = await officer.get(`${TEAM}/residents/${residents.ada}`);
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.headers['cache-control'], 'no-store');
    const text = mainText(page.body);
    assert.match(text, /Ada Lovelace/);
    assert.match(text, /1 ada Street/);
    assert.doesNotMatch(text, /Universal Credit/i, 'benefits were not granted');
    const logged = await entries(before);
    assert.equal(logged.length, 1);
    assert.deepEqual(logged[0].categories, ['address', 'name']);
    assert.ok(logged[0].grant_id);
    assert.equal(logged[0].actor_name, 'jo');
    await officer.get(`${TEAM}/residents/${residents.ada}`);
    assert.equal(await logCount(), before + 2, 'each view is logged');
  });

  it('refuses, with a 403 page and nothing logged: no grant, a withdrawn or paused one, another council’s resident', async () => {
    const before = await logCount();
    for (const id of [residents.cat, randomUUID()]) {
      const res = await officer.get(`${TEAM}/residents/${id}`);
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.body, /Your team cannot see this/);
      assert.match(res.body, /Nothing was read/);
    }
    const other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' }, hearth.blocks);
    await hearth.councils.reload();
    await createGrant(hearth.db, { councilId: other.id, residentId: residents.cat, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + DAY) });
    assert.equal((await officer.get(`${TEAM}/residents/${residents.cat}`)).statusCode, 403, 'a grant in another council gives nothing here');
    assert.equal((await officer.get(`${TEAM}/residents/not-an-id`)).statusCode, 404);
    // Paused, withdrawn, expired: refused the same way.
    const dee = (await ensurePerson(hearth.db, 'dee@example.org')).id;
    const grant = await give(dee, { categories: ['address'] });
    assert.equal((await officer.get(`${TEAM}/residents/${dee}`)).statusCode, 200);
    const before2 = await logCount();
    assert.ok(await moveResidentGrant(hearth.db, hearth.council.id, dee, grant.id, 'pause'));
    assert.equal((await officer.get(`${TEAM}/residents/${dee}`)).statusCode, 403);
    assert.ok(await moveResidentGrant(hearth.db, hearth.council.id, dee, grant.id, 'withdraw'));
    assert.equal((await officer.get(`${TEAM}/residents/${dee}`)).statusCode, 403);
    const eve = (await ensurePerson(hearth.db, 'eve@example.org')).id;
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertGrant(tx, hearth.council.id, { id: randomUUID(), residentId: eve, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read', purpose: 'x', lawfulBasis: 'consent', status: 'active', startsAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() - DAY) }));
    assert.equal((await officer.get(`${TEAM}/residents/${eve}`)).statusCode, 403);
    assert.equal(await logCount(), before2);
    assert.equal(before2, before + 1, 'only the one granted view was logged');
  });

  it('changes a category under a read-and-update grant, with the record’s own checks; never under a read grant', async () => {
    const form = `${TEAM}/residents/${residents.ada}/change/address`;
    let before = await logCount();
    const page = await officer.get(form);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="1 ada Street"/);
    assert.equal(await logCount(), before + 1, 'showing the values held is a logged read');
    before = await logCount();
    const bad = await officer.post(form, { line1: '', town: 'Testford', postcode: 'nowhere' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /href="#line1"/);
    assert.match(bad.body, /href="#postcode"/);
    assert.equal(await logCount(), before, 'a form with problems reads nothing');
    const good = await officer.post(form, { line1: '5 Moved Lane', line2: '', town: 'Testford', postcode: 'te2 2ab', uprn: '' });
    assert.equal(good.statusCode, 303);
    assert.equal(good.headers.location, `${TEAM}/residents/${residents.ada}?saved=address`);
    const [item] = await withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: { kind: 'staff', personId: randomUUID(), name: 'test', team: 'Housing options' }, residentId: residents.ada, categories: ['address'], action: 'read' }, (a) => a.read());
    assert.deepEqual(item.value, { lines: ['5 Moved Lane'], town: 'Testford', postcode: 'TE2 2AB' });
    assert.equal(item.source.kind, 'staff');
    assert.equal(item.source.name, 'jo (Housing options)');
    const logged = await entries(before);
    assert.deepEqual(logged.map((e) => e.action), ['update', 'read']);
    // The same form again (a double click): nothing more is written.
    await officer.get(form);
    await officer.post(form, { line1: '5 Moved Lane', line2: '', town: 'Testford', postcode: 'TE2 2AB', uprn: '' });
    const items = await hearth.db.query<{ n: number }>("SELECT count(*)::int AS n FROM vault_item WHERE resident_id = $1 AND category = 'address'", [residents.ada]);
    assert.equal(items.rows[0].n, 2);
    // Without the anti-forgery token: refused.
    assert.equal((await officer.post(form, { line1: 'Forged', town: 'Testford', postcode: 'TE1 1ST' }, { csrf: false })).statusCode, 403);
    // Ben's grant is read-only: no form, no change, nothing logged.
    before = await logCount();
    assert.equal((await officer.get(`${TEAM}/residents/${residents.ben}/change/address`)).statusCode, 403);
    await officer.get(`${TEAM}/residents/${residents.ada}`);
    before = await logCount();
    const refused = await officer.post(`${TEAM}/residents/${residents.ben}/change/address`, { line1: 'X', town: 'Testford', postcode: 'TE1 1ST' });
    assert.equal(refused.statusCode, 403);
    assert.equal(await logCount(), before);
  });

  it('asks a resident for access: a grant in "requested", which gives nothing until they accept; sent twice, one request', async () => {
    let page = await officer.get(`${TEAM}/request`);
    assert.equal(page.statusCode, 200);
    const bad = await postPairs(hearth, officer, `${TEAM}/request`, [['email', 'nobody@example.org'], ['purpose', ''], ['until-day', '31'], ['until-month', '2'], ['until-year', '2027']]);
    assert.equal(bad.statusCode, 400);
    for (const anchor of ['email', 'categories', 'access', 'purpose', 'lawful_basis', 'until-day']) assert.match(bad.body, new RegExp(`href="#${anchor}"`), anchor);
    assert.match(bad.body, /No one signs in with this email address/);
    page = await officer.get(`${TEAM}/request`);
    const formId = /name="_once" value="([^"]+)"/.exec(page.body)![1];
    const fields: Array<[string, string]> = [['_once', formId], ['email', 'cat@example.org'], ['categories', 'address'], ['categories', 'household'], ['access', 'read'], ['purpose', 'Rehousing after the flood'], ['lawful_basis', 'public_task'], ...Object.entries(dateFields(60))];
    const sent = await postPairs(hearth, officer, `${TEAM}/request`, fields);
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `${TEAM}?done=requested`);
    const again = await postPairs(hearth, officer, `${TEAM}/request`, fields);
    assert.equal(again.headers.location, `${TEAM}?done=requested`);
    const grants = await hearth.db.query<{ status: string; categories: string[]; grantee: string }>("SELECT status, categories, grantee FROM vault_grant WHERE resident_id = $1 AND council_id = $2", [residents.cat, hearth.council.id]);
    assert.deepEqual(grants.rows, [{ status: 'requested', categories: ['address', 'household'], grantee: 'Housing options' }]);
    assert.equal((await officer.get(`${TEAM}/residents/${residents.cat}`)).statusCode, 403, 'a request gives nothing until accepted');
    const mail = (await recordedNotifications(hearth.db, 'cat@example.org')).filter((m) => m.template === 'message');
    assert.equal(mail.length, 1, 'the resident is told once');
    assert.match(mail[0].personalisation.subject, /Housing options asks to see some of your information/);
    assert.match(mail[0].personalisation.body, /accept or refuse it: https?:\/\/[^ ]+\/my-record\/sharing/);
  });

  it('records a statutory basis; a sensitive one waits for a second officer (never the recorder), then reads under it; ended, it gives nothing', async () => {
    await officer.get(`${TEAM}/bases/new`);
    const bad = await postPairs(hearth, officer, `${TEAM}/bases/new`, [['email', 'cat@example.org'], ['legal_basis', ''], ['purpose', 'Safeguarding'], ['until-day', '1'], ['until-month', '1'], ['until-year', '2020'], ['disclose_after-day', '31'], ['disclose_after-month', '2'], ['disclose_after-year', '2027']]);
    assert.equal(bad.statusCode, 400);
    for (const anchor of ['categories', 'legal_basis', 'until-day', 'disclose_after-day']) assert.match(bad.body, new RegExp(`href="#${anchor}"`), anchor);
    const page = await officer.get(`${TEAM}/bases/new`);
    const formId = /name="_once" value="([^"]+)"/.exec(page.body)![1];
    const review = dateFields(90);
    const recorded = await postPairs(hearth, officer, `${TEAM}/bases/new`, [
      ['_once', formId], ['email', 'cat@example.org'], ['legal_basis', 'Care Act 2014 s.42 safeguarding enquiry'], ['categories', 'address'], ['categories', 'benefits'],
      ['purpose', 'Safeguarding enquiry'], ...Object.entries(dateFields(30)),
      ['disclose_after-day', review['until-day']], ['disclose_after-month', review['until-month']], ['disclose_after-year', review['until-year']],
    ]);
    assert.equal(recorded.statusCode, 303, recorded.body);
    assert.equal(recorded.headers.location, `${TEAM}/bases?done=awaiting`);
    const read = () => withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: { kind: 'staff', personId: randomUUID(), name: 't', team: 'Housing options' }, residentId: residents.cat, categories: ['benefits'], action: 'read' }, (a) => a.read());
    await assert.rejects(read(), AccessRefused, 'not in force until approved');
    const basis = (await hearth.db.query<{ id: string; status: string; disclose_after: string }>("SELECT id, status, to_char(disclose_after, 'YYYY-MM-DD') AS disclose_after FROM vault_basis WHERE resident_id = $1", [residents.cat])).rows[0];
    assert.equal(basis.status, 'awaiting_approval');
    // The recorder sees it waiting, without buttons, and cannot approve it by posting either.
    const own = await officer.get(`${TEAM}/bases`);
    assert.match(mainText(own.body), /You recorded this: another officer of your team must approve it/);
    assert.doesNotMatch(own.body, new RegExp(`${basis.id}/approve`));
    const refused = await officer.post(`${TEAM}/bases/${basis.id}/approve`, {});
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /You cannot approve a basis you recorded/);
    // Nor can the table be told otherwise.
    const recorder = (await ensurePerson(hearth.db, 'jo@testshire.example')).id;
    await assert.rejects(hearth.db.query("UPDATE vault_basis SET status = 'active', approved_by = $2 WHERE id = $1", [basis.id, recorder]));
    // The second officer approves it.
    const list = await second.get(`${TEAM}/bases`);
    assert.match(list.body, /Care Act 2014 s.42 safeguarding enquiry/);
    const approved = await second.post(`${TEAM}/bases/${basis.id}/approve`, {});
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, `${TEAM}/bases?done=approved`);
    assert.equal((await second.post(`${TEAM}/bases/${basis.id}/approve`, {})).headers.location, `${TEAM}/bases`, 'a second click changes nothing');
    const before = await logCount();
    const view = await officer.get(`${TEAM}/residents/${residents.cat}`);
    assert.equal(view.statusCode, 200, view.body);
    assert.match(mainText(view.body), /Universal Credit|universal_credit/i);
    const [entry] = await entries(before);
    assert.equal(entry.basis_id, basis.id);
    const audit = await hearth.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'vault.basis.%' ORDER BY id");
    assert.deepEqual(audit.rows.map((r) => r.action), ['vault.basis.recorded', 'vault.basis.approved']);
    const sentences = mainText((await admin.get('/admin/audit')).body);
    assert.match(sentences, /jo recorded a statutory basis \(Care Act 2014 s\.42 safeguarding enquiry\) for Housing options to see address, benefits, waiting for a second officer/);
    assert.match(sentences, /sam approved a statutory basis \(Care Act 2014 s\.42 safeguarding enquiry\)/);
    // Ended by the team: no more access.
    const ended = await officer.post(`${TEAM}/bases/${basis.id}/end`, {});
    assert.equal(ended.headers.location, `${TEAM}/bases?done=ended`);
    await assert.rejects(read(), AccessRefused);
  });

  it('puts a basis for standard categories in force at once, and lets a second officer decline a sensitive one', async () => {
    await officer.get(`${TEAM}/bases/new`);
    const standard = await postPairs(hearth, officer, `${TEAM}/bases/new`, [['email', 'ben@example.org'], ['legal_basis', 'Housing Act 1996 s.184 inquiry'], ['categories', 'household'], ['purpose', 'Homelessness inquiry'], ...Object.entries(dateFields(30))]);
    assert.equal(standard.headers.location, `${TEAM}/bases?done=recorded`);
    await officer.get(`${TEAM}/bases/new`);
    await postPairs(hearth, officer, `${TEAM}/bases/new`, [['email', 'ben@example.org'], ['legal_basis', 'Care Act 2014 s.42'], ['categories', 'disability'], ['purpose', 'Safeguarding'], ...Object.entries(dateFields(30))]);
    const waiting = (await hearth.db.query<{ id: string }>("SELECT id FROM vault_basis WHERE status = 'awaiting_approval'")).rows[0];
    await second.get(`${TEAM}/bases`);
    const declined = await second.post(`${TEAM}/bases/${waiting.id}/decline`, {});
    assert.equal(declined.headers.location, `${TEAM}/bases?done=declined`);
    const statuses = (await hearth.db.query<{ status: string }>("SELECT status FROM vault_basis WHERE resident_id = $1 ORDER BY created_at", [residents.ben])).rows.map((r) => r.status);
    assert.deepEqual(statuses, ['active', 'declined']);
    // Another team's officer cannot decide this team's bases.
    assert.equal((await second.post(`/admin/vault/team/Adult%20social%20care/bases/${waiting.id}/approve`, {})).statusCode, 303);
    assert.equal((await hearth.db.query<{ status: string }>('SELECT status FROM vault_basis WHERE id = $1', [waiting.id])).rows[0].status, 'declined');
  });

  it('reads as the council’s team whatever the case of the officer’s role scope', async () => {
    const lower = await as('kim@testshire.example', [['request_handler', 'housing options']]);
    const landing = await lower.get('/admin/vault');
    assert.equal(landing.headers.location, '/admin/vault/team/housing%20options');
    const before = await logCount();
    const page = await lower.get(`/admin/vault/team/housing%20options/residents/${residents.ada}`);
    assert.equal(page.statusCode, 200, page.body);
    const [entry] = await entries(before);
    assert.equal(entry.organisation, 'Housing options', 'logged as the team the grant names');
  });

  it('speaks Welsh', async () => {
    const page = await officer.get(`${TEAM}?lang=cy`);
    assert.match(mainText(page.body), /Preswylwyr y gall eich tîm eu gweld/);
    await officer.get(`${TEAM}?lang=en`);
  });
});
