import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { createHearth } from '../../../src/main.js';
import { readConfig } from '../../../src/platform/config.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { freshDatabase } from '../../support/db.js';
import { Browser, latestLink, pathOf, signIn } from './support.js';

/** Ask for a sign-in link as a new browser (its own IP, so the per-IP limit is not what is tested). */
async function askForLink(hearth: TestHearth, email: string, basePath = '') {
  const browser = new Browser(hearth);
  await browser.get(`${basePath}/sign-in`);
  return { browser, res: await browser.post(`${basePath}/sign-in`, { email }) };
}

/** Follow a sign-in link in this browser: the session cookie afterwards, if any. */
async function useLink(browser: Browser, link: string, basePath = '') {
  const landing = await browser.get(pathOf(link));
  const token = /name="token" value="([^"]+)"/.exec(landing.body)?.[1];
  assert.ok(token, `the link page has a sign-in button (${landing.statusCode})`);
  const done = await browser.post(`${basePath}/sign-in/link`, { token });
  return done;
}

const recipients = async (hearth: TestHearth) => (await recordedNotifications(hearth.db)).filter((m) => m.template === 'sign-in-link').map((m) => m.recipient);

describe('identity: sign-in cannot be taken over by a look-alike address', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
  });
  after(() => hearth.stop());

  it('a link asked for admİn@ (dotted capital I) does not sign in as admin@', async () => {
    const { browser, res } = await askForLink(hearth, 'admİn@testshire.example');
    assert.equal(res.statusCode, 303);
    const toAdmin = await latestLink(hearth, 'admin@testshire.example');
    assert.equal(toAdmin, undefined, 'nothing was sent to, or recorded for, the admin');
    const link = await latestLink(hearth, 'admİn@testshire.example');
    assert.ok(link, 'the look-alike address gets a link of its own');
    const done = await useLink(browser, link!);
    assert.equal(done.statusCode, 303);
    const account = await browser.get('/account');
    assert.match(account.body, /admİn@testshire\.example/);
    assert.doesNotMatch(account.body, /Council admin/);
    assert.equal((await browser.get('/admin/people')).statusCode, 403, 'not the admin');
    const { rows } = await hearth.db.query<{ email: string }>(`SELECT email FROM person WHERE email LIKE 'adm%' ORDER BY email`);
    assert.deepEqual(rows.map((r) => r.email).sort(), ['admin@testshire.example', 'admİn@testshire.example'].sort(), 'two people');
  });

  it('mails the link for any spelling of a known address to the address stored for that person, never the one typed', async () => {
    const kim = await ensurePerson(hearth.db, 'kim@testshire.example');
    for (const typed of ['\u212Aim@testshire.example', 'KIM@TestShire.Example', ' kim@testshire.example. ']) {
      const before = (await recipients(hearth)).length;
      const { res } = await askForLink(hearth, typed);
      assert.equal(res.statusCode, 303, typed);
      const sent = await recipients(hearth);
      assert.equal(sent.length, before + 1, typed);
      assert.equal(sent[0], kim.email, `${JSON.stringify(typed)} → ${sent[0]}`);
    }
    assert.deepEqual(await recordedNotifications(hearth.db, '\u212Aim@testshire.example'), [], 'nothing to the typed Kelvin-sign address');
  });

  it('refuses an address whose domain IDNA refuses, naming the field', async () => {
    for (const email of ['sam@-bad.example', 'sam@exa_mple.org', 'sam@xn--zz.example', 'sa\u200bm@example.org']) {
      const { res } = await askForLink(hearth, email);
      assert.equal(res.statusCode, 400, email);
      assert.match(res.body, /correct format/);
      assert.match(res.body, /href="#email"/);
    }
  });

  it('keeps sign-in links of an internationalised domain in its IDNA form, as sent', async () => {
    const { browser } = await askForLink(hearth, 'Zoë@Bücher.example');
    const link = await latestLink(hearth, 'Zoë@xn--bcher-kva.example');
    assert.ok(link);
    assert.equal((await useLink(browser, link!)).statusCode, 303);
    assert.match((await browser.get('/account')).body, /Zoë@xn--bcher-kva\.example/);
  });
});

describe('identity: after signing in, back to this site only', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());

  it('never sends the browser to another site, whatever return path the sign-in was started with', async () => {
    for (const [i, evil] of ['/.//evil.example', '//evil.example', '/\\evil.example', '/%2F%2Fevil.example', 'https://evil.example', '/%09/evil.example', '/\t/evil.example'].entries()) {
      const browser = new Browser(hearth);
      const form = await browser.get(`/sign-in?return=${encodeURIComponent(evil)}`);
      assert.match(form.body, /name="return" value="\/account"/, JSON.stringify(evil));
      await browser.post('/sign-in', { email: `traveller${i}@example.org`, return: evil });
      const done = await useLink(browser, (await latestLink(hearth, `traveller${i}@example.org`))!);
      assert.equal(done.headers.location, '/account', JSON.stringify(evil));
    }
  });
});

