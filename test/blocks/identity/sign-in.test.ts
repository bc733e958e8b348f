import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { recordedNotifications } from '../../../src/platform/notifications/notifications.js';
import { SESSION_CACHE_MS, sessionClock } from '../../../src/blocks/identity/sessions/service.js';
import { addGrant, setDisabled, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, latestLink, pathOf, signIn } from './support.js';

describe('identity: sign-in by email link', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());
  afterEach(() => {
    sessionClock.now = () => new Date();
  });

  it('sends a one-time link, and the link signs the person in after a click (a POST, so scanners cannot use it)', async () => {
    const browser = new Browser(hearth);
    const form = await browser.get('/sign-in?return=/account');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Send me a sign-in link/);
    const sent = await browser.post('/sign-in', { email: 'Sam@Example.org', return: '/account' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/sign-in/check-email');
    const link = await latestLink(hearth, 'sam@example.org');
    assert.ok(link?.startsWith('http'), 'an absolute link is sent');
    const landing = await browser.get(pathOf(link!));
    assert.equal(landing.statusCode, 200);
    assert.equal(browser.jar.get('hearth_session'), undefined, 'opening the link alone does not sign in');
    const token = /name="token" value="([^"]+)"/.exec(landing.body)![1];
    // A second click while the first is on its way would use the link twice (the second finds it
    // used): with JavaScript, GOV.UK Frontend's button lets only the first through.
    assert.match(landing.body, /<button[^>]*data-prevent-double-click="true"/);
    assert.match(form.body, /<button[^>]*data-prevent-double-click="true"/);
    const done = await browser.post('/sign-in/link', { token });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/account');
    const cookie = String(done.headers['set-cookie']);
    const session = cookie.split(',').find((c) => c.startsWith('hearth_session='))!;
    assert.match(session, /^hearth_session=[A-Za-z0-9_-]{43};/);
    for (const attribute of [/; Path=\/(;|$)/, /; SameSite=Lax/, /; Max-Age=\d+/, /; HttpOnly/]) assert.match(session, attribute);
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /sam@example\.org/, 'the address in its canonical form');

    // The same link again: refused, clearly.
    const again = await new Browser(hearth).post('/sign-in/link', { token }, { csrf: false });
    assert.equal(again.statusCode, 403, 'a form without the CSRF token is refused first');
    const other = new Browser(hearth);
    await other.get('/sign-in');
    const reused = await other.post('/sign-in/link', { token });
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /already been used/);
  });

  it('emails one link when the form is sent twice (a double click), at once or in a row, both landing on "check your email"', async () => {
    for (const [how, together] of [['at once', true], ['in a row', false]] as const) {
      const browser = new Browser(hearth);
      const page = await browser.get('/sign-in');
      const once = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(once, 'the form carries a one-time id');
      const email = `twice-${together ? 'together' : 'apart'}@example.org`;
      const send = () => browser.post('/sign-in', { _once: once, email });
      const [a, b] = together ? await Promise.all([send(), send()]) : [await send(), await send()];
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303], how);
      assert.deepEqual([a.headers.location, b.headers.location], ['/sign-in/check-email', '/sign-in/check-email'], how);
      assert.equal((await recordedNotifications(hearth.db, email)).length, 1, `one link (${how})`);
      assert.equal((await hearth.db.query('SELECT 1 FROM email_link WHERE email = $1', [email])).rows.length, 1, how);
    }
    // The same page sent again for another address is another request.
    const browser = new Browser(hearth);
    const once = /name="_once" value="([0-9a-f-]{36})"/.exec((await browser.get('/sign-in')).body)![1];
    await browser.post('/sign-in', { _once: once, email: 'first-try@example.org' });
    await browser.post('/sign-in', { _once: once, email: 'second-try@example.org' });
    assert.equal((await recordedNotifications(hearth.db, 'second-try@example.org')).length, 1);
  });

  it('answers the same for an unknown address as for a known one (no account discovery)', async () => {
    const browser = new Browser(hearth);
    await browser.get('/sign-in');
    const unknown = await browser.post('/sign-in', { email: 'nobody-here@example.org' });
    const known = await browser.post('/sign-in', { email: 'sam@example.org' });
    assert.equal(unknown.statusCode, known.statusCode);
    assert.equal(unknown.headers.location, known.headers.location);
  });

  it('refuses forged, expired and malformed links with a message, never a 500', async () => {
    const browser = new Browser(hearth);
    for (const token of ['x'.repeat(43), 'short', '<script>', '']) {
      const res = await browser.get(`/sign-in/link?token=${encodeURIComponent(token)}`);
      assert.equal(res.statusCode, 400, token);
      assert.match(res.body, /does not work/);
    }
    await browser.get('/sign-in');
    await browser.post('/sign-in', { email: 'late@example.org' });
    const link = (await latestLink(hearth, 'late@example.org'))!;
    sessionClock.now = () => new Date(Date.now() + 16 * 60 * 1000);
    const res = await browser.get(pathOf(link));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /has expired/);
  });

  it('names the field when the address is missing or malformed (GOV.UK error summary)', async () => {
    const browser = new Browser(hearth);
    await browser.get('/sign-in');
    for (const [email, message] of [['', 'Enter your email address'], ['not-an-address', 'correct format']]) {
      const res = await browser.post('/sign-in', { email });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /govuk-error-summary/);
      assert.match(res.body, new RegExp(message));
      assert.match(res.body, /href="#email"/);
    }
  });

  it("records a staff member's sign-in in the council's audit log, and not a resident's", async () => {
    const staff = await ensurePerson(hearth.db, 'clerk@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: staff.id, role: 'directory_manager', scope: '', grantedBy: null });
    await signIn(hearth, 'clerk@testshire.example');
    await signIn(hearth, 'resident@example.org');
    const { rows } = await hearth.db.query<{ actor_email: string; detail: { method: string }; council_id: string; ip: string | null }>(
      `SELECT actor_email, detail, council_id, ip FROM audit_log WHERE action = 'session.started' ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.actor_email, r.detail.method, r.council_id]),
      [['clerk@testshire.example', 'email', hearth.council.id]],
    );
    assert.ok(rows[0].ip, 'from where');
  });

  it('sends no link to a disabled account, and refuses a link it had already', async () => {
    const browser = new Browser(hearth);
    await browser.get('/sign-in');
    await browser.post('/sign-in', { email: 'gone@example.org' });
    const link = (await latestLink(hearth, 'gone@example.org'))!;
    const person = await ensurePerson(hearth.db, 'gone@example.org');
    await setDisabled(hearth.db, person.id, true);
    const before = (await recordedNotifications(hearth.db, 'gone@example.org')).length;
    const res = await browser.post('/sign-in', { email: 'gone@example.org' });
    assert.equal(res.statusCode, 303, 'the same answer as for anyone');
    assert.equal((await recordedNotifications(hearth.db, 'gone@example.org')).length, before, 'no new link');
    await browser.get(pathOf(link));
    const token = new URL(link).searchParams.get('token')!;
    const refused = await browser.post('/sign-in/link', { token });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /cannot sign in/);
  });

  it('limits sign-in attempts: 429 with Retry-After', async () => {
    const browser = new Browser(hearth);
    await browser.get('/sign-in');
    let last;
    for (let i = 0; i < 32; i++) last = await browser.post('/sign-in', { email: `flood${i}@example.org` });
    assert.equal(last!.statusCode, 429);
    assert.match(String(last!.headers['retry-after']), /^\d+$/);
    assert.match(last!.body, /Too many/);
  });
});

describe('identity: sessions', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());
  afterEach(() => {
    sessionClock.now = () => new Date();
  });

  it('end after 30 minutes unused, and 12 hours after sign-in however busy', async () => {
    const start = Date.now();
    const idle = await signIn(hearth, 'idle@example.org');
    sessionClock.now = () => new Date(start + 31 * 60 * 1000);
    const res = await idle.get('/account');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/sign-in\?return=%2Faccount/);

    sessionClock.now = () => new Date(start);
    const busy = await signIn(hearth, 'busy@example.org');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      sessionClock.now = () => new Date(start + minutes * 60 * 1000);
      assert.equal((await busy.get('/account')).statusCode, 200, `still signed in at ${minutes} minutes`);
    }
    sessionClock.now = () => new Date(start + 12 * 60 * 60 * 1000 + 60_000);
    assert.equal((await busy.get('/account')).statusCode, 303);
  });

  it('gets a new id at sign-in: a session id planted before sign-in is worthless after', async () => {
    const first = await signIn(hearth, 'fixate@example.org');
    const planted = first.jar.get('hearth_session')!;
    // Signing in again on the same browser replaces (and ends) the session it had.
    const browser = new Browser(hearth);
    browser.jar.set('hearth_session', planted);
    await browser.get('/sign-in');
    await browser.post('/sign-in', { email: 'fixate@example.org' });
    const link = (await latestLink(hearth, 'fixate@example.org'))!;
    await browser.get(pathOf(link));
    await browser.post('/sign-in/link', { token: new URL(link).searchParams.get('token')! });
    assert.notEqual(browser.jar.get('hearth_session'), planted);
    assert.equal((await first.get('/account')).statusCode, 303, 'the planted id no longer works');
  });

  it('signs out everywhere: every browser of that person, and only theirs', async () => {
    const laptop = await signIn(hearth, 'two@example.org');
    const phone = await signIn(hearth, 'two@example.org');
    const someoneElse = await signIn(hearth, 'three@example.org');
    const account = await laptop.get('/account');
    assert.match(account.body, /Sign out everywhere/);
    const res = await laptop.post('/account/sign-out-everywhere', {});
    assert.equal(res.statusCode, 303);
    assert.equal((await laptop.get('/account')).statusCode, 303);
    assert.equal((await phone.get('/account')).statusCode, 303);
    assert.equal((await someoneElse.get('/account')).statusCode, 200);
  });

  it('sees a change made by another process within SESSION_CACHE_MS, and its own at once', async () => {
    const browser = await signIn(hearth, 'cached@example.org');
    const start = Date.now();
    sessionClock.now = () => new Date(start);
    assert.equal((await browser.get('/account')).statusCode, 200);
    // Another process disables the account (straight in the database): seen once the cache window passes.
    const person = await ensurePerson(hearth.db, 'cached@example.org');
    await setDisabled(hearth.db, person.id, true);
    sessionClock.now = () => new Date(start + SESSION_CACHE_MS + 1000);
    assert.equal((await browser.get('/account')).statusCode, 303);
    await setDisabled(hearth.db, person.id, false);
    sessionClock.now = () => new Date();
    // This process signing out everywhere is seen at once by every session.
    const a = await signIn(hearth, 'cached@example.org');
    const b = await signIn(hearth, 'cached@example.org');
    assert.equal((await b.get('/account')).statusCode, 200);
    await a.get('/account');
    await a.post('/account/sign-out-everywhere', {});
    assert.equal((await b.get('/account')).statusCode, 303);
  });

  it('signs out of this browser only', async () => {
    const a = await signIn(hearth, 'four@example.org');
    const b = await signIn(hearth, 'four@example.org');
    await a.get('/account');
    const res = await a.post('/sign-out', {});
    assert.equal(res.statusCode, 303);
    assert.equal((await a.get('/account')).statusCode, 303);
    assert.equal((await b.get('/account')).statusCode, 200);
  });
});
