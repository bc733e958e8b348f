import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { readOidcSettings } from '../../../../src/blocks/identity/oidc/settings.js';
import { ConfigError } from '../../../../src/platform/config.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { startTestProvider, type TestProvider } from '../../../support/oidc-provider.js';
import { Browser } from '../support.js';

const HEARTH = 'http://hearth.test';

/** A Hearth signing in through `provider` with the GOV.UK One Login profile (vtr ["Cl.Cm"]). */
function hearthFor(provider: TestProvider): Promise<TestHearth> {
  return startTestHearth({
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
}

/** Start at Hearth, let `edit` change the address the browser is sent to, sign in, come back. */
async function signIn(hearth: TestHearth, provider: TestProvider, account: string, edit?: (authorization: URL) => void) {
  const browser = new Browser(hearth);
  const start = await browser.get('/sign-in/oidc?return=/account');
  assert.equal(start.statusCode, 303);
  const authorization = new URL(String(start.headers.location));
  edit?.(authorization);
  const back = await provider.signIn(authorization.href, account);
  const callback = await browser.get(back.pathname + back.search);
  return { browser, authorization, callback };
}

describe('identity: the level of confidence of a GOV.UK One Login sign-in', () => {
  describe('a provider that takes the authorization request in the address (no request objects)', () => {
    let provider: TestProvider;
    let hearth: TestHearth;
    /** What vot the provider gives for the vtr it received: the level asked for, unless a test says otherwise. */
    let vot: (vtr: string[] | undefined) => string | undefined = (vtr) => vtr?.[0];
    before(async () => {
      provider = await startTestProvider(HEARTH, { vot: (vtr) => vot(vtr) });
      hearth = await hearthFor(provider);
    });
    after(async () => {
      await hearth?.stop();
      await provider?.close();
    });

    it('signs in when the ID token\'s vot is the vtr asked for', async () => {
      const { authorization, callback } = await signIn(hearth, provider, 'amira');
      assert.equal(authorization.searchParams.get('vtr'), '["Cl.Cm"]');
      assert.equal(authorization.searchParams.get('request'), null, 'no request object where the provider does not support them');
      assert.equal(callback.statusCode, 303, callback.body.slice(0, 300));
    });

    it('refuses a sign-in whose vtr the person lowered in the address bar to skip the second factor', async () => {
      const { browser, callback } = await signIn(hearth, provider, 'mallory', (url) => url.searchParams.set('vtr', '["Cl"]'));
      assert.equal(callback.statusCode, 400);
      assert.match(callback.body, /You need to sign in with a higher level of security/);
      assert.equal(browser.jar.get('hearth_session'), undefined, 'no session');
      assert.equal((await browser.get('/account')).statusCode, 303, 'not signed in');
    });

    it('refuses an ID token with no vot when a vtr was asked for, in Welsh too', async () => {
      vot = () => undefined;
      try {
        const browser = new Browser(hearth);
        const start = await browser.get('/sign-in/oidc?lang=cy');
        const back = await provider.signIn(String(start.headers.location), 'nobody');
        const callback = await browser.get(back.pathname + back.search);
        assert.equal(callback.statusCode, 400);
        assert.match(callback.body, /Mae angen i chi fewngofnodi gyda lefel uwch o ddiogelwch/);
        assert.equal(browser.jar.get('hearth_session'), undefined);
      } finally {
        vot = (vtr) => vtr?.[0];
      }
    });
  });

  describe('a provider that supports signed request objects (JAR)', () => {
    let provider: TestProvider;
    let hearth: TestHearth;
    before(async () => {
      provider = await startTestProvider(HEARTH, { requestObjects: true });
      hearth = await hearthFor(provider);
    });
    after(async () => {
      await hearth?.stop();
      await provider?.close();
    });

    it('sends the request as a JWT signed with Hearth\'s key, vtr inside it', async () => {
      const { authorization, callback } = await signIn(hearth, provider, 'bethan');
      const request = authorization.searchParams.get('request');
      assert.ok(request, 'a request object');
      assert.equal(authorization.searchParams.get('vtr'), null, 'vtr is not in the address');
      assert.equal(authorization.searchParams.get('client_id'), provider.clientId);
      assert.equal(decodeProtectedHeader(request).alg, 'RS256');
      const claims = decodeJwt(request);
      assert.equal(claims.vtr, '["Cl.Cm"]');
      assert.equal(claims.iss, provider.clientId);
      assert.equal(claims.aud, provider.issuer);
      assert.equal(callback.statusCode, 303, callback.body.slice(0, 300));
    });

    it('a vtr added to the address is ignored: the provider keeps the signed one, and the sign-in keeps its level', async () => {
      const { browser, callback } = await signIn(hearth, provider, 'mallory2', (url) => url.searchParams.set('vtr', '["Cl"]'));
      assert.equal(callback.statusCode, 303, callback.body.slice(0, 300));
      assert.equal((await browser.get('/account')).statusCode, 200);
    });

    it('an edited request object is refused by the provider (its signature no longer matches)', async () => {
      const { callback } = await signIn(hearth, provider, 'mallory3', (url) => {
        const [h, p, s] = url.searchParams.get('request')!.split('.');
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        url.searchParams.set('request', [h, Buffer.from(JSON.stringify({ ...claims, vtr: '["Cl"]' })).toString('base64url'), s].join('.'));
      });
      assert.equal(callback.statusCode, 400, 'the provider answered with an error, shown as a clear page');
      assert.match(callback.body, /did not work/);
    });
  });

  it('settings: HEARTH_OIDC_VTR must be a JSON array of vectors; HEARTH_OIDC_SIGNED_REQUESTS auto or off', () => {
    const base = { HEARTH_OIDC_ISSUER: 'https://oidc.account.gov.uk/', HEARTH_OIDC_CLIENT_ID: 'c', HEARTH_OIDC_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----' };
    assert.deepEqual(readOidcSettings(base)?.acceptedVots, ['Cl.Cm']);
    assert.deepEqual(readOidcSettings({ ...base, HEARTH_OIDC_VTR: '["Cl.Cm.P2"]' })?.acceptedVots, ['Cl.Cm.P2']);
    for (const bad of ['Cl.Cm', '[]', '[1]', '["Cl Cm"]', '{"a":1}']) {
      assert.throws(() => readOidcSettings({ ...base, HEARTH_OIDC_VTR: bad }), (e: Error) => e instanceof ConfigError && /HEARTH_OIDC_VTR/.test(e.message), bad);
    }
    assert.equal(readOidcSettings(base)?.signedRequests, true, 'request objects where the provider takes them, by default');
    assert.equal(readOidcSettings({ ...base, HEARTH_OIDC_SIGNED_REQUESTS: 'off' })?.signedRequests, false);
    assert.throws(() => readOidcSettings({ ...base, HEARTH_OIDC_SIGNED_REQUESTS: 'yes' }), /HEARTH_OIDC_SIGNED_REQUESTS/);
    const generic = readOidcSettings({ HEARTH_OIDC_ISSUER: 'https://idp.example', HEARTH_OIDC_CLIENT_ID: 'c', HEARTH_OIDC_CLIENT_SECRET: 's' });
    assert.equal(generic?.acceptedVots, undefined, 'no vtr asked, no vot required');
  });
});
