import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import { readOidcSettings } from '../../../../src/blocks/identity/oidc/settings.js';
import { addGrant, ensurePerson, setDisabled } from '../../../../src/blocks/identity/sql/people.js';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { ConfigError } from '../../../../src/platform/config.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { BACKCHANNEL_EVENT, startTestProvider, type TestProvider } from '../../../support/oidc-provider.js';
import { Browser, pathOf } from '../support.js';

const HEARTH = 'http://hearth.test';

/** The browser's session cookie (named with `__Host-` in production). */
const sessionOf = (browser: Browser) => browser.jar.get('hearth_session') ?? browser.jar.get('__Host-hearth_session');

describe('identity: sign-in with an OpenID Connect provider (a real oidc-provider)', () => {
  let provider: TestProvider;
  let hearth: TestHearth;
  before(async () => {
    provider = await startTestProvider(HEARTH);
    hearth = await startTestHearth({
      env: {
        HEARTH_PUBLIC_URL: HEARTH,
        HEARTH_OIDC_ISSUER: provider.issuer,
        HEARTH_OIDC_ALLOW_HTTP: 'true',
        HEARTH_OIDC_CLIENT_ID: provider.clientId,
        HEARTH_OIDC_PRIVATE_KEY: provider.clientKeyPem,
        HEARTH_OIDC_PROFILE: 'govuk-one-login',
        HEARTH_OIDC_PROVIDER_NAME: 'Test Login',
      },
    });
  });
  after(async () => {
    await hearth.stop();
    await provider.close();
  });

  /** Start at Hearth, sign in at the provider, come back: the browser and the callback answer. */
  async function signInThroughProvider(account: string, tamper?: (callback: URL) => void) {
    const browser = new Browser(hearth);
    const start = await browser.get('/sign-in/oidc?return=/account');
    assert.equal(start.statusCode, 303);
    const authorization = new URL(String(start.headers.location));
    const back = await provider.signIn(authorization.href, account);
    tamper?.(back);
    const callback = await browser.get(back.pathname + back.search);
    return { browser, authorization, back, callback };
  }

  it('asks with PKCE (S256), state, nonce, vtr and the page language', async () => {
    const browser = new Browser(hearth);
    const res = await browser.get('/sign-in/oidc?lang=cy');
    const url = new URL(String(res.headers.location));
    assert.ok(url.href.startsWith(`${provider.issuer}/auth`));
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(url.searchParams.get('state'));
    assert.ok(url.searchParams.get('nonce'));
    assert.equal(url.searchParams.get('vtr'), '["Cl.Cm"]');
    assert.equal(url.searchParams.get('ui_locales'), 'cy');
    assert.equal(url.searchParams.get('redirect_uri'), `${HEARTH}/sign-in/oidc/callback`);
    assert.match((await browser.get('/sign-in?lang=en')).body, /Continue to Test Login/);
    assert.match((await browser.get('/sign-in?lang=cy')).body, /Parhau i Test Login/);
  });

  it('signs the person in end to end, linking the login to a person by verified email', async () => {
    const { browser, callback } = await signInThroughProvider('alice');
    assert.equal(callback.statusCode, 303, callback.body.slice(0, 300));
    assert.equal(callback.headers.location, '/account');
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /alice@example\.org/);
    assert.match(account.body, /sign-in provider/);
  });

  it('never signs in as an existing person on the provider’s word alone: the person confirms by a link to their stored address, in the same browser', async () => {
    const grace = await ensurePerson(hearth.db, 'grace@example.org');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: grace.id, role: 'council_admin', scope: '', grantedBy: null });
    const loginRows = async () => (await hearth.db.query('SELECT 1 FROM person_login WHERE person_id = $1', [grace.id])).rows.length;

    // The provider says its user's verified email is grace@example.org: not enough to be her.
    const { browser, callback } = await signInThroughProvider('grace');
    assert.equal(callback.statusCode, 200, callback.body.slice(0, 300));
    assert.match(callback.body, /Confirm it is you/);
    assert.equal(sessionOf(browser), undefined, 'no session');
    assert.equal(await loginRows(), 0, 'not linked');
    const [mail] = await recordedNotifications(hearth.db, 'grace@example.org');
    assert.ok(mail, 'a link went to the address Hearth has for her');
    const link = mail.personalisation.link;
    assert.match(link, /^http:\/\/hearth\.test\/sign-in\/oidc\/confirm\?token=[\w-]{43}$/);

    // Opened in another browser (the mailbox owner tricked into clicking it): nothing is linked.
    const other = new Browser(hearth);
    const elsewhere = await other.get(pathOf(link));
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.body, /only works in the browser where you signed in with Test Login/);
    const token = new URL(link).searchParams.get('token')!;
    await other.get('/sign-in');
    const forced = await other.post('/sign-in/oidc/confirm', { token });
    assert.equal(forced.statusCode, 400);
    assert.equal(sessionOf(other), undefined);
    assert.equal(await loginRows(), 0);

    // In the browser that signed in at the provider, by the holder of the mailbox: linked and signed in.
    const page = await browser.get(pathOf(link));
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store', 'the page of a live token is not kept');
    assert.match(page.body, /Confirm and sign in/);
    const done = await browser.post('/sign-in/oidc/confirm', { token });
    assert.equal(done.statusCode, 303, done.body.slice(0, 300));
    assert.equal(done.headers.location, '/account');
    assert.ok(sessionOf(browser));
    assert.match((await browser.get('/account')).body, /grace@example\.org/);
    assert.equal(await loginRows(), 1);
    const again = await browser.post('/sign-in/oidc/confirm', { token });
    assert.equal(again.statusCode, 400, 'once only');

    // From now on the provider's login is hers.
    const next = await signInThroughProvider('grace');
    assert.equal(next.callback.statusCode, 303);
    assert.ok(sessionOf(next.browser));
  });

  it('refuses a wrong state, and a code used twice, with a clear page (never a 500)', async () => {
    const wrongState = await signInThroughProvider('bob', (back) => back.searchParams.set('state', 'not-the-state'));
    assert.equal(wrongState.callback.statusCode, 400);
    assert.match(wrongState.callback.body, /did not work/);
    assert.equal(wrongState.browser.jar.get('hearth_session'), undefined);

    const { browser, back, callback } = await signInThroughProvider('carol');
    assert.equal(callback.statusCode, 303);
    // The same callback again (a replayed code): the pending sign-in is gone, and the code is spent.
    const replay = await browser.get(back.pathname + back.search);
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /timed out/);
    // A callback on a browser that never started a sign-in.
    const stranger = await new Browser(hearth).get(back.pathname + back.search);
    assert.equal(stranger.statusCode, 400);
  });

  it('refuses a disabled account with a clear page and no session, and lets it in again when enabled', async () => {
    const first = await signInThroughProvider('frank');
    assert.equal(first.callback.statusCode, 303);
    const { rows } = await hearth.db.query<{ id: string }>(`SELECT id FROM person WHERE email = 'frank@example.org'`);
    assert.equal(rows.length, 1);
    await setDisabled(hearth.db, rows[0].id, true);
    const refused = await signInThroughProvider('frank');
    assert.equal(refused.callback.statusCode, 403);
    assert.match(refused.callback.body, /You cannot sign in/);
    assert.match(refused.callback.body, /has been disabled/);
    assert.equal(refused.browser.jar.get('hearth_session'), undefined);
    await setDisabled(hearth.db, rows[0].id, false);
    assert.equal((await signInThroughProvider('frank')).callback.statusCode, 303);
  });

  it('an error from the provider is a clear page', async () => {
    const browser = new Browser(hearth);
    await browser.get('/sign-in/oidc');
    const res = await browser.get('/sign-in/oidc/callback?error=access_denied&error_description=The+user+said+no&state=x');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /did not work/);
  });

  it('signs out at the provider too (end_session with id_token_hint)', async () => {
    const { browser } = await signInThroughProvider('dave');
    await browser.get('/account');
    const res = await browser.post('/sign-out', {});
    assert.equal(res.statusCode, 303);
    const logout = new URL(String(res.headers.location));
    assert.ok(logout.href.startsWith(provider.issuer), logout.href);
    assert.ok(logout.searchParams.get('id_token_hint'));
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), `${HEARTH}/signed-out`);
    assert.equal((await browser.get('/account')).statusCode, 303);
    // The CSP lets the sign-out form's answer redirect to the provider, and nowhere else.
    assert.match(String(res.headers['content-security-policy']), new RegExp(`form-action 'self' ${provider.issuer.replace(/[.]/g, '\\.')};`));
  });

  it('ends sessions on a back-channel logout, and refuses forged, replayed and foreign tokens', async () => {
    const { browser } = await signInThroughProvider('erin');
    const { rows } = await hearth.db.query<{ oidc_sid: string }>(
      `SELECT s.oidc_sid FROM session s JOIN person p ON p.id = s.person_id WHERE p.email = 'erin@example.org' AND s.ended_at IS NULL`,
    );
    assert.ok(rows[0]?.oidc_sid, 'the ID token carried the provider session id');
    const post = (token: string) =>
      hearth.app.inject({ method: 'POST', url: '/oidc/backchannel-logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `logout_token=${token}` });

    const nonce = await provider.logoutToken({ sid: rows[0].oidc_sid, nonce: 'x' });
    assert.equal((await post(nonce)).statusCode, 400);
    const noEvent = await provider.logoutToken({ sid: rows[0].oidc_sid, events: {} });
    assert.equal((await post(noEvent)).statusCode, 400);
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ events: { [BACKCHANNEL_EVENT]: {} }, sid: rows[0].oidc_sid })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key' })
      .setIssuer(provider.issuer)
      .setAudience('hearth')
      .setIssuedAt()
      .setJti('forged')
      .sign(other.privateKey);
    const forgedRes = await post(forged);
    assert.equal(forgedRes.statusCode, 400);
    assert.match(forgedRes.body, /logout_token/);
    assert.equal((await browser.get('/account')).statusCode, 200, 'still signed in after refused tokens');

    const token = await provider.logoutToken({ sid: rows[0].oidc_sid });
    const ok = await post(token);
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(JSON.parse(ok.body), { ended: 1 });
    assert.equal((await browser.get('/account')).statusCode, 303, 'signed out by the provider');
    const replay = await post(token);
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /used before/);
    assert.equal((await post('')).statusCode, 400);
  });
});

