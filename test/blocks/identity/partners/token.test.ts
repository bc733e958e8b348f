import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { signingKeysFor } from '../../../../src/blocks/identity/partners/keys.js';
import { remotePartnerKeysFor } from '../../../../src/blocks/identity/partners/remote-jwks.js';
import { disableClient, registerClient, rotateSecret, rotateSigningKey } from '../../../../src/blocks/identity/partners/service.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { safeFetcher, SafeFetcher } from '../../../../src/platform/http/safe-fetch.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { startHttpsServer } from '../../../support/https-server.js';
import { basic, clientAssertion, form, FORM_TYPE, freshAddress, issuerOf, partnerKey, startPartnersHearth, type PartnerKey } from './support.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('partner systems: OAuth 2 client credentials', () => {
  let hearth: TestHearth;
  let other: Council;
  let key: PartnerKey;
  let secretClient: { clientId: string; secret: string; id: string };
  let jwtClient: { clientId: string; id: string };
  const actor = () => ({ councilId: hearth.council.id });
  const tokenUrl = () => `${issuerOf('testshire')}/oauth/token`;

  const token = (fields: Record<string, string>, headers: Record<string, string> = {}, prefix = '', remoteAddress = freshAddress()) =>
    hearth.app.inject({ method: 'POST', url: `${prefix}/oauth/token`, remoteAddress, headers: { ...FORM_TYPE, ...headers }, payload: form(fields) });
  const whoami = (accessToken: string | undefined, prefix = '') =>
    hearth.app.inject({ method: 'GET', url: `${prefix}/api/partner/whoami`, headers: accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` } });

  /** An OAuth error answer: status, error code, no-store, and a description matching `description`. */
  function assertOAuthError(res: Awaited<ReturnType<typeof token>>, status: number, error: string, description?: RegExp) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.json();
    assert.equal(body.error, error, res.body);
    if (description) assert.match(body.error_description, description);
    if (status === 401) assert.match(String(res.headers['www-authenticate']), /^Basic realm="hearth"/);
  }

  async function secretToken(scope?: string): Promise<string> {
    const res = await token({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, { authorization: basic(secretClient.clientId, secretClient.secret) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().access_token;
  }

  before(async () => {
    hearth = await startPartnersHearth();
    other = await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    key = await partnerKey();
    const s = await registerClient(hearth.db, actor(), { name: 'Ashdown NHS Trust', authMethod: 'client_secret', scopes: ['partner.read', 'vault.read'] });
    secretClient = { clientId: s.client.clientId, secret: s.secret!, id: s.client.id };
    const j = await registerClient(hearth.db, actor(), { name: 'Ashdown Homes', authMethod: 'private_key_jwt', jwks: JSON.stringify(key.jwks), scopes: ['partner.read'] });
    assert.equal(j.secret, undefined);
    jwtClient = { clientId: j.client.clientId, id: j.client.id };
  });
  after(() => hearth?.stop());

  describe('issuing tokens', () => {
    it('client_secret_basic: a short-lived ES256 JWT for this council, usable on a partner route', async () => {
      const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(secretClient.clientId, secretClient.secret) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 300);
      assert.equal(body.scope, 'partner.read vault.read');
      const header = decodeProtectedHeader(body.access_token);
      assert.equal(header.alg, 'ES256');
      assert.equal(header.typ, 'at+jwt');
      const claims = decodeJwt(body.access_token);
      assert.equal(claims.iss, issuerOf('testshire'));
      assert.equal(claims.aud, 'hearth');
      assert.equal(claims.sub, secretClient.clientId);
      assert.equal(claims.client_id, secretClient.clientId);
      assert.equal(claims.council_id, hearth.council.id);
      assert.equal(claims.scope, 'partner.read vault.read');
      assert.equal(typeof claims.jti, 'string');
      assert.equal(claims.exp! - claims.iat!, 300);

      const me = await whoami(body.access_token);
      assert.equal(me.statusCode, 200, me.body);
      assert.deepEqual(me.json(), { client_id: secretClient.clientId, council: 'testshire', scopes: ['partner.read', 'vault.read'] });
    });

    it('client_secret_post, and the same token works under /c/{slug}', async () => {
      const res = await token({ grant_type: 'client_credentials', client_id: secretClient.clientId, client_secret: secretClient.secret, scope: 'partner.read' }, {}, '/c/testshire');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().scope, 'partner.read');
      const accessToken = res.json().access_token;
      assert.equal(decodeJwt(accessToken).iss, issuerOf('testshire'), 'one issuer whichever address was used');
      for (const prefix of ['', '/c/testshire']) assert.equal((await whoami(accessToken, prefix)).statusCode, 200);
    });

    it('private_key_jwt: aud may be the token endpoint or the issuer', async () => {
      for (const aud of [tokenUrl(), issuerOf('testshire')]) {
        const res = await token({
          grant_type: 'client_credentials',
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: await clientAssertion(key, jwtClient.clientId, aud),
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().scope, 'partner.read');
        assert.equal((await whoami(res.json().access_token)).json().client_id, jwtClient.clientId);
      }
    });

    it('private_key_jwt with the keys at a JWKS address (https)', async () => {
      const remoteKey = await partnerKey('remote-1', 'RS256');
      const server = await startHttpsServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(remoteKey.jwks)), { hostNames: ['jwks.partner.test'] });
      // The test's own guard: trusts this server's certificate and lets this one made-up name reach it on loopback.
      remotePartnerKeysFor(hearth.db).useFetcher(new SafeFetcher({ allowLoopbackHosts: ['jwks.partner.test'], ca: server.cert, resolve: async () => [{ address: '127.0.0.1', family: 4 }] }));
      try {
        const uri = `https://jwks.partner.test:${server.port}/jwks.json`;
        const c = await registerClient(hearth.db, actor(), { name: 'Otherton Council', authMethod: 'private_key_jwt', jwksUri: uri, scopes: ['partner.read'] });
        const res = await token({
          grant_type: 'client_credentials',
          client_id: c.client.clientId,
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: await clientAssertion(remoteKey, c.client.clientId, tokenUrl()),
        });
        assert.equal(res.statusCode, 200, res.body);
      } finally {
        remotePartnerKeysFor(hearth.db).useFetcher(safeFetcher);
        await server.close();
      }
    });

    it('publishes the public keys only, and keeps a retired key published after rotation', async () => {
      const before = await hearth.app.inject({ method: 'GET', url: '/oauth/jwks.json' });
      assert.equal(before.statusCode, 200);
      const keys = before.json().keys as Array<Record<string, unknown>>;
      assert.equal(keys.length, 1);
      assert.equal(keys[0].kty, 'EC');
      assert.equal(keys[0].alg, 'ES256');
      assert.equal(keys[0].d, undefined, 'no private key');
      const oldToken = await secretToken();
      const kids = await rotateSigningKey(hearth.db, actor());
      assert.equal(kids.retired, keys[0].kid);
      const after = (await hearth.app.inject({ method: 'GET', url: '/oauth/jwks.json' })).json().keys as Array<{ kid: string }>;
      assert.deepEqual(after.map((k) => k.kid), [kids.current, kids.retired]);
      const newToken = await secretToken();
      assert.equal(decodeProtectedHeader(newToken).kid, kids.current);
      assert.equal((await whoami(oldToken)).statusCode, 200, 'tokens signed before the rotation still work');
      assert.equal((await whoami(newToken)).statusCode, 200);
      const otherKeys = (await hearth.app.inject({ method: 'GET', url: '/c/otherton/oauth/jwks.json' })).json().keys as Array<{ kid: string }>;
      assert.ok(otherKeys.every((k) => !after.some((a) => a.kid === k.kid)), 'each council has its own keys');
    });
  });

  describe('refusing token requests', () => {
    it('a wrong secret, an unknown client, missing authentication: invalid_client 401', async () => {
      assertOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic(secretClient.clientId, 'x'.repeat(43)) }), 401, 'invalid_client', /secret is wrong/);
      assertOAuthError(await token({ grant_type: 'client_credentials', client_id: secretClient.clientId, client_secret: `${secretClient.secret}x` }), 401, 'invalid_client', /secret is wrong/);
      assertOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic('no-such-client', 'whatever') }), 401, 'invalid_client', /unknown client/);
      assertOAuthError(await token({ grant_type: 'client_credentials' }), 401, 'invalid_client', /authentication is missing/);
      assertOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }), 401, 'invalid_client');
      assertOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic(jwtClient.clientId, 'guess') }), 401, 'invalid_client', /private_key_jwt/);
    });

    it('a client of another council is unknown here', async () => {
      const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(secretClient.clientId, secretClient.secret) }, '/c/otherton');
      assertOAuthError(res, 401, 'invalid_client', /unknown client/);
    });

    it('bad requests name the parameter', async () => {
      const auth = { authorization: basic(secretClient.clientId, secretClient.secret) };
      assertOAuthError(await token({}, auth), 400, 'invalid_request', /grant_type is missing/);
      assertOAuthError(await token({ grant_type: 'authorization_code' }, auth), 400, 'unsupported_grant_type', /client_credentials/);
      assertOAuthError(await token({ grant_type: 'password' }, auth), 400, 'unsupported_grant_type');
      const twice = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { ...FORM_TYPE, ...auth }, payload: 'grant_type=client_credentials&grant_type=client_credentials' });
      assertOAuthError(twice, 400, 'invalid_request', /grant_type must not be repeated/);
      const json = await hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: freshAddress(), headers: { 'content-type': 'application/json', ...auth }, payload: { grant_type: 'client_credentials' } });
      assertOAuthError(json, 400, 'invalid_request', /x-www-form-urlencoded/);
      assertOAuthError(
        await token({ grant_type: 'client_credentials', client_id: secretClient.clientId, client_secret: secretClient.secret }, auth),
        400,
        'invalid_request',
        /exactly one client authentication method/,
      );
      assertOAuthError(await token({ grant_type: 'client_credentials', client_assertion_type: 'urn:other', client_assertion: 'x' }), 400, 'invalid_request', /client_assertion_type/);
      assertOAuthError(await token({ grant_type: 'client_credentials', client_secret: 'x' }), 400, 'invalid_request', /client_id is missing/);
    });

    it('a scope the client may not have: invalid_scope', async () => {
      const auth = { authorization: basic(secretClient.clientId, secretClient.secret) };
      assertOAuthError(await token({ grant_type: 'client_credentials', scope: 'partner.read vault.write' }, auth), 400, 'invalid_scope', /vault\.write/);
      assertOAuthError(await token({ grant_type: 'client_credentials', scope: 'Not A Scope!' }, auth), 400, 'invalid_scope');
      const ok = await token({ grant_type: 'client_credentials', scope: 'vault.read' }, auth);
      assert.equal(ok.json().scope, 'vault.read');
    });

    it('a disabled client gets no token, and its tokens stop working', async () => {
      const c = await registerClient(hearth.db, actor(), { name: 'Soon disabled', authMethod: 'client_secret', scopes: ['partner.read'] });
      const auth = { authorization: basic(c.client.clientId, c.secret!) };
      const issued = (await token({ grant_type: 'client_credentials' }, auth)).json().access_token;
      assert.equal((await whoami(issued)).statusCode, 200);
      assert.ok(await disableClient(hearth.db, actor(), c.client.id));
      assertOAuthError(await token({ grant_type: 'client_credentials' }, auth), 401, 'invalid_client', /disabled/);
      const res = await whoami(issued);
      assert.equal(res.statusCode, 401);
      assert.match(res.json().detail, /disabled/);
      assert.equal(await disableClient(hearth.db, actor(), c.client.id), undefined, 'disabling twice finds nothing to disable');
    });

    it('a rotated secret replaces the old one at once', async () => {
      const c = await registerClient(hearth.db, actor(), { name: 'Rotating', authMethod: 'client_secret', scopes: ['partner.read'] });
      const rotated = await rotateSecret(hearth.db, actor(), c.client.id);
      assert.ok(rotated && rotated.secret !== c.secret);
      assertOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client.clientId, c.secret!) }), 401, 'invalid_client');
      assert.equal((await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client.clientId, rotated.secret) })).statusCode, 200);
      assert.equal(await rotateSecret(hearth.db, actor(), jwtClient.id), undefined, 'a private_key_jwt client has no secret to rotate');
    });

    describe('private_key_jwt assertions', () => {
      const withAssertion = (assertion: string, extra: Record<string, string> = {}) =>
        token({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: assertion, ...extra });

      it('a replayed jti', async () => {
        const assertion = await clientAssertion(key, jwtClient.clientId, tokenUrl());
        assert.equal((await withAssertion(assertion)).statusCode, 200);
        assertOAuthError(await withAssertion(assertion), 401, 'invalid_client', /already been used/);
      });

      it('signed by another key', async () => {
        const stranger = await partnerKey('partner-key-1');
        assertOAuthError(await withAssertion(await clientAssertion(stranger, jwtClient.clientId, tokenUrl())), 401, 'invalid_client', /not signed by any of the client's registered keys/);
      });

      it('expired, or living too long', async () => {
        const now = Math.floor(Date.now() / 1000);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl(), { iat: now - 900, exp: now - 600 })), 401, 'invalid_client', /expired/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl(), { exp: now + 3600 })), 401, 'invalid_client', /within 5 minutes/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl(), { exp: undefined })), 401, 'invalid_client', /exp/);
      });

      it('the wrong audience, subject or missing jti', async () => {
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, 'https://elsewhere.example/oauth/token')), 401, 'invalid_client', /aud must be/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, `${issuerOf('otherton')}/oauth/token`)), 401, 'invalid_client', /aud/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl(), { sub: 'someone-else' })), 401, 'invalid_client', /sub/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl(), { jti: undefined })), 401, 'invalid_client', /jti/);
        assertOAuthError(await withAssertion('not.a.jwt'), 401, 'invalid_client', /well-formed/);
        assertOAuthError(await withAssertion(await clientAssertion(key, jwtClient.clientId, tokenUrl()), { client_id: secretClient.clientId }), 401, 'invalid_client', /does not match/);
      });

      it('an assertion for a client_secret client', async () => {
        assertOAuthError(await withAssertion(await clientAssertion(key, secretClient.clientId, tokenUrl())), 401, 'invalid_client', /secret, not private_key_jwt/);
      });
    });
  });

  describe('checking tokens on partner routes', () => {
    it('no token, or not a bearer token: 401 with a Bearer challenge', async () => {
      const none = await whoami(undefined);
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer realm="hearth"/);
      const bad = await hearth.app.inject({ method: 'GET', url: '/api/partner/whoami', headers: { authorization: basic(secretClient.clientId, secretClient.secret) } });
      assert.equal(bad.statusCode, 401);
      assert.match(bad.json().detail, /Bearer/);
    });

    it('a token of another council is refused on this council\'s route', async () => {
      const c = await registerClient(hearth.db, { councilId: other.id }, { name: 'Otherton partner', authMethod: 'client_secret', scopes: ['partner.read'] });
      const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client.clientId, c.secret!) }, '/c/otherton');
      assert.equal(res.statusCode, 200, res.body);
      const othersToken = res.json().access_token;
      assert.equal((await whoami(othersToken, '/c/otherton')).statusCode, 200);
      for (const prefix of ['', '/c/testshire']) {
        const refused = await whoami(othersToken, prefix);
        assert.equal(refused.statusCode, 401);
        assert.match(refused.json().detail, /another council/);
        assert.match(String(refused.headers['www-authenticate']), /error="invalid_token"/);
      }
    });

    it('expired, tampered, wrongly issued and unsigned tokens are refused with the reason', async () => {
      const { kid, privateKey } = await signingKeysFor(hearth.db).current(hearth.council.id);
      const now = Math.floor(Date.now() / 1000);
      const forge = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
        new SignJWT({
          iss: issuerOf('testshire'),
          aud: 'hearth',
          sub: secretClient.clientId,
          client_id: secretClient.clientId,
          council_id: hearth.council.id,
          scope: 'partner.read',
          jti: crypto.randomUUID(),
          iat: now,
          exp: now + 300,
          ...claims,
        })
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt', ...header })
          .sign(privateKey);
      assert.equal((await whoami(await forge({}))).statusCode, 200, 'the forger works when nothing is wrong');
      const cases: Array<[string, string, RegExp]> = [
        ['expired', await forge({ iat: now - 900, exp: now - 600 }), /expired/],
        ['wrong issuer', await forge({ iss: 'https://evil.example' }), /another issuer/],
        ['wrong audience', await forge({ aud: 'someone-else' }), /"aud"/],
        ['not an access token', await forge({}, { typ: 'JWT' }), /not an access token/],
        ['unknown key', await forge({}, { kid: 'nope' }), /key this council does not have/],
        ['garbage', 'abc.def.ghi', /well-formed/],
      ];
      const good = await secretToken();
      const [h, p, s] = good.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const tampered = [h, Buffer.from(JSON.stringify({ ...claims, scope: 'partner.read vault.write' })).toString('base64url'), s].join('.');
      cases.push(['tampered', tampered, /signature is not valid/]);
      const flipped = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      cases.push(['signature altered', flipped, /signature|not valid/]);
      for (const [what, bad, reason] of cases) {
        const res = await whoami(bad);
        assert.equal(res.statusCode, 401, `${what}: ${res.body}`);
        assert.match(res.json().detail, reason, what);
        assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/, what);
      }
    });

    it('a token without the route\'s scope: 403 insufficient_scope', async () => {
      const res = await whoami(await secretToken('vault.read'));
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['www-authenticate']), /error="insufficient_scope".*scope="partner.read"/);
      assert.match(res.json().detail, /partner\.read/);
    });
  });

  describe('limits and records', () => {
    it('answers 429 with Retry-After beyond 60 token requests a minute from one address', async () => {
      const address = '10.99.99.99';
      const auth = { authorization: basic(secretClient.clientId, 'wrong') };
      for (let i = 0; i < 60; i++) assert.equal((await token({ grant_type: 'client_credentials' }, auth, '', address)).statusCode, 401);
      const limited = await token({ grant_type: 'client_credentials' }, auth, '', address);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await token({ grant_type: 'client_credentials' }, { authorization: basic(secretClient.clientId, secretClient.secret) })).statusCode, 200, 'other addresses are not limited');
    });

    it('audits every change to clients and keys in the same transaction', async () => {
      const { rows } = await hearth.db.query<{ action: string; target: string; detail: Record<string, unknown>; actor_client_id: string | null }>(
        'SELECT action, target, detail, actor_client_id FROM audit_log WHERE council_id = $1 ORDER BY id',
        [hearth.council.id],
      );
      const actions = rows.map((r) => r.action);
      assert.equal(actions.filter((a) => a === 'partner_client.registered').length, 5);
      assert.ok(actions.includes('partner_client.disabled'));
      assert.ok(actions.includes('partner_client.secret_rotated'));
      assert.ok(actions.includes('partner_signing_key.rotated'));
      const registered = rows.find((r) => r.action === 'partner_client.registered' && r.target === secretClient.id)!;
      assert.deepEqual(registered.detail, { client_id: secretClient.clientId, name: 'Ashdown NHS Trust', auth_method: 'client_secret', scopes: ['partner.read', 'vault.read'] });
      assert.ok(!JSON.stringify(rows).includes(secretClient.secret), 'no secret in the audit log');
    });
  });

  describe('what is stored', () => {
    it('never the secret in clear: only its SHA-256', async () => {
      const { rows } = await hearth.db.query<Record<string, unknown>>('SELECT * FROM partner_client WHERE council_id = $1 AND id = $2', [hearth.council.id, secretClient.id]);
      assert.equal(rows.length, 1);
      const row = JSON.stringify(rows[0]);
      assert.ok(!row.includes(secretClient.secret), 'the secret is not in the row');
      assert.equal(rows[0].secret_hash, createHash('sha256').update(secretClient.secret).digest('hex'));
      const all = JSON.stringify((await hearth.db.query('SELECT * FROM partner_client')).rows);
      assert.ok(!all.includes(secretClient.secret));
    });

    it('used assertion ids, pruned after they expire', async () => {
      const { rows } = await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_assertion_jti WHERE council_id = $1', [hearth.council.id]);
      assert.ok(rows[0].n > 0);
      await hearth.db.query("UPDATE partner_assertion_jti SET expires_at = now() - interval '1 minute' WHERE council_id = $1", [hearth.council.id]);
      const res = await token({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(key, jwtClient.clientId, tokenUrl()) });
      assert.equal(res.statusCode, 200);
      const left = await hearth.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_assertion_jti WHERE council_id = $1', [hearth.council.id]);
      assert.equal(left.rows[0].n, 1, 'only the new one is left');
    });
  });
});

