import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, formTokenOf, latestLink, pathOf, signIn } from '../../blocks/identity/support.js';

/**
 * Forged forms: every one is refused with the GOV.UK 403 page in the reader's language, never
 * a 500, and changes nothing.
 */
describe('CSRF: tokens bound to the session, origins checked', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
  });
  after(() => hearth.stop());

  /** Whether the person's sessions are all still live (sign-out-everywhere is the forged action). */
  const liveSessions = async (email: string) =>
    Number(
      (
        await hearth.db.query<{ n: string }>(
          'SELECT count(*) AS n FROM session s JOIN person p ON p.id = s.person_id WHERE p.email = $1 AND s.ended_at IS NULL',
          [email],
        )
      ).rows[0].n,
    );

  const assertRefused = (res: { statusCode: number; body: string }, welsh = false) => {
    assert.equal(res.statusCode, 403, res.body.slice(0, 200));
    assert.match(res.body, welsh ? /Mae(&#39;|'|’|&#x27;)n ddrwg gennym/ : /Sorry, we could not do that/);
  };

  it('accepts a form from the page it was given on', async () => {
    const sam = await signIn(hearth, 'accepted@example.org');
    await sam.get('/account');
    const res = await sam.post('/account/sign-out-everywhere', {});
    assert.equal(res.statusCode, 303);
  });

  it("refuses a token from another person's session", async () => {
    const victim = await signIn(hearth, 'victim1@example.org');
    const attacker = await signIn(hearth, 'attacker1@example.org');
    await attacker.get('/account');
    const token = formTokenOf(attacker.lastPage)!;
    // The attacker's token, in a form the victim's browser posts (with the victim's cookies).
    const res = await victim.post('/account/sign-out-everywhere', { _csrf: token }, { csrf: false });
    assertRefused(res);
    assert.equal(await liveSessions('victim1@example.org'), 1);
  });

  it('refuses a secret and token planted in the browser before sign-in (cookie injection)', async () => {
    // The attacker gets a secret and a token of their own, as anyone may...
    const attacker = new Browser(hearth);
    await attacker.get('/sign-in');
    const plantedSecret = attacker.jar.get('hearth_csrf')!;
    const plantedToken = formTokenOf(attacker.lastPage)!;
    // ...and plants the secret in the victim's browser (a sibling subdomain can set cookies).
    const victim = new Browser(hearth);
    victim.jar.set('hearth_csrf', plantedSecret);
    await victim.get('/sign-in');
    await victim.post('/sign-in', { email: 'victim2@example.org' });
    const link = await latestLink(hearth, 'victim2@example.org');
    const landing = await victim.get(pathOf(link!));
    const done = await victim.post('/sign-in/link', { token: /name="token" value="([^"]+)"/.exec(landing.body)![1] });
    assert.equal(done.statusCode, 303);
    assert.notEqual(victim.jar.get('hearth_csrf'), plantedSecret, 'signing in renews the secret');
    // The planted token is worthless, with the renewed secret and with the planted one put back.
    assertRefused(await victim.post('/account/sign-out-everywhere', { _csrf: plantedToken }, { csrf: false }));
    victim.jar.set('hearth_csrf', plantedSecret);
    assertRefused(await victim.post('/account/sign-out-everywhere', { _csrf: plantedToken }, { csrf: false }));
    assert.equal(await liveSessions('victim2@example.org'), 1);
  });

  it('treats two CSRF cookies, or two session cookies, as none', async () => {
    const sam = await signIn(hearth, 'duplicates@example.org');
    await sam.get('/account');
    const token = formTokenOf(sam.lastPage)!;
    const secret = sam.jar.get('hearth_csrf')!;
    const session = sam.jar.get('hearth_session')!;
    const post = (cookie: string) =>
      hearth.app.inject({
        method: 'POST',
        url: '/account/sign-out-everywhere',
        remoteAddress: sam.ip,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: `_csrf=${encodeURIComponent(token)}`,
      });
    // The right secret first, a planted one second (and the other way round): refused both ways.
    assertRefused(await post(`hearth_session=${session}; hearth_csrf=${secret}; hearth_csrf=planted`));
    assertRefused(await post(`hearth_session=${session}; hearth_csrf=planted; hearth_csrf=${secret}`));
    const twoSessions = await hearth.app.inject({ url: '/account', headers: { accept: 'text/html', cookie: `hearth_session=${session}; hearth_session=${session}` } });
    assert.equal(twoSessions.statusCode, 303, 'not signed in');
    assert.equal(await liveSessions('duplicates@example.org'), 1);
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site, and a post that says neither where it came from', async () => {
    const sam = await signIn(hearth, 'origins@example.org');
    const forged: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': '' },
    ];
    for (const headers of forged) {
      await sam.get('/account');
      assertRefused(await sam.post('/account/sign-out-everywhere', {}, { headers }));
    }
    await sam.get('/account?lang=cy');
    assertRefused(await sam.post('/account/sign-out-everywhere', {}, { headers: { origin: 'https://evil.example' } }), true);
    await sam.get('/account?lang=en');
    assert.equal(await liveSessions('origins@example.org'), 1);
    // The council's own address (development: http://localhost:{PORT}, or the address asked for).
    assert.equal((await sam.post('/account/sign-out-everywhere', {}, { headers: { origin: 'http://localhost:3000' } })).statusCode, 303);
  });

  it('refuses a form replayed after signing out', async () => {
    const sam = await signIn(hearth, 'replay@example.org');
    await sam.get('/account');
    const token = formTokenOf(sam.lastPage)!;
    const oldCookies = sam.jar.header();
    const out = await sam.post('/sign-out', {});
    assert.equal(out.statusCode, 303);
    for (const cookie of [oldCookies, sam.jar.header()]) {
      const res = await hearth.app.inject({
        method: 'POST',
        url: '/account/sessions/end',
        remoteAddress: sam.ip,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: `_csrf=${encodeURIComponent(token)}&session=x`,
      });
      assert.ok([303, 401, 403].includes(res.statusCode), `refused, not ${res.statusCode}`);
      assert.notEqual(res.statusCode, 500);
    }
    // A public form (sign-in) replayed with the old token is refused too: the secret was renewed.
    const replayed = await hearth.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: sam.ip,
      headers: { cookie: sam.jar.header(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: `_csrf=${encodeURIComponent(token)}&email=replay%40example.org`,
    });
    assertRefused(replayed);
  });

  it('leaves machine endpoints without cookies alone (the OAuth token endpoint)', async () => {
    const res = await hearth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: 'grant_type=client_credentials&client_id=nobody&client_secret=x',
    });
    assert.notEqual(res.statusCode, 403);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
  });
});