describe('identity: OIDC settings', () => {
  it('names the variable that is wrong or missing', () => {
    assert.equal(readOidcSettings({}), undefined);
    assert.throws(() => readOidcSettings({ HEARTH_OIDC_ISSUER: 'not a url' }), (e: Error) => e instanceof ConfigError && /HEARTH_OIDC_ISSUER/.test(e.message));
    assert.throws(() => readOidcSettings({ HEARTH_OIDC_ISSUER: 'http://idp.example' }), /must use https/);
    assert.throws(() => readOidcSettings({ HEARTH_OIDC_ISSUER: 'https://idp.example' }), /HEARTH_OIDC_CLIENT_ID/);
    assert.throws(() => readOidcSettings({ HEARTH_OIDC_ISSUER: 'https://idp.example', HEARTH_OIDC_CLIENT_ID: 'x' }), /HEARTH_OIDC_PRIVATE_KEY_FILE/);
    assert.throws(
      () => readOidcSettings({ HEARTH_OIDC_ISSUER: 'https://oidc.account.gov.uk/', HEARTH_OIDC_CLIENT_ID: 'x', HEARTH_OIDC_CLIENT_SECRET: 's' }),
      /One Login authenticates clients with a private key/,
    );
    const generic = readOidcSettings({ HEARTH_OIDC_ISSUER: 'https://login.example.org/realms/council', HEARTH_OIDC_CLIENT_ID: 'hearth', HEARTH_OIDC_CLIENT_SECRET: 's' })!;
    assert.equal(generic.profile, 'generic');
    assert.equal(generic.vtr, undefined);
  });
});

