import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { startTestProvider, type TestProvider } from '../../../support/oidc-provider.js';
import { Browser } from '../support.js';

const HEARTH = 'http://hearth.test';

/**
 * A back-channel logout token must be one: typed `logout+jwt` when it says a type at all. An
 * ID token (typ JWT, or none) or another signed JWT of the provider's replayed to the logout
 * endpoint must not end anyone's session (Back-Channel Logout 1.0, sections 2.4 and 4.1).
 */
describe('identity: the back-channel logout token\'s type', () => {
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
      },
    });
  });
  after(async () => {
    await hearth?.stop();
    await provider?.close();
  });

  async function signedIn(account: string) {
    const browser = new Browser(hearth);
    const start = await browser.get('/sign-in/oidc');
    const back = await provider.signIn(String(start.headers.location), account);
    assert.equal((await browser.get(back.pathname + back.search)).statusCode, 303);
    const { rows } = await hearth.db.query<{ oidc_sid: string; oidc_id_token: string }>(
      `SELECT s.oidc_sid, s.oidc_id_token FROM session s JOIN person p ON p.id = s.person_id WHERE p.email = $1 AND s.ended_at IS NULL`,
      [`${account}@example.org`],
    );
    assert.ok(rows[0]?.oidc_sid);
    return { browser, sid: rows[0].oidc_sid, idToken: rows[0].oidc_id_token };
  }
  const post = (token: string) =>
    hearth.app.inject({ method: 'POST', url: '/oidc/backchannel-logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `logout_token=${token}` });

  it('refuses a token typed as anything but logout+jwt, though signed by the provider with every logout claim', async () => {
    const { browser, sid, idToken } = await signedIn('frank');
    for (const typ of ['JWT', 'at+jwt', 'secevent+jwt', 'application/jwt']) {
      const res = await post(await provider.logoutToken({ sid }, { typ }));
      assert.equal(res.statusCode, 400, typ);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(res.json().invalid_params[0].reason, /not a logout token/, typ);
    }
    const replayedIdToken = await post(idToken);
    assert.equal(replayedIdToken.statusCode, 400, 'the person\'s own ID token is not a logout token');
    assert.equal((await browser.get('/account')).statusCode, 200, 'still signed in');
  });

  it('accepts logout+jwt (with or without the application/ prefix)', async () => {
    const one = await signedIn('gwen');
    assert.deepEqual((await post(await provider.logoutToken({ sid: one.sid }, { typ: 'application/logout+jwt' }))).json(), { ended: 1 });
    assert.equal((await one.browser.get('/account')).statusCode, 303, 'signed out');
    const two = await signedIn('huw');
    assert.deepEqual((await post(await provider.logoutToken({ sid: two.sid }))).json(), { ended: 1 });
  });

  it('accepts a token with no typ, as the specification only recommends one, when it carries the logout event and no nonce', async () => {
    const { browser, sid } = await signedIn('ifan');
    assert.deepEqual((await post(await provider.logoutToken({ sid }, { typ: undefined }))).json(), { ended: 1 });
    assert.equal((await browser.get('/account')).statusCode, 303);
  });
});
