import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { KEYS_MAX_AGE_MS, rotateSigningKeyIn, signingKeysClock, signingKeysFor } from '../../../../src/blocks/identity/partners/keys.js';
import { registerClient, rotateSigningKey } from '../../../../src/blocks/identity/partners/service.js';
import { ACCESS_TOKEN_SECONDS } from '../../../../src/blocks/identity/partners/tokens.js';
import { keyRingOf } from '../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../support/app.js';
import { basic, form, FORM_TYPE, freshAddress, issuerOf, startPartnersHearth } from './support.js';

/**
 * The verified-token cache must not outlive the key that signed a token, and no token may
 * claim a longer life than Hearth gives: the security review's low findings.
 */
describe('partner tokens: key withdrawal and lifetimes', () => {
  let hearth: TestHearth;
  let client: { clientId: string; secret: string };
  const realClock = signingKeysClock.now;

  const whoami = (accessToken: string) => hearth.app.inject({ method: 'GET', url: '/api/partner/whoami', headers: { authorization: `Bearer ${accessToken}` } });
  async function newToken(): Promise<string> {
    const res = await hearth.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: freshAddress(),
      headers: { ...FORM_TYPE, authorization: basic(client.clientId, client.secret) },
      payload: form({ grant_type: 'client_credentials' }),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().access_token;
  }

  before(async () => {
    hearth = await startPartnersHearth();
    const c = await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Ashdown NHS Trust', authMethod: 'client_secret', scopes: ['partner.read'] });
    client = { clientId: c.client.clientId, secret: c.secret! };
  });
  afterEach(() => {
    signingKeysClock.now = realClock;
  });
  after(() => hearth?.stop());

  it('a key withdrawn in this process: its tokens are refused at once, though verified and cached before', async () => {
    const token = await newToken();
    assert.equal((await whoami(token)).statusCode, 200);
    assert.equal((await whoami(token)).statusCode, 200, 'the second check is answered from the verified-token cache');
    const kids = await rotateSigningKey(hearth.db, { councilId: hearth.council.id }, { withdrawPrevious: true });
    assert.ok(kids.retired && kids.withdrawn.includes(kids.retired));
    const refused = await whoami(token);
    assert.equal(refused.statusCode, 401);
    assert.match(refused.json().detail, /key this council does not have/);
    const published = (await hearth.app.inject({ method: 'GET', url: '/oauth/jwks.json' })).json().keys as Array<{ kid: string }>;
    assert.deepEqual(published.map((k) => k.kid), [kids.current], 'the withdrawn key is no longer published');
    assert.equal((await whoami(await newToken())).statusCode, 200, 'tokens of the new key work');
  });

  it('a key withdrawn by another process: refused here within a minute, with no rotation seen in this process', async () => {
    const token = await newToken();
    assert.equal((await whoami(token)).statusCode, 200);
    // What another process does: the same rotation, in its own transaction, without touching this process's caches.
    await hearth.db.transaction((tx) => rotateSigningKeyIn(tx, hearth.council.id, { withdrawPrevious: true }, keyRingOf(hearth.db)));
    const start = realClock();
    signingKeysClock.now = () => start + KEYS_MAX_AGE_MS + 1;
    const refused = await whoami(token);
    assert.equal(refused.statusCode, 401, 'a cache a minute old is not trusted');
    assert.match(refused.json().detail, /key this council does not have/);
  });

  it('an ordinary rotation keeps the retired key accepted for tokens already issued', async () => {
    const token = await newToken();
    await rotateSigningKey(hearth.db, { councilId: hearth.council.id });
    assert.equal((await whoami(token)).statusCode, 200);
  });

  it('refuses a token signed with the council\'s key that claims a longer life, or an issue time in the future', async () => {
    const { kid, privateKey } = await signingKeysFor(hearth.db).current(hearth.council.id);
    const now = Math.floor(Date.now() / 1000);
    const forge = (iat: number, exp: number) =>
      new SignJWT({ client_id: client.clientId, council_id: hearth.council.id, scope: 'partner.read' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(issuerOf('testshire'))
        .setAudience('hearth')
        .setSubject(client.clientId)
        .setJti(crypto.randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(privateKey);
    assert.equal((await whoami(await forge(now, now + ACCESS_TOKEN_SECONDS))).statusCode, 200, 'the forger works within the limit');
    for (const [what, token] of [
      ['a day long', await forge(now, now + 86_400)],
      ['a year long', await forge(now - 60, now + 365 * 86_400)],
      ['issued in the future', await forge(now + 3600, now + 3600 + 60)],
    ] as const) {
      const res = await whoami(token);
      assert.equal(res.statusCode, 401, what);
      assert.match(res.json().detail, /lives longer than 300 seconds|issued in the future/, what);
    }
  });
});
