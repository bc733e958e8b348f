import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { createGrant } from '../../../../../src/blocks/vault/grants.js';
import { readItems, writeItems } from '../../../../../src/blocks/vault/record.js';
import { keyRingOf } from '../../../../../src/platform/crypto/key-ring.js';
import { recordedNotifications } from '../../../../../src/platform/notifications/notifications.js';
import type { TestHearth } from '../../../../support/app.js';
import { pathOf, signIn, type Browser } from '../../../identity/support.js';
import { hiddenFields, postPairs, startVaultHearth } from '../support.js';
import { chained } from '../../../../support/vault-log.js';

const DAY = 24 * 3600_000;

/** A UK date `days` from today as the form's date fields. */
function until(days: number): Record<string, string> {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * DAY)).split('-');
  return { 'until-day': String(Number(day)), 'until-month': String(Number(month)), 'until-year': year };
}

describe('vault: advocates\' pages — appoint, accept, act, and the resident sees it', () => {
  let hearth: TestHearth;
  let mum: Browser;
  let mumId: string;
  const mainText = (html: string) => (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
  const logCount = async () => (await (await chained(hearth.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log')).rows[0].n;

  /** The resident invites someone through the form and "Check your answers"; returns the emailed link's path. */
  async function invite(browser: Browser, fields: Record<string, string>, categories: string[]): Promise<string> {
    await browser.get('/my-record/advocates/new');
    const pairs: Array<[string, string]> = [...Object.entries(fields), ...categories.map((c): [string, string] => ['categories', c])];
    const check = await postPairs(hearth, browser, '/my-record/advocates/new', pairs);
    assert.equal(check.statusCode, 200, check.body.slice(0, 500));
    const sent = await postPairs(hearth, browser, '/my-record/advocates/confirm', hiddenFields(check.body));
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/my-record/advocates?done=invited');
    const [message] = await recordedNotifications(hearth.db, fields.email.toLowerCase());
    const link = /https?:\/\/\S+\/advocacy\/invitation\?token=[A-Za-z0-9_-]{43}/.exec(message?.personalisation.body ?? '')?.[0];
    assert.ok(link, `an invitation with its link was emailed: ${JSON.stringify(message)}`);
    return pathOf(link);
  }

  before(async () => {
    hearth = await startVaultHearth();
    mumId = (await ensurePerson(hearth.db, 'mary@example.org')).id;
    const source = { kind: 'resident' as const, name: 'Mary Mum' };
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mumId, 'name', [{ fullName: 'Mary Mum' }], source);
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mumId, 'address', [{ lines: ['1 Old Street'], town: 'Testford', postcode: 'TE1 1ST' }], source);
    await writeItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mumId, 'benefits', [{ held: ['pension_credit'] }], source);
    mum = await signIn(hearth, 'mary@example.org');
  });
  after(() => hearth.stop());

  it('names each problem on the form (400), and refuses a post without its anti-forgery token', async () => {
    const record = await mum.get('/my-record');
    assert.match(record.body, /href="\/my-record\/advocates"/, 'the record links to the resident\'s advocates');
    assert.match(record.body, /href="\/acting-for"/, 'and to the people they act for');
    await mum.get('/my-record/advocates/new');
    const bad = await postPairs(hearth, mum, '/my-record/advocates/new', [['advocate_name', ''], ['email', 'mary@example.org'], ['relationship', 'Daughter'], ['categories', 'nonsense'], ['access', 'read'], ['manage_grants', 'no'], ...Object.entries(until(400))]);
    assert.equal(bad.statusCode, 400);
    const text = mainText(bad.body);
    for (const message of ['Enter their full name', "Enter someone else's email address", 'Select only from the list', 'at most 366 days from today']) assert.ok(text.includes(message), `${message} in: ${text.slice(0, 600)}`);
    assert.match(bad.body, /href="#until-day"/);
    const forged = await mum.post('/my-record/advocates/confirm', { advocate_name: 'X', email: 'x@example.org' }, { csrf: false });
    assert.equal(forged.statusCode, 403);
  });

  it('invitation → acceptance (not by another address) → acting within the scope → every act in the resident\'s log, with both', async () => {
    const path = await invite(mum, { advocate_name: 'Dee Daughter', email: 'Dee@Example.org', relationship: 'Daughter', access: 'read_update', manage_grants: 'yes', ...until(180) }, ['name', 'address']);
    const list = await mum.get('/my-record/advocates');
    assert.match(mainText(list.body), /Dee Daughter .*Invited/);

    // Someone else signed in cannot use it, and it stays usable.
    const eve = await signIn(hearth, 'eve@example.org');
    const wrong = await eve.get(path);
    assert.equal(wrong.statusCode, 403);
    assert.match(mainText(wrong.body), /sent to a different email address/);
    const token = new URL(path, 'http://x').searchParams.get('token') ?? '';
    assert.equal((await eve.post('/advocacy/invitation/accept', { token })).statusCode, 403);

    const dee = await signIn(hearth, 'dee@example.org');
    const invitation = await dee.get(path);
    assert.equal(invitation.statusCode, 200);
    assert.match(mainText(invitation.body), /Mary Mum has asked you to act for them/);
    const accepted = await dee.post('/advocacy/invitation/accept', { token });
    assert.equal(accepted.headers.location, '/acting-for?done=accepted');
    assert.equal((await dee.get(path)).statusCode, 400, 'used up');

    const people = await dee.get('/acting-for');
    assert.match(mainText(people.body), /Mary Mum/);
    const href = /href="(\/acting-for\/[0-9a-f-]{36})"/.exec(people.body)?.[1];
    assert.ok(href);

    const before = await logCount();
    const record = await dee.get(href);
    assert.equal(record.statusCode, 200);
    const text = mainText(record.body);
    assert.ok(text.includes('You are acting for Mary Mum'), 'the banner');
    assert.ok(text.includes('1 Old Street'));
    assert.ok(!text.includes('Pension Credit'), 'nothing outside the scope');
    assert.equal(await logCount(), before + 1, 'the view is logged');

    // Changing the address: the record's own form, then the change written as the advocate's.
    const form = await dee.get(`${href}/change/address`);
    assert.equal(form.statusCode, 200);
    assert.ok(mainText(form.body).includes('You are acting for Mary Mum'));
    const invalid = await dee.post(`${href}/change/address`, { line1: '', town: 'Testford', postcode: 'nope' });
    assert.equal(invalid.statusCode, 400);
    const logged = await logCount();
    const saved = await dee.post(`${href}/change/address`, { line1: '2 New Road', line2: '', town: 'Testford', postcode: 'te1 2ab', uprn: '' });
    assert.equal(saved.statusCode, 303);
    assert.equal(await logCount(), logged + 1, 'a form with problems logged nothing; the change one entry');
    const [address] = await readItems(hearth.db, keyRingOf(hearth.db), hearth.council.id, mumId, ['address']);
    assert.deepEqual(address.source, { kind: 'advocate', name: 'Dee Daughter for Mary Mum' });

    // Outside the scope: a clear 403, nothing read.
    const outside = await logCount();
    const benefits = await dee.get(`${href}/change/benefits`);
    assert.equal(benefits.statusCode, 403);
    assert.match(mainText(benefits.body), /not part of what you were asked to act on/);
    assert.equal(await logCount(), outside);

    // The resident sees every act on "who has seen my information": the advocate, for them.
    const access = mainText((await mum.get('/my-record/access')).body);
    assert.match(access, /Dee Daughter, your advocate/);
    assert.match(access, /Acting for You/);
    assert.match(access, /Changed: Address/);
    assert.match(access, /Allowed by Their appointment to act for you/);
    // And on their record, who made the change.
    assert.match(mainText((await mum.get('/my-record')).body), /Dee Daughter for Mary Mum, acting for you/);

    // Their grants: an advocate who may manage them pauses one, as the advocate.
    await createGrant(hearth.db, { councilId: hearth.council.id, residentId: mumId, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read', purpose: 'Housing', lawfulBasis: 'consent', expiresAt: new Date(Date.now() + 30 * DAY) });
    const grants = await dee.get(`${href}/sharing`);
    assert.equal(grants.statusCode, 200);
    const pause = /action="(\/acting-for\/[^"]+\/pause)"/.exec(grants.body)?.[1];
    assert.ok(pause);
    assert.equal((await dee.post(pause, {})).statusCode, 303);
    const sharing = mainText((await mum.get('/my-record/sharing')).body);
    assert.match(sharing, /Paused/);
    // Withdrawing, final, asks first; then the grant is withdrawn as the advocate's act.
    const withdraw = /href="(\/acting-for\/[^"]+\/withdraw)"/.exec((await dee.get(`${href}/sharing`)).body)?.[1];
    assert.ok(withdraw);
    const ask = await dee.get(withdraw);
    assert.match(mainText(ask.body), /This cannot be undone/);
    assert.ok(mainText(ask.body).includes('You are acting for Mary Mum'));
    assert.equal((await dee.post(withdraw, {})).statusCode, 303);
    const grantPage = mainText((await mum.get(/href="(\/my-record\/sharing\/[0-9a-f-]{36})"/.exec((await mum.get('/my-record/sharing')).body)?.[1] ?? '')).body);
    assert.match(grantPage, /Withdrawn/);
    // Which advocate, by name (a resident may have several), on each line they made.
    assert.match(grantPage, /Paused\s*Dee Daughter, your advocate/);
    assert.match(grantPage, /Withdrawn\s*Dee Daughter, your advocate/);
    const lines = (await hearth.db.query<{ event: string; by_kind: string; by_id: string | null; by_name: string | null; on_behalf_of: string | null }>(
      `SELECT e.event, e.by_kind, e.by_id, e.by_name, e.on_behalf_of FROM vault_grant_event e JOIN vault_grant g ON g.council_id = e.council_id AND g.id = e.grant_id
        WHERE g.resident_id = $1 ORDER BY e.at, e.event`,
      [mumId],
    )).rows;
    const deeId = (await hearth.db.query<{ id: string }>("SELECT id FROM person WHERE email = 'dee@example.org'")).rows[0].id;
    assert.deepEqual(lines, [
      { event: 'given', by_kind: 'resident', by_id: null, by_name: null, on_behalf_of: null },
      { event: 'paused', by_kind: 'advocate', by_id: deeId, by_name: 'Dee Daughter', on_behalf_of: mumId },
      { event: 'withdrawn', by_kind: 'advocate', by_id: deeId, by_name: 'Dee Daughter', on_behalf_of: mumId },
    ]);
    // In Welsh too.
    const welsh = mainText((await mum.get(`/my-record/sharing/${/href="\/my-record\/sharing\/([0-9a-f-]{36})"/.exec((await mum.get('/my-record/sharing')).body)?.[1]}?lang=cy`)).body);
    assert.match(welsh, /Dee Daughter, eich eiriolwr/);
    await mum.get('/my-record?lang=en');

    // The resident ends it: at once, the advocate is refused and nothing is read.
    const end = /href="(\/my-record\/advocates\/[0-9a-f-]{36}\/end)"/.exec((await mum.get('/my-record/advocates')).body)?.[1];
    assert.ok(end);
    await mum.get(end);
    assert.equal((await mum.post(end, {})).statusCode, 303);
    const afterEnd = await logCount();
    const refused = await dee.get(href);
    assert.equal(refused.statusCode, 403);
    assert.match(mainText(refused.body), /not able to act for this person now/);
    assert.equal((await dee.post(`${href}/change/address`, { line1: '3 Other Road', town: 'Testford', postcode: 'TE1 3AB' })).statusCode, 403);
    assert.equal(await logCount(), afterEnd);
    assert.doesNotMatch(mainText((await dee.get('/acting-for')).body), /Mary Mum/);
  });

  it('an advocate who may only read is refused a change (403), and one may decline', async () => {
    const path = await invite(mum, { advocate_name: 'Fred Friend', email: 'fred@example.org', relationship: 'Friend', access: 'read', manage_grants: 'no', ...until(30) }, ['address']);
    const fred = await signIn(hearth, 'fred@example.org');
    await fred.get(path);
    const token = new URL(path, 'http://x').searchParams.get('token') ?? '';
    await fred.post('/advocacy/invitation/accept', { token });
    const href = /href="(\/acting-for\/[0-9a-f-]{36})"/.exec((await fred.get('/acting-for')).body)?.[1];
    assert.ok(href);
    const before = await logCount();
    assert.equal((await fred.get(`${href}/change/address`)).statusCode, 403);
    assert.equal((await fred.get(`${href}/sharing`)).statusCode, 403);
    assert.equal(await logCount(), before);
    // Someone else's appointment is not found at all.
    const eve = await signIn(hearth, 'eve2@example.org');
    assert.equal((await eve.get(href)).statusCode, 404);
    // The advocate steps down: at once.
    assert.equal((await fred.get(`${href}/end`)).statusCode, 200);
    assert.equal((await fred.post(`${href}/end`, {})).headers.location, '/acting-for?done=stepped_down');
    assert.equal((await fred.get(href)).statusCode, 403);
    assert.doesNotMatch(mainText((await fred.get('/acting-for')).body), /Mary Mum/);
    assert.equal(await logCount(), before);

    const declined = await invite(mum, { advocate_name: 'Gus', email: 'gus@example.org', relationship: 'Neighbour', access: 'read', manage_grants: 'no', ...until(30) }, ['name']);
    const gus = await signIn(hearth, 'gus@example.org');
    await gus.get(declined);
    const answer = await gus.post('/advocacy/invitation/decline', { token: new URL(declined, 'http://x').searchParams.get('token') ?? '' });
    assert.equal(answer.statusCode, 200);
    assert.match(mainText((await mum.get('/my-record/advocates')).body), /Gus .*Declined/);
  });

  it('answers odd input with a 4xx, never a 500', async () => {
    const odd: Array<[string, string, Record<string, string>?]> = [
      ['GET', '/acting-for/not-an-id'],
      ['GET', '/acting-for/00000000-0000-4000-8000-000000000000'],
      ['GET', '/acting-for/00000000-0000-4000-8000-000000000000/change/address'],
      ['GET', '/my-record/advocates/nope/end'],
      ['GET', '/my-record/advocates/00000000-0000-4000-8000-000000000000/end'],
      ['GET', '/advocacy/invitation'],
      ['GET', '/advocacy/invitation?token=%00%01'],
      ['GET', `/advocacy/invitation?token=${'a'.repeat(5000)}`],
      ['POST', '/advocacy/invitation/accept', {}],
      ['POST', '/advocacy/invitation/decline', { token: 'x'.repeat(43) }],
      ['POST', '/my-record/advocates/new', { categories: 'x'.repeat(10_000), 'until-day': '99', 'until-month': '-1', 'until-year': 'abcd' }],
      ['POST', '/my-record/advocates/confirm', { advocate_name: '\u0000' }],
    ];
    await mum.get('/my-record/advocates/new');
    for (const [method, url, form] of odd) {
      const res = method === 'GET' ? await mum.get(url) : await mum.post(url, form ?? {});
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${method} ${url} answered ${res.statusCode}`);
    }
  });

  it('a legal appointment: recorded by one officer, approved only by a second, then the attorney acts', async () => {
    const as = async (email: string) => {
      const person = await ensurePerson(hearth.db, email, email.split('@')[0]);
      await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'request_handler', scope: 'Housing options', grantedBy: null });
      return signIn(hearth, email);
    };
    const jo = await as('jo@testshire.example');
    const sam = await as('sam@testshire.example');
    const base = '/admin/vault/team/Housing%20options/advocates';
    assert.match((await jo.get('/admin')).body, /href="\/admin\/vault\/advocates"/, 'offered on /admin to a request handler');
    assert.equal((await jo.get('/admin/vault/advocates')).headers.location, base);
    assert.equal((await mum.get(base)).statusCode, 403, 'a resident is not staff');
    await jo.get(`${base}/new`);
    const bad = await jo.post(`${base}/new`, { resident_email: 'nobody@example.org', resident_name: '', evidence_ref: '', advocate_name: 'Al', email: 'al@example.org', relationship: 'Attorney', categories: 'benefits', access: 'read', manage_grants: 'no', ...until(300) });
    assert.equal(bad.statusCode, 400);
    for (const message of ['Nobody signs in with this email address here', "Enter the resident's full name", 'Enter the evidence reference']) assert.ok(mainText(bad.body).includes(message), message);
    const recorded = await jo.post(`${base}/new`, { resident_email: 'mary@example.org', resident_name: 'Mary Mum', evidence_ref: 'OPG 7000-1111-2222', advocate_name: 'Al Attorney', email: 'al@example.org', relationship: 'Attorney', categories: 'benefits', access: 'read', manage_grants: 'no', ...until(300) });
    assert.equal(recorded.statusCode, 303);
    const list = await jo.get(base);
    assert.match(mainText(list.body), /Al Attorney for Mary Mum .*Waiting for approval/);
    assert.doesNotMatch(list.body, /\/approve"/, 'the recorder is not offered approval');
    const id = /advocates\/([0-9a-f-]{36})\/end/.exec(list.body)?.[1];
    assert.ok(id);
    const own = await jo.post(`${base}/${id}/approve`, {});
    assert.equal(own.statusCode, 403);
    const al = await signIn(hearth, 'al@example.org');
    assert.doesNotMatch(mainText((await al.get('/acting-for')).body), /Mary Mum/, 'nothing before approval');
    await sam.get(base);
    assert.equal((await sam.post(`${base}/${id}/approve`, {})).headers.location, `${base}?done=approved`);
    const audit = (await hearth.db.query<{ action: string; actor_email: string }>('SELECT action, actor_email FROM audit_log WHERE target = $1 ORDER BY id', [id])).rows;
    assert.deepEqual(audit, [{ action: 'vault.advocate.recorded', actor_email: 'jo@testshire.example' }, { action: 'vault.advocate.approved', actor_email: 'sam@testshire.example' }]);
    const [told] = await recordedNotifications(hearth.db, 'al@example.org');
    assert.match(told.personalisation.subject, /You can now act for Mary Mum/);
    assert.match(told.personalisation.body, /\/acting-for/);
    const people = await al.get('/acting-for');
    assert.match(mainText(people.body), /Mary Mum/);
    const href = /href="(\/acting-for\/[0-9a-f-]{36})"/.exec(people.body)?.[1];
    assert.ok(href);
    const record = mainText((await al.get(href)).body);
    assert.ok(record.includes('Pension Credit'));
    assert.match(mainText((await mum.get('/my-record/advocates')).body), /Al Attorney .*Active .*Lasting power of attorney or deputyship/);
  });
});