describe('identity: OIDC sign-in with HEARTH_PUBLIC_URL unset, asked with a forged Host and X-Forwarded-Host', () => {
  // The provider would send the authorization code wherever redirect_uri says: it must be the
  // local address, even when a trusted proxy (here loopback) passes on a forged X-Forwarded-Host.
  const LOCAL = 'http://localhost:4332';
  let provider: TestProvider;
  let hearth: TestHearth;
  before(async () => {
    provider = await startTestProvider(LOCAL);
    hearth = await startTestHearth({
      env: {
        PORT: '4332',
        HEARTH_TRUST_PROXY: 'loopback',
        HEARTH_OIDC_ISSUER: provider.issuer,
        HEARTH_OIDC_ALLOW_HTTP: 'true',
        HEARTH_OIDC_CLIENT_ID: provider.clientId,
        HEARTH_OIDC_PRIVATE_KEY: provider.clientKeyPem,
        HEARTH_OIDC_PROFILE: 'govuk-one-login',
        HEARTH_OIDC_PROVIDER_NAME: 'Test Login',
      },
    });
    assert.equal(hearth.ctx.config.publicUrl, undefined);
  });
  after(async () => {
    await hearth?.stop();
    await provider?.close();
  });

  it('sends the provider a redirect_uri on the local address, never the forged host', async () => {
    for (const [remoteAddress, headers] of [
      ['127.0.0.1', { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }],
      ['127.0.0.1', { 'x-forwarded-host': 'evil.example' }],
      ['192.0.2.70', { host: 'evil.example:4332' }],
    ] as const) {
      const res = await hearth.app.inject({ url: '/sign-in/oidc', remoteAddress, headers: { accept: 'text/html', ...headers } });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const authorization = new URL(String(res.headers.location));
      assert.ok(authorization.href.startsWith(`${provider.issuer}/auth`));
      assert.equal(authorization.searchParams.get('redirect_uri'), `${LOCAL}/sign-in/oidc/callback`, JSON.stringify(headers));
      assert.equal(authorization.href.includes('evil.example'), false);
    }
  });
});