describe('partner tokens with HEARTH_PUBLIC_URL unset: forged Host and X-Forwarded-Host change no address', () => {
  // A trusted proxy (loopback) passing on whatever the client sent is the worst case: even its
  // X-Forwarded-Host must not reach the issuer or the audiences an assertion may name.
  const LOCAL = 'http://localhost:4331';
  const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
  let hearth: TestHearth;
  let key: PartnerKey;
  let secretClient: { clientId: string; secret: string };
  let jwtClientId: string;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_BLOCKS: 'directory,identity', PORT: '4331', HEARTH_TRUST_PROXY: 'loopback' } });
    assert.equal(hearth.ctx.config.publicUrl, undefined);
    key = await partnerKey();
    const s = await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Forged Host Trust', authMethod: 'client_secret', scopes: ['partner.read'] });
    secretClient = { clientId: s.client.clientId, secret: s.secret! };
    jwtClientId = (await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Forged Host Homes', authMethod: 'private_key_jwt', jwks: JSON.stringify(key.jwks), scopes: ['partner.read'] })).client.clientId;
  });
  after(() => hearth?.stop());

  const token = (fields: Record<string, string>, headers: Record<string, string>, remoteAddress: string) =>
    hearth.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress, headers: { ...FORM_TYPE, ...headers }, payload: form(fields) });

  it("issues tokens whose iss is the local address and aud is 'hearth', from a trusted proxy and from anyone", async () => {
    for (const remoteAddress of ['127.0.0.1', '192.0.2.60']) {
      const res = await token({ grant_type: 'client_credentials' }, { ...FORGED, authorization: basic(secretClient.clientId, secretClient.secret) }, remoteAddress);
      assert.equal(res.statusCode, 200, res.body);
      const claims = decodeJwt(res.json().access_token);
      assert.equal(claims.iss, `${LOCAL}/c/testshire`, remoteAddress);
      assert.equal(claims.aud, 'hearth', remoteAddress);
      assert.equal(JSON.stringify(claims).includes('evil.example'), false);
    }
  });

  it('refuses a client assertion made for the forged host, and takes one made for the local token endpoint', async () => {
    const withAud = async (aud: string) =>
      token({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(key, jwtClientId, aud) }, FORGED, '127.0.0.1');
    for (const aud of ['https://evil.example/oauth/token', 'https://evil.example/c/testshire/oauth/token', 'https://evil.example/c/testshire']) {
      const res = await withAud(aud);
      assert.equal(res.statusCode, 401, aud);
      assert.match(res.json().error_description, /aud/, aud);
    }
    const ok = await withAud(`${LOCAL}/c/testshire/oauth/token`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(decodeJwt(ok.json().access_token).iss, `${LOCAL}/c/testshire`);
  });
});
