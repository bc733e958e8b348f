import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { itemHistory, writeItems } from '../../src/blocks/vault/record.js';
import { listCouncils } from '../../src/platform/councils.js';
import { readKeyRing } from '../../src/platform/crypto/key-ring.js';
import type { Db } from '../../src/platform/db/db.js';
import { openPglite } from '../../src/platform/db/pglite.js';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));

describe('hearth keys (CLI)', () => {
  let dir: string;
  const cli = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [hearth, ...args], { env: { ...process.env, HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-keys-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('generates keys in the form HEARTH_ENCRYPTION_KEYS takes, and rewraps under the first', async () => {
    const first = (await cli({}, 'keys', 'generate', '--id', 'first')).stdout.trim();
    const second = (await cli({}, 'keys', 'generate', '--id', 'second')).stdout.trim();
    assert.match(first, /^first:[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(first.split(':')[1], second.split(':')[1]);
    const { stdout } = await cli({ HEARTH_ENCRYPTION_KEYS: `${second},${first}` }, 'keys', 'rewrap');
    assert.match(stdout, /Token-signing keys: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
    assert.match(stdout, /Webhook secrets: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
    assert.match(stdout, /Vault values: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
  });

  it('follows the documented rotation without losing a sealed vault value: new key first, rewrap, old key dropped', async () => {
    const keyA = (await cli({}, 'keys', 'generate', '--id', 'a')).stdout.trim();
    const keyB = (await cli({}, 'keys', 'generate', '--id', 'b')).stdout.trim();
    const env = { HEARTH_DATA_DIR: join(dir, 'rotation') };
    await cli({ ...env, HEARTH_ENCRYPTION_KEYS: keyA }, 'councils', 'add', '--slug', 'ashdown', '--name', 'Ashdown Council');
    const resident = randomUUID();
    const ringOf = (keys: string) => readKeyRing({ HEARTH_ENCRYPTION_KEYS: keys }, { production: false, dataDir: '' });
    const withDb = async <T>(work: (db: Db, councilId: string) => Promise<T>) => {
      const db = await openPglite(env.HEARTH_DATA_DIR);
      try {
        return await work(db, (await listCouncils(db))[0].id);
      } finally {
        await db.close();
      }
    };
    await withDb(async (db, councilId) => {
      await writeItems(db, ringOf(keyA), councilId, resident, 'benefits', [{ held: ['pension_credit'] }], { kind: 'resident', name: 'Rhian' });
      await writeItems(db, ringOf(keyA), councilId, resident, 'benefits', [{ held: ['universal_credit'] }], { kind: 'resident', name: 'Rhian' });
    });
    const { stdout } = await cli({ ...env, HEARTH_ENCRYPTION_KEYS: `${keyB},${keyA}` }, 'keys', 'rewrap');
    assert.match(stdout, /Vault values: 2 re-wrapped, 0 sealed that were in the clear, 0 already under "b"\./);
    const values = await withDb(async (db, councilId) => (await itemHistory(db, ringOf(keyB), councilId, resident)).map((i) => i.value));
    assert.deepEqual(values, [{ held: ['universal_credit'] }, { held: ['pension_credit'] }]);
  });

  it('refuses a malformed HEARTH_ENCRYPTION_KEYS by name, without a stack trace', async () => {
    await assert.rejects(cli({ HEARTH_ENCRYPTION_KEYS: 'main:short' }, 'keys', 'rewrap'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /HEARTH_ENCRYPTION_KEYS: the key "main" must be 32 bytes/);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/);
      return true;
    });
  });
});
