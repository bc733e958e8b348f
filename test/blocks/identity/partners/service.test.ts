import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkJwks, checkJwksUri, listClients, PartnerInputError, registerClient, secretMatches, hashSecret } from '../../../../src/blocks/identity/partners/service.js';
import type { TestHearth } from '../../../support/app.js';
import { partnerKey, startPartnersHearth } from './support.js';

describe('partner clients: the service', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPartnersHearth();
  });
  after(() => hearth?.stop());

  it('accepts public signing keys only', async () => {
    const ec = await partnerKey('ec-1');
    const rsa = await partnerKey('rsa-1', 'RS256');
    const ed = { ...(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'ed-1' };
    const ok = await checkJwks({ keys: [ec.publicJwk, rsa.publicJwk, ed] });
    assert.ok('jwks' in ok && ok.jwks.keys.length === 3);

    const privateJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const shortRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const cases: Array<[unknown, string]> = [
      ['{not json', 'jwks_json'],
      ['[]', 'jwks_shape'],
      ['{"keys": {}}', 'jwks_shape'],
      ['{"keys": []}', 'jwks_empty'],
      [{ keys: Array.from({ length: 11 }, () => ec.publicJwk) }, 'jwks_too_many'],
      [{ keys: [privateJwk] }, 'jwks_private'],
      [{ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, 'jwks_private'],
      [{ keys: [{ kty: 'oct' }] }, 'jwks_key_type'],
      [{ keys: [{ ...ec.publicJwk, use: 'enc' }] }, 'jwks_use'],
      [{ keys: [{ ...ec.publicJwk, alg: 'HS256' }] }, 'jwks_alg'],
      [{ keys: [{ ...ec.publicJwk, alg: 'none' }] }, 'jwks_alg'],
      [{ keys: [shortRsa] }, 'jwks_rsa_short'],
      [{ keys: [{ ...ec.publicJwk, x: 'AAAA' }] }, 'jwks_invalid'],
      [{ keys: [ec.publicJwk, { ...ec.publicJwk }] }, 'jwks_duplicate_kid'],
      [{ keys: ['a string'] }, 'jwks_shape'],
    ];
    for (const [input, code] of cases) {
      const result = await checkJwks(typeof input === 'string' ? input : (input as { keys: unknown[] }));
      assert.deepEqual(result, { error: code }, JSON.stringify(input).slice(0, 80));
    }
  });

  it('accepts JWKS addresses over https only', () => {
    assert.ok(checkJwksUri('https://partner.example.nhs.uk/.well-known/jwks.json'));
    for (const bad of ['http://127.0.0.1:8080/jwks.json', 'http://localhost/jwks.json', 'http://[::1]/jwks.json', 'http://partner.example.org/jwks', 'https://x.org/k#frag', 'ftp://x.org/k', 'https://user:pw@x.org/k', 'not a url', `https://x.org/${'a'.repeat(2000)}`]) {
      assert.equal(checkJwksUri(bad), false, bad);
    }
  });

  it('names every bad field at once and registers nothing', async () => {
    await assert.rejects(
      registerClient(hearth.db, { councilId: hearth.council.id }, { name: ' ', authMethod: 'nope' as 'client_secret', scopes: ['Bad Scope'], description: 'd'.repeat(1001) }),
      (error: unknown) => {
        assert.ok(error instanceof PartnerInputError);
        assert.deepEqual(error.errors, { name: 'name_missing', description: 'description_long', scopes: 'scopes_invalid', auth_method: 'auth_method_missing' });
        return true;
      },
    );
    await assert.rejects(
      registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'x', authMethod: 'private_key_jwt', jwks: '{"keys":[]}', jwksUri: 'https://x.org/k', scopes: ['a'] }),
      (error: unknown) => error instanceof PartnerInputError && error.errors.jwks === 'jwks_both',
    );
    assert.deepEqual(await listClients(hearth.db, hearth.council.id), []);
  });

  it('refuses a JWKS address that is not https, or plainly this machine or a private network, naming the field', async () => {
    for (const jwksUri of ['http://127.0.0.1:8080/jwks.json', 'http://localhost/jwks.json', 'http://partner.example/jwks.json', 'https://user:pw@partner.example/jwks.json', 'file:///etc/passwd']) {
      await assert.rejects(
        registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'x', authMethod: 'private_key_jwt', jwksUri, scopes: ['a'] }),
        (error: unknown) => error instanceof PartnerInputError && error.errors.jwks_uri === 'jwks_uri_invalid',
        jwksUri,
      );
    }
    for (const jwksUri of ['https://127.0.0.1/jwks.json', 'https://localhost:8443/jwks.json', 'https://[::1]/jwks.json', 'https://10.1.2.3/jwks.json', 'https://169.254.169.254/latest/meta-data/', 'https://[::ffff:127.0.0.1]/k']) {
      await assert.rejects(
        registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'x', authMethod: 'private_key_jwt', jwksUri, scopes: ['a'] }),
        (error: unknown) => error instanceof PartnerInputError && error.errors.jwks_uri === 'jwks_uri_private',
        jwksUri,
      );
    }
    assert.deepEqual(await listClients(hearth.db, hearth.council.id), []);
  });

  it('compares secrets by hash, in constant time', () => {
    const hash = hashSecret('s3cret');
    assert.ok(secretMatches('s3cret', hash));
    assert.ok(!secretMatches('s3cret ', hash));
    assert.ok(!secretMatches('', hash));
  });
});