describe('CSRF and session cookies in production', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({
      env: {
        NODE_ENV: 'production',
        HEARTH_ENCRYPTION_KEYS: 'test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
        HEARTH_PUBLIC_URL: 'https://help.testshire.example',
        HEARTH_NOTIFY_API_KEY: 'test-key',
        HEARTH_NOTIFY_BASE_URL: 'http://127.0.0.1:9',
        HEARTH_NOTIFY_TEMPLATE_SIGN_IN: '11111111-2222-4333-8444-555555555555',
        HEARTH_NOTIFY_TEMPLATE_INVITATION: '66666666-7777-4888-9999-aaaaaaaaaaaa',
        HEARTH_NOTIFY_TEMPLATE_MESSAGE: '77777777-8888-4999-aaaa-bbbbbbbbbbbb',
      },
    });
  });
  after(() => hearth.stop());

  it('uses the __Host- prefix: Secure, Path=/, no Domain', async () => {
    const res = await hearth.app.inject({ url: '/sign-in', headers: { accept: 'text/html' } });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-hearth_csrf='));
    assert.ok(cookie, 'a __Host-hearth_csrf cookie');
    assert.match(cookie!, /; Secure/);
    assert.match(cookie!, /; Path=\/(;|$)/);
    assert.match(cookie!, /; HttpOnly/);
    assert.doesNotMatch(cookie!, /Domain=/i);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  });

  it("accepts the council's public origin and refuses another", async () => {
    const page = await hearth.app.inject({ url: '/sign-in', headers: { accept: 'text/html' } });
    const secret = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-hearth_csrf='))!.split(';')[0];
    const post = (origin: string) =>
      hearth.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: secret, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(formTokenOf(page.body)!)}&email=`,
      });
    assert.equal((await post('https://evil.example')).statusCode, 403);
    assert.equal((await post('http://help.testshire.example')).statusCode, 403, 'not over plain http');
    assert.equal((await post('https://help.testshire.example')).statusCode, 400, 'past the check: the empty address is named');
  });
});
