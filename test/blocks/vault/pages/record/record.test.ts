import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../../../src/blocks/identity/sql/people.js';
import { withResidentAccess } from '../../../../../src/blocks/vault/gateway.js';
import { insertBasis, insertGrant } from '../../../../../src/blocks/vault/sql/grants.js';
import { startTestHearth, type TestHearth } from '../../../../support/app.js';
import { signIn, type Browser } from '../../../identity/support.js';
import { inCouncil } from '../../../../../src/blocks/vault/sql/scope.js';

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const mainText = (html: string) => decode((/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
/** The error summary's links: the field each names and what it says. */
const summary = (html: string) =>
  [...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], decode(m[2].trim())]);
const DAY = 24 * 3600 * 1000;

describe('vault: the resident\'s record (/my-record)', () => {
  let hearth: TestHearth;
  let ann: Browser;
  let ben: Browser;
  let annId: string;
  let admin: Browser;

  const events = async (residentId: string) =>
    (await hearth.db.query<{ type: string; subject: string; data: Record<string, unknown> }>("SELECT type, subject, data FROM outbox WHERE type = 'vault.record.changed' AND subject = $1 ORDER BY id", [residentId])).rows;
  const items = async (residentId: string, category: string) =>
    (await hearth.db.query<{ value: Record<string, unknown>; superseded_at: Date | null }>('SELECT value, superseded_at FROM vault_item WHERE resident_id = $1 AND category = $2 ORDER BY recorded_at', [residentId, category])).rows;

  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'identity,vault' } });
    annId = (await ensurePerson(hearth.db, 'ann@example.org')).id;
    const boss = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: boss.id, role: 'council_admin', scope: '', grantedBy: null });
    ann = await signIn(hearth, 'ann@example.org');
    ben = await signIn(hearth, 'ben@example.org');
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth?.stop());

  it('asks someone not signed in to sign in first', async () => {
    const res = await hearth.app.inject({ url: '/my-record', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /\/sign-in\?return=%2Fmy-record/);
    assert.equal((await hearth.app.inject({ url: '/my-record/download' })).statusCode, 303);
  });

  it('lists every category, none given yet, never cached, in English and Welsh; /account links to it', async () => {
    const res = await ann.get('/my-record');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const text = mainText(res.body);
    for (const name of ['Name', 'Contact details', 'How we contact you', 'Address', 'People you live with', 'Caring for someone', 'Disability or health condition', 'Benefits']) assert.match(text, new RegExp(name), name);
    assert.equal(text.match(/Not given/g)?.length, 8);
    assert.match(res.body, /href="\/my-record\/change\/name"/);
    assert.match(res.body, /href="\/my-record\/household"/);
    assert.match(res.body, /href="\/my-record\/sharing"/, 'to the resident\'s sharing pages');
    assert.match(res.body, /href="\/my-record\/access"/, 'and who has seen their information');
    assert.match(mainText((await ann.get('/my-record?lang=cy')).body), /Eich cofnod/);
    await ann.get('/my-record?lang=en');
    // The account leads to the single view, and that to the record.
    assert.match((await ann.get('/account')).body, /href="\/my-hearth"/);
    assert.match((await ann.get('/my-hearth')).body, /href="\/my-record"/);
  });

  it('saves a name, names each bad field in the error summary keeping what was typed, and writes one event without the value', async () => {
    await ann.get('/my-record/change/name');
    let res = await ann.post('/my-record/change/name', { fullName: '   ', preferredName: 'x'.repeat(101) });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['fullName', 'Enter your full name'],
      ['preferredName', 'The name you like to be called must be 100 characters or fewer'],
    ]);
    assert.match(res.body, new RegExp(`value="${'x'.repeat(101)}"`));
    res = await ann.post('/my-record/change/name', { fullName: 'Ann  Example', preferredName: 'Annie' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/my-record?saved=name');
    const page = mainText((await ann.get('/my-record?saved=name')).body);
    assert.match(page, /“Name” has been saved/);
    assert.match(page, /Ann Example Known as Annie/);
    assert.match(page, /From you, \d{1,2} [A-Z][a-z]+ \d{4}/);
    // The same form sent again (a double click, a retry) changes nothing.
    await ann.get('/my-record/change/name');
    assert.equal((await ann.post('/my-record/change/name', { fullName: 'Ann Example', preferredName: 'Annie' })).statusCode, 303);
    assert.equal((await items(annId, 'name')).length, 1);
    const sent = await events(annId);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].data.category, 'name');
    assert.equal(sent[0].data.residentId, annId);
    assert.equal((sent[0].data.items as string[]).length, 1);
    assert.doesNotMatch(JSON.stringify(sent[0]), /Ann Example|Annie/, 'the event carries ids, never the values');
  });

  it('checks an address (UK postcode, UPRN of 1 to 12 digits) and keeps the old one in the history', async () => {
    await ann.get('/my-record/change/address');
    let res = await ann.post('/my-record/change/address', { line1: '', town: 'Testbury', postcode: 'NOT A CODE', uprn: '1234567890123' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body).map(([field]) => field), ['line1', 'postcode', 'uprn']);
    assert.match(res.body, /value="NOT A CODE"/);
    res = await ann.post('/my-record/change/address', { line1: '1 High Street', line2: '', town: 'Testbury', postcode: 'ts11aa', uprn: '' });
    assert.equal(res.statusCode, 303);
    await ann.get('/my-record/change/address');
    assert.match(ann.lastPage, /value="TS1 1AA"/, 'the form shows what is held, the postcode as written on letters');
    res = await ann.post('/my-record/change/address', { line1: '2 New Road', town: 'Testbury', postcode: 'TS2 2BB', uprn: '100012345678' });
    assert.equal(res.statusCode, 303);
    const history = mainText((await ann.get('/my-record/history/address')).body);
    assert.match(history, /Current 2 New Road Testbury TS2 2BB UPRN 100012345678/);
    assert.match(history, /Replaced \d{1,2} [A-Z][a-z]+ \d{4} 1 High Street Testbury TS1 1AA/);
    const rows = await items(annId, 'address');
    assert.equal(rows.length, 2);
    assert.ok(rows[0].superseded_at && !rows[1].superseded_at);
    assert.equal((await ann.get('/my-record/history/nothing_here')).statusCode, 404);
  });

  it('checks contact details and preferences', async () => {
    await ann.get('/my-record/change/contact');
    let res = await ann.post('/my-record/change/contact', { email: 'not an email', phone: '12ab' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body).map(([field]) => field), ['email', 'phone']);
    assert.equal((await ann.post('/my-record/change/contact', { email: 'ann@example.org', phone: '07700 900982' })).statusCode, 303);
    await ann.get('/my-record/change/preferences');
    res = await ann.post('/my-record/change/preferences', { formats: 'smoke_signals' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['channel', 'Select how the council should contact you'],
      ['language', 'Select the language the council should use'],
      ['formats', 'Select formats from the list'],
    ]);
    res = await hearth.app.inject({
      method: 'POST', url: '/my-record/change/preferences', remoteAddress: ann.ip,
      headers: { cookie: ann.jar.header(), 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', accept: 'text/html' },
      payload: new URLSearchParams([['_csrf', /name="_csrf" value="([^"]+)"/.exec(ann.lastPage)![1]], ['channel', 'post'], ['language', 'cy'], ['formats', 'large_print'], ['formats', 'bsl']]).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.match(mainText((await ann.get('/my-record')).body), /Contact by Post Language: Welsh \(Cymraeg\) Formats: Large print, British Sign Language \(BSL\)/);
  });

  it('adds, changes and removes people in the household one at a time; the same person sent twice is added once', async () => {
    let res = await ann.get('/my-record/household/add');
    const once = /name="_once" value="([^"]+)"/.exec(res.body)?.[1];
    assert.ok(once);
    res = await ann.post('/my-record/household/add', { _once: once, memberName: 'Cai Example', relationship: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2010' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['relationship', 'Enter who they are to you'],
      ['dateOfBirth-day', 'Date of birth must be a real date'],
    ]);
    const fresh = /name="_once" value="([^"]+)"/.exec(res.body)![1];
    const member = { _once: fresh, memberName: 'Cai Example', relationship: 'son', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2010' };
    assert.equal((await ann.post('/my-record/household/add', member)).statusCode, 303);
    assert.equal((await ann.post('/my-record/household/add', member)).statusCode, 303);
    assert.equal((await items(annId, 'household')).length, 1, 'added once');
    await ann.get('/my-record/household/add');
    assert.equal((await ann.post('/my-record/household/add', { _once: randomUUID(), memberName: 'Dee Example', relationship: 'partner' })).statusCode, 303);
    res = await ann.get('/my-record/household?done=added');
    assert.match(mainText(res.body), /Cai Example \(son\) Born 3 April 2010/);
    const [caiId] = [...res.body.matchAll(/\/my-record\/household\/([0-9a-f-]{36})\/change/g)].map((m) => m[1]);
    // Ben sees none of it, and cannot change or remove Ann's people.
    assert.equal((await ben.get(`/my-record/household/${caiId}/change`)).statusCode, 404);
    assert.equal((await ben.get(`/my-record/household/${caiId}/remove`)).statusCode, 404);
    await ben.get('/my-record/household');
    assert.equal((await ben.post(`/my-record/household/${caiId}/remove`, {})).headers.location, '/my-record/household');
    assert.doesNotMatch(mainText((await ben.get('/my-record')).body), /Cai|Ann Example|High Street|New Road/);
    assert.equal((await items(annId, 'household')).filter((r) => !r.superseded_at).length, 2);
    // Ann changes one; removing asks first.
    await ann.get(`/my-record/household/${caiId}/change`);
    assert.match(ann.lastPage, /value="Cai Example"/);
    assert.equal((await ann.post(`/my-record/household/${caiId}/change`, { memberName: 'Cai Example', relationship: 'son', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2030' })).statusCode, 400);
    assert.equal((await ann.post(`/my-record/household/${caiId}/change`, { memberName: 'Cai Example-Jones', relationship: 'son' })).statusCode, 303);
    res = await ann.get('/my-record/household');
    assert.equal([...res.body.matchAll(/\/my-record\/household\/([0-9a-f-]{36})\/remove/g)].length, 2);
    const deeId = /Dee Example[\s\S]*?\/my-record\/household\/([0-9a-f-]{36})\/remove/.exec(res.body)![1];
    assert.match(mainText((await ann.get(`/my-record/household/${deeId}/remove`)).body), /Remove .* from the people you live with\?/);
    assert.equal((await ann.post(`/my-record/household/${deeId}/remove`, {})).headers.location, '/my-record/household?done=removed');
    assert.equal((await items(annId, 'household')).filter((r) => !r.superseded_at).length, 1);
    assert.match(mainText((await ann.get('/my-record')).body), /People you live with Cai Example-Jones \(son\) From you/);
    assert.equal((await ann.get(`/my-record/household/${caiId}/change`)).statusCode, 404, 'a superseded item is no longer a member');
    assert.match(mainText((await ann.get('/my-record/history/household')).body), /Current Cai Example-Jones \(son\).*Replaced .* Dee Example \(partner\).*Replaced .* Cai Example \(son\) Born 3 April 2010/);
  });

  it('seals circumstances at rest, and checks benefits against the list', async () => {
    await ann.get('/my-record/change/carer');
    assert.equal((await ann.post('/my-record/change/carer', { details: 'x' })).statusCode, 400);
    assert.deepEqual(summary(ann.lastPage), [['applies', 'Select yes if this applies to you, or no if it does not']]);
    assert.equal((await ann.post('/my-record/change/carer', { applies: 'yes', details: 'I care for my mother\r\nthree days a week' })).statusCode, 303);
    const [stored] = await items(annId, 'carer');
    assert.equal(stored.value.hearth_sealed, 1);
    assert.doesNotMatch(JSON.stringify(stored.value), /mother/);
    assert.match(mainText((await ann.get('/my-record')).body), /Caring for someone Sensitive Yes I care for my mother three days a week/);
    await ann.get('/my-record/change/benefits');
    assert.equal((await ann.post('/my-record/change/benefits', { held: 'free_money' })).statusCode, 400);
    assert.deepEqual(summary(ann.lastPage).map(([f]) => f), ['held']);
    assert.equal((await ann.post('/my-record/change/benefits', { held: 'universal_credit' })).statusCode, 303);
    assert.equal((await ann.get('/my-record/change/no_such_category')).statusCode, 404);
    assert.equal((await ann.get('/my-record/change/household')).statusCode, 404, 'the household has its own pages');
  });

  it('gives the resident a copy of everything: record with history, grants, and the access-log entries they may see, with their hashes', async () => {
    const grantId = randomUUID();
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertGrant(tx, hearth.council.id, {
      id: grantId, residentId: annId, granteeKind: 'team', grantee: 'Housing options', categories: ['address'], access: 'read',
      purpose: 'Housing application', lawfulBasis: 'consent', status: 'active', startsAt: new Date(Date.now() - DAY), expiresAt: new Date(Date.now() + 30 * DAY),
    }));
    const officer = { kind: 'staff' as const, personId: randomUUID(), name: 'Jo Officer', team: 'Housing options' };
    await withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: officer, residentId: annId, categories: ['address'], action: 'read' }, (a) => a.read());
    // An access under a safeguarding basis kept from the resident until a later date is not in their copy yet.
    const basisId = randomUUID();
    await inCouncil(hearth.db, hearth.council.id, (tx) => insertBasis(tx, hearth.council.id, {
      id: basisId, residentId: annId, team: 'Safeguarding', categories: ['household'], legalBasis: 'Care Act 2014 s42', purpose: 'Safeguarding enquiry',
      recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter: new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10),
    }));
    await withResidentAccess(hearth.db, { councilId: hearth.council.id, actor: { ...officer, team: 'Safeguarding' }, residentId: annId, categories: ['household'], action: 'read' }, (a) => a.read());

    const res = await ann.get('/my-record/download');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="my-record-testshire-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const copy = JSON.parse(res.body);
    assert.equal(copy.format, 'hearth.vault.record/1');
    assert.equal(copy.resident.id, annId);
    assert.equal(copy.categories.length, 8);
    const addresses = copy.items.filter((i: { category: string }) => i.category === 'address');
    assert.equal(addresses.length, 2, 'the history too');
    assert.equal(addresses.filter((i: { superseded_at: string | null }) => i.superseded_at === null)[0].value.postcode, 'TS2 2BB');
    assert.match(JSON.stringify(copy.items), /I care for my mother/, 'sealed values opened for their owner');
    assert.deepEqual(copy.grants.map((g: { id: string }) => g.id), [grantId]);
    assert.equal(copy.access_log.length, 1);
    assert.equal(copy.access_log[0].grant_id, grantId);
    assert.equal(copy.access_log[0].actor.name, 'Jo Officer');
    assert.match(copy.access_log[0].hash, /^[0-9a-f]{64}$/);
    assert.match(copy.access_log[0].prev_hash, /^[0-9a-f]{64}$/);
    // Ben's copy holds nothing of Ann's.
    const bens = JSON.parse((await ben.get('/my-record/download')).body);
    assert.deepEqual([bens.items.length, bens.grants.length, bens.access_log.length], [0, 0, 0]);
    assert.doesNotMatch(JSON.stringify(bens), /Ann Example|TS2 2BB/);
  });

  it('refuses a form without its anti-forgery token', async () => {
    await ann.get('/my-record/change/name');
    const res = await ann.post('/my-record/change/name', { fullName: 'Forged' }, { csrf: false });
    assert.equal(res.statusCode, 403);
    assert.equal((await items(annId, 'name')).filter((r) => !r.superseded_at)[0].value.fullName, 'Ann Example');
  });

  it('lets a council admin add a category of its own (audited), which residents then fill in, and retire it without losing what they hold', async () => {
    assert.equal((await ann.get('/admin/vault/categories')).statusCode, 403);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/vault\/categories"/);
    let res = await admin.get('/admin/vault/categories');
    assert.equal(res.statusCode, 200);
    assert.match(mainText(res.body), /Address Cyfeiriad address Standard Hearth \(built in\) 1/);
    await admin.get('/admin/vault/categories/new');
    res = await admin.post('/admin/vault/categories', { name_en: '', name_cy: 'x'.repeat(101), sensitivity: 'very' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      ['name_en', 'Enter the name in English'],
      ['name_cy', 'The name in Welsh must be 100 characters or fewer'],
      ['sensitivity', 'Select how sensitive it is'],
    ]);
    res = await admin.post('/admin/vault/categories', { name_en: 'Address', name_cy: 'Cyfeiriad', sensitivity: 'standard' });
    assert.deepEqual(summary(res.body), [['name_en', 'There is already a category with this name']]);
    const once = /name="_once" value="([^"]+)"/.exec(res.body)![1];
    res = await admin.post('/admin/vault/categories', { _once: once, name_en: 'Armed forces veteran', name_cy: 'Cyn-filwr y lluoedd arfog', sensitivity: 'sensitive' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/vault/categories?done=added&code=armed_forces_veteran');
    // Sent twice (a double click): added once, and the second lands where the first did.
    res = await admin.post('/admin/vault/categories', { _once: once, name_en: 'Armed forces veteran', name_cy: 'Cyn-filwr y lluoedd arfog', sensitivity: 'sensitive' });
    assert.equal(res.headers.location, '/admin/vault/categories?done=added&code=armed_forces_veteran');
    const audit = await hearth.db.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action LIKE 'vault.category.%' ORDER BY id");
    assert.deepEqual(audit.rows, [{ action: 'vault.category.added', target: 'armed_forces_veteran' }]);

    assert.match(mainText((await ann.get('/my-record')).body), /Armed forces veteran Sensitive Not given/);
    assert.match(mainText((await ann.get('/my-record?lang=cy')).body), /Cyn-filwr y lluoedd arfog/);
    await ann.get('/my-record/change/armed_forces_veteran?lang=en');
    assert.match(mainText(ann.lastPage), /Armed forces veteran: does this apply to you\?/);
    assert.equal((await ann.post('/my-record/change/armed_forces_veteran', { applies: 'yes' })).statusCode, 303);
    assert.equal((await items(annId, 'armed_forces_veteran'))[0].value.hearth_sealed, 1);

    await admin.get('/admin/vault/categories');
    res = await admin.post('/admin/vault/categories/armed_forces_veteran/retire', {});
    assert.equal(res.statusCode, 303);
    assert.match(mainText((await admin.get(String(res.headers.location))).body), /“Armed forces veteran” has been retired/);
    assert.equal((await admin.post('/admin/vault/categories/armed_forces_veteran/retire', {})).statusCode, 303, 'sent twice');
    assert.equal((await admin.post('/admin/vault/categories/no_such/retire', {})).statusCode, 404);
    assert.equal((await ann.get('/my-record/change/armed_forces_veteran')).statusCode, 404, 'no longer offered');
    const record = mainText((await ann.get('/my-record')).body);
    assert.match(record, /Armed forces veteran Sensitive No longer collected Yes/, 'what she holds stays hers');
    // A retired category nobody holds anything in is not on the record at all.
    await admin.get('/admin/vault/categories');
    await admin.post('/admin/vault/categories/disability/retire', {});
    assert.doesNotMatch(mainText((await ben.get('/my-record')).body), /Disability/);
    await admin.post('/admin/vault/categories/disability/restore', {});
    const actions = (await hearth.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'vault.category.%' ORDER BY id")).rows.map((r) => r.action);
    assert.deepEqual(actions, ['vault.category.added', 'vault.category.retired', 'vault.category.retired', 'vault.category.restored']);
  });
});