describe('identity: a flood of sign-in requests does not lock the owner out', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());

  it('sends at most five links per mailbox in 15 minutes (+tag and dotted variants included), quietly, and an earlier link still works', async () => {
    const first = await askForLink(hearth, 'victim@example.org');
    const earlier = (await latestLink(hearth, 'victim@example.org'))!;
    for (let i = 0; i < 4; i++) assert.equal((await askForLink(hearth, 'victim@example.org')).res.statusCode, 303);
    assert.equal((await recipients(hearth)).length, 5);
    // The attacker's fresh variants: each would have had a new count.
    for (const variant of ['victim+1@example.org', 'victim+2@example.org', 'v.ictim@example.org', 'victim.@example.org', 'victim@example.org.', 'VICTIM@example.org']) {
      const { res } = await askForLink(hearth, variant);
      assert.equal(res.statusCode, 303, variant);
      assert.equal(res.headers.location, '/sign-in/check-email', variant);
    }
    assert.equal((await recipients(hearth)).length, 5, 'no more mail to that mailbox');
    // The owner asks: the same page as always, not a 429 that refuses them.
    const owner = await askForLink(hearth, 'victim@example.org');
    assert.equal(owner.res.statusCode, 303);
    assert.equal(owner.res.headers.location, '/sign-in/check-email');
    assert.match((await owner.browser.get('/sign-in/check-email')).body, /Check your email/);
    // A link they already have signs them in.
    const done = await useLink(first.browser, earlier);
    assert.equal(done.statusCode, 303);
    assert.ok(first.browser.jar.get('hearth_session') ?? first.browser.jar.get('__Host-hearth_session'));
    // Another mailbox is not affected.
    await askForLink(hearth, 'neighbour@example.org');
    assert.ok(await latestLink(hearth, 'neighbour@example.org'));
  });
});

describe('identity: a staff sign-in through another council is in their own council’s audit log', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
  });
  after(() => hearth.stop());

  it('records session.started in the staff member’s council, saying which council’s pages they used', async () => {
    const clerk = await ensurePerson(hearth.db, 'clerk@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: clerk.id, role: 'directory_manager', scope: '' , grantedBy: null });
    await signIn(hearth, 'clerk@testshire.example', '/c/otherton');
    const { rows } = await hearth.db.query<{ council_id: string; actor_email: string; detail: { method: string; through?: string } }>(
      `SELECT council_id, actor_email, detail FROM audit_log WHERE action = 'session.started'`,
    );
    assert.deepEqual(
      rows.map((r) => [r.council_id, r.actor_email, r.detail.method, r.detail.through]),
      [[hearth.council.id, 'clerk@testshire.example', 'email', 'otherton']],
    );
  });
});

describe('identity: a sign-in link that could not be sent', () => {
  const lines: string[] = [];
  let hearth: TestHearth;
  let notify: ReturnType<typeof createServer>;
  before(async () => {
    notify = createServer(async (req, res) => {
      for await (const _ of req);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] }));
    });
    await new Promise<void>((resolve) => notify.listen(0, '127.0.0.1', resolve));
    const database = await freshDatabase();
    const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'info' });
    config.notify = {
      apiKey: 'hearth_test-11111111-2222-4333-8444-555555555555-66666666-7777-4888-9999-aaaaaaaaaaaa',
      baseUrl: `http://127.0.0.1:${(notify.address() as AddressInfo).port}`,
      templateIds: { 'sign-in-link': 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff', 'staff-invitation': 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff', message: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff' },
    };
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const created = await createHearth(config, { db: database.db, log, dispatch: false });
    const council = await addCouncil(database.db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
    await created.councils.reload();
    hearth = { ...created, council, database, stop: async () => (await created.close(), await database.close()) };
  });
  after(async () => {
    await hearth.stop();
    await new Promise<void>((resolve) => notify.close(() => resolve()));
  });

  it('is withdrawn, the person is told sending failed (in English and Welsh), and nothing secret is logged', async () => {
    const { browser, res } = await askForLink(hearth, 'sam@example.org');
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /We could not send the email/);
    assert.doesNotMatch(res.body, /Check your email/);
    const { rows } = await hearth.db.query(`SELECT 1 FROM email_link WHERE used_at IS NULL`);
    assert.equal(rows.length, 0, 'no usable link is left behind');
    await browser.get('/sign-in?lang=cy');
    const welsh = await browser.post('/sign-in', { email: 'sam@example.org' });
    assert.equal(welsh.statusCode, 503);
    assert.match(welsh.body, /Nid oeddem yn gallu anfon yr e-bost/);
    const logged = lines.join('');
    assert.match(logged, /notification not sent/);
    for (const secret of ['sam@example.org', 'token=', '/sign-in/link', '66666666-7777-4888-9999-aaaaaaaaaaaa', 'personalisation']) {
      assert.ok(!logged.includes(secret), `${secret} is not in the log`);
    }
  });
});
