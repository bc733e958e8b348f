import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { signIn, type Browser } from '../support.js';

/** The audit table's rows: [when, sentence]. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<td class="govuk-table__cell hearth-audit__when">([^<]*)<\/td>\s*<td[^>]*>\s*<p class="govuk-body[^"]*">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]);

describe('identity: the audit log page', () => {
  let hearth: TestHearth;
  let admin: Browser;

  before(async () => {
    hearth = await startTestHearth();
    const person = await ensurePerson(hearth.db, 'jo@testshire.example', 'Jo Bloggs');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    admin = await signIn(hearth, 'jo@testshire.example');
  });
  after(() => hearth.stop());

  it('reads as sentences, newest first, naming the actor by name', async () => {
    await admin.get('/admin/people');
    await admin.post('/admin/people/grant', { email: 'sam@example.org', role: 'directory_manager' });
    const rows = rowsOf((await admin.get('/admin/audit')).body);
    assert.equal(rows[0][1], 'Jo Bloggs gave sam@example.org the role Directory manager');
    assert.match(rows[1][1], /^Jo Bloggs signed in with an email link from 10\.\d+\.\d+\.\d+$/);
    // In Welsh.
    const welsh = rowsOf((await admin.get('/admin/audit?lang=cy')).body);
    assert.equal(welsh[0][1], 'Rhoddodd Jo Bloggs y rôl Rheolwr y cyfeiriadur i sam@example.org');
    await admin.get('/admin/audit?lang=en');
  });

  it('filters by what happened, in words rather than action codes', async () => {
    const page = await admin.get('/admin/audit');
    const options = [.../<select[^>]*id="action"[\s\S]*?<\/select>/.exec(page.body)![0].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(options.slice(0, 3), [['', 'Everything'], ['session.started', 'Staff sign-ins'], ['role.', 'Roles given and removed']]);
    const roles = rowsOf((await admin.get('/admin/audit?action=role.')).body);
    assert.ok(roles.length >= 1);
    assert.ok(roles.every(([, sentence]) => / the role /.test(sentence)), JSON.stringify(roles));
    assert.match((await admin.get('/admin/audit?action=role.')).body, /<option value="role\." selected>/);
  });

  it('gives dates in London time, and the raw record behind a disclosure', async () => {
    // 23:30 UTC on 1 July is half past midnight on 2 July in London (summer time). No person id: named by address.
    await hearth.db.query(
      `INSERT INTO audit_log (council_id, at, actor_email, action, target, detail, ip, user_agent)
       VALUES ($1, '2026-07-01T23:30:00Z', 'jo@testshire.example', 'council.renamed', 'testshire', '{"from":"Testshire"}', '192.0.2.1', 'Firefox')`,
      [hearth.council.id],
    );
    const page = await admin.get('/admin/audit?action=council.renamed');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.deepEqual(rowsOf(page.body), [['2 Jul 2026, 00:30', 'jo@testshire.example made the change “council.renamed” to testshire']]);
    const details = /<details class="govuk-details[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
    for (const raw of ['council.renamed', 'jo@testshire.example', 'testshire', '{&quot;from&quot;:&quot;Testshire&quot;}', '192.0.2.1', 'Firefox']) {
      assert.ok(details.includes(`<code class="hearth-raw">${raw}</code>`), raw);
    }
    // Two columns: when, and what happened (the sentence with its details).
    assert.equal([...page.body.matchAll(/<th scope="col" class="govuk-table__header/g)].length, 2);
    // The CSV keeps the raw fields.
    const csv = (await admin.get('/admin/audit.csv?action=council.renamed')).body;
    assert.equal(csv, '"when","who","action","target","detail","ip","user_agent"\r\n"2026-07-01T23:30:00.000Z","jo@testshire.example","council.renamed","testshire","{""from"":""Testshire""}","192.0.2.1","Firefox"\r\n');
  });

  it('escapes what the log holds: a name or target is text, never markup', async () => {
    await hearth.db.query(
      `INSERT INTO audit_log (council_id, actor_email, action, target, detail) VALUES ($1, '<b>x</b>@example.org', 'role.granted', '<script>alert(1)</script>', '{"role":"<i>"}')`,
      [hearth.council.id],
    );
    const body = (await admin.get('/admin/audit?action=role.granted')).body;
    assert.doesNotMatch(body, /<script>alert|<b>x<\/b>|<i>/);
    assert.match(body, /&lt;b&gt;x&lt;\/b&gt;@example\.org gave &lt;script&gt;alert\(1\)&lt;\/script&gt; the role &lt;i&gt;/);
  });
});
