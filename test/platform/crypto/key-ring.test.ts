import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../../src/platform/config.js';
import { isSealed, KeyRing, keyFileOf, readKeyRing, SealError } from '../../../src/platform/crypto/key-ring.js';

const key = () => randomBytes(32);

describe('secrets at rest: the key ring', () => {
  it('seals a value that opens only with its key and in its own place', () => {
    const ring = new KeyRing([{ id: 'k1', key: key() }]);
    const sealed = ring.seal('{"d":"private"}', 'partner_signing_key:council-a:kid-1');
    assert.ok(isSealed(sealed));
    assert.equal(sealed.kid, 'k1');
    assert.ok(!JSON.stringify(sealed).includes('private'), 'nothing of the value in the clear');
    assert.equal(ring.open(sealed, 'partner_signing_key:council-a:kid-1'), '{"d":"private"}');
    // Copied into another row, or another council's, it does not open.
    assert.throws(() => ring.open(sealed, 'partner_signing_key:council-b:kid-1'), SealError);
    // Changed by one character, it does not open.
    const tampered = { ...sealed, data: sealed.data.slice(0, -4) + (sealed.data.endsWith('AAA=') ? 'BBB=' : 'AAA=') };
    assert.throws(() => ring.open(tampered, 'partner_signing_key:council-a:kid-1'), SealError);
    // With another key, it does not open.
    assert.throws(() => new KeyRing([{ id: 'k1', key: key() }]).open(sealed, 'partner_signing_key:council-a:kid-1'), SealError);
  });

  it('rotates: a new first key seals new values, the old still opens old ones, and re-wrapping moves them to the new key', () => {
    const old = { id: 'old', key: key() };
    const before = new KeyRing([old]).seal('secret', 'ctx');
    const ring = new KeyRing([{ id: 'new', key: key() }, old]);
    assert.equal(ring.seal('x', 'ctx').kid, 'new');
    assert.equal(ring.open(before, 'ctx'), 'secret');
    const moved = ring.rewrap(before, 'ctx');
    assert.equal(moved.kid, 'new');
    assert.equal(moved.data, before.data, 'the data is not re-encrypted, only its key re-wrapped');
    assert.equal(new KeyRing([{ id: 'new', key: ring['keyFor']('new') }]).open(moved, 'ctx'), 'secret', 'opens without the old key');
    assert.throws(() => new KeyRing([{ id: 'other', key: key() }]).open(moved, 'ctx'), /no longer holds/);
  });

  it('reads HEARTH_ENCRYPTION_KEYS, naming what is wrong, and is required in production', () => {
    const good = `a:${key().toString('base64')},b:${key().toString('base64')}`;
    assert.deepEqual(readKeyRing({ HEARTH_ENCRYPTION_KEYS: good }, { production: true, dataDir: '' }).ids, ['a', 'b']);
    for (const [value, problem] of [
      ['nokey', /written id:key/],
      [`a:${randomBytes(16).toString('base64')}`, /must be 32 bytes/],
      [`a b:${key().toString('base64')}`, /written id:key/],
      [`a:${key().toString('base64')},a:${key().toString('base64')}`, /twice/],
    ] as const) {
      assert.throws(() => readKeyRing({ HEARTH_ENCRYPTION_KEYS: value }, { production: false, dataDir: '' }), (e: unknown) => e instanceof ConfigError && problem.test(e.message), value);
    }
    const production = { NODE_ENV: 'production', HEARTH_PUBLIC_URL: 'https://help.example.gov.uk', HEARTH_NOTIFY_RECORD_ONLY: 'true' };
    assert.throws(() => readConfig(production), (e: unknown) => e instanceof ConfigError && /HEARTH_ENCRYPTION_KEYS must be set in production/.test(e.message));
    assert.ok(readConfig({ ...production, HEARTH_ENCRYPTION_KEYS: good }));
  });

  it('outside production without a key, makes one beside the data folder, readable by its owner only, and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-keys-'));
    try {
      const dataDir = join(dir, 'data');
      const first = readKeyRing({}, { production: false, dataDir });
      const file = keyFileOf(dataDir);
      assert.equal(file, `${dataDir}.encryption.key`);
      assert.ok(existsSync(file));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.match(readFileSync(file, 'utf8'), /^local:[A-Za-z0-9+/]{43}=\n$/);
      const sealed = first.seal('kept', 'ctx');
      assert.equal(readKeyRing({}, { production: false, dataDir }).open(sealed, 'ctx'), 'kept', 'the same key the next time');
      assert.equal(readKeyRing({}, { production: false, dataDir: 'memory://' }).ids[0], 'memory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
