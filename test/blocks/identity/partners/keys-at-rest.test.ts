import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { rewrapSigningKeys, sealContext, signingKeysFor } from '../../../../src/blocks/identity/partners/keys.js';
import { registerClient } from '../../../../src/blocks/identity/partners/service.js';
import { isSealed, KeyRing, keyRingOf, useKeyRing } from '../../../../src/platform/crypto/key-ring.js';
import type { TestHearth } from '../../../support/app.js';
import { basic, form, FORM_TYPE, freshAddress, startPartnersHearth } from './support.js';

/** Hearth's token-signing keys are sealed at rest, re-wrapped when the key from configuration rotates. */
describe('partner token-signing keys at rest', () => {
  let hearth: TestHearth;
  let client: { clientId: string; secret: string };
  let firstKey: { id: string; key: Buffer };

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
  const keyRows = async () =>
    (await hearth.db.query<{ kid: string; private_jwk: Record<string, unknown>; retired_at: Date | null }>('SELECT kid, private_jwk, retired_at FROM partner_signing_key WHERE council_id = $1 ORDER BY created_at', [hearth.council.id])).rows;
  /** What a new process with this key ring sees: no cached keys. */
  const restartWith = (ring: KeyRing) => {
    useKeyRing(hearth.db, ring);
    signingKeysFor(hearth.db).forget(hearth.council.id);
  };

  before(async () => {
    firstKey = { id: 'first', key: randomBytes(32) };
    hearth = await startPartnersHearth();
    useKeyRing(hearth.db, new KeyRing([firstKey]));
    const c = await registerClient(hearth.db, { councilId: hearth.council.id }, { name: 'Ashdown NHS Trust', authMethod: 'client_secret', scopes: ['partner.read'] });
    client = { clientId: c.client.clientId, secret: c.secret! };
  });
  after(() => hearth?.stop());

  it('holds the private key sealed, bound to its council and kid', async () => {
    assert.equal((await whoami(await newToken())).statusCode, 200);
    const [row] = await keyRows();
    assert.ok(isSealed(row.private_jwk), 'sealed');
    assert.equal((row.private_jwk as { kid: string }).kid, 'first');
    assert.ok(!('d' in row.private_jwk), 'no private key material in the clear');
    assert.match(keyRingOf(hearth.db).open(row.private_jwk as never, sealContext(hearth.council.id, row.kid)), /"d":/);
  });

  it('reads a key written in the clear by an older Hearth, and `rewrap` seals it', async () => {
    const [row] = await keyRows();
    const plain = JSON.parse(keyRingOf(hearth.db).open(row.private_jwk as never, sealContext(hearth.council.id, row.kid)));
    await hearth.db.query('UPDATE partner_signing_key SET private_jwk = $2::jsonb WHERE kid = $1', [row.kid, JSON.stringify(plain)]);
    restartWith(new KeyRing([firstKey]));
    assert.equal((await whoami(await newToken())).statusCode, 200, 'the clear key still signs');
    assert.deepEqual(await rewrapSigningKeys(hearth.db, keyRingOf(hearth.db)), { sealed: 1, rewrapped: 0, unchanged: 0, unopenable: 0 });
    assert.ok(isSealed((await keyRows())[0].private_jwk));
  });

  it('rotates the key from configuration without downtime: new first, rewrap, old dropped', async () => {
    const token = await newToken();
    const second = { id: 'second', key: randomBytes(32) };
    restartWith(new KeyRing([second, firstKey]));
    assert.equal((await whoami(token)).statusCode, 200, 'tokens keep working while both keys are configured');
    assert.deepEqual(await rewrapSigningKeys(hearth.db, keyRingOf(hearth.db)), { sealed: 0, rewrapped: 1, unchanged: 0, unopenable: 0 });
    assert.equal(((await keyRows())[0].private_jwk as { kid: string }).kid, 'second');
    restartWith(new KeyRing([second]));
    const kidBefore = decodeProtectedHeader(token).kid;
    const after = await newToken();
    assert.equal(decodeProtectedHeader(after).kid, kidBefore, 'the same signing key, opened with the new key alone');
    assert.equal((await whoami(after)).statusCode, 200);
    assert.deepEqual(await rewrapSigningKeys(hearth.db, keyRingOf(hearth.db)), { sealed: 0, rewrapped: 0, unchanged: 1, unopenable: 0 });
  });

  it('replaces a signing key whose sealing key was lost, rather than failing every token request', async () => {
    const kidBefore = (await keyRows()).find((r) => r.retired_at === null)!.kid;
    restartWith(new KeyRing([{ id: 'unrelated', key: randomBytes(32) }]));
    const token = await newToken();
    assert.notEqual(decodeProtectedHeader(token).kid, kidBefore, 'signed by a new key');
    assert.equal((await whoami(token)).statusCode, 200);
    const rows = await keyRows();
    assert.ok(rows.find((r) => r.kid === kidBefore)!.retired_at, 'the key that does not open is retired');
    assert.equal((await rewrapSigningKeys(hearth.db, keyRingOf(hearth.db))).unopenable, 1);
  });
});
