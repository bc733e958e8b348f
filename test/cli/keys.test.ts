import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { itemHistory, writeItems } from '../../src/blocks/vault/record.js';
import { listCouncils } from '../../src/platform/councils.js';
import { readKeyRing } from '../../src/platform/crypto/key-ring.js';
import type { Db } from '../../src/platform/db/db.js';
import { assertRefused, hearthCli, runHearth, spawnHearth } from '../support/cli.js';

describe('hearth keys (CLI)', () => {
  let dir: string;
  /** `keys generate` opens no database: run in this process (test/support/cli.ts). */
  const generate = async (id: string) => {
    const { code, stdout, stderr } = await runHearth(['keys', 'generate', '--id', id], { HEARTH_DATA_DIR: join(dir, 'data') });
    assert.equal(code, 0, stderr);
    return stdout.trim();
  };
  /** The real binary, in its own process. */
  const spawned = (env: Record<string, string>, ...args: string[]) => spawnHearth(args, { HEARTH_DATA_DIR: join(dir, 'data'), ...env });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-keys-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('generates keys in the form HEARTH_ENCRYPTION_KEYS takes, and rewraps under the first (the real binary)', async () => {
    const first = await generate('first');
    const second = await generate('second');
    assert.match(first, /^first:[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(first.split(':')[1], second.split(':')[1]);
    const { code, stdout, stderr } = await spawned({ HEARTH_ENCRYPTION_KEYS: `${second},${first}` }, 'keys', 'rewrap');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Token-signing keys: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
    assert.match(stdout, /Webhook secrets: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
    assert.match(stdout, /Vault values: 0 re-wrapped, 0 sealed that were in the clear, 0 already under "second"\./);
  });

  it('follows the documented rotation without losing a sealed vault value: new key first, rewrap, old key dropped', async () => {
    const keyA = await generate('a');
    const keyB = await generate('b');
    const env = { HEARTH_DATA_DIR: join(dir, 'rotation') };
    // The open database keeps the key ring it was opened with: one opening per HEARTH_ENCRYPTION_KEYS, as a restart would.
    const beforeRotation = hearthCli({ ...env, HEARTH_ENCRYPTION_KEYS: keyA });
    const resident = randomUUID();
    const ringOf = (keys: string) => readKeyRing({ HEARTH_ENCRYPTION_KEYS: keys }, { production: false, dataDir: '' });
    const withDb = async <T>(db: Db, work: (db: Db, councilId: string) => Promise<T>) => work(db, (await listCouncils(db))[0].id);
    try {
      await beforeRotation.run('councils', 'add', '--slug', 'ashdown', '--name', 'Ashdown Council');
      await withDb(await beforeRotation.db(), async (db, councilId) => {
        await writeItems(db, ringOf(keyA), councilId, resident, 'benefits', [{ held: ['pension_credit'] }], { kind: 'resident', name: 'Rhian' });
        await writeItems(db, ringOf(keyA), councilId, resident, 'benefits', [{ held: ['universal_credit'] }], { kind: 'resident', name: 'Rhian' });
      });
    } finally {
      await beforeRotation.close();
    }
    const rotated = hearthCli({ ...env, HEARTH_ENCRYPTION_KEYS: `${keyB},${keyA}` });
    try {
      const { stdout } = await rotated.run('keys', 'rewrap');
      assert.match(stdout, /Vault values: 2 re-wrapped, 0 sealed that were in the clear, 0 already under "b"\./);
      const values = await withDb(await rotated.db(), async (db, councilId) => (await itemHistory(db, ringOf(keyB), councilId, resident)).map((i) => i.value));
      assert.deepEqual(values, [{ held: ['universal_credit'] }, { held: ['pension_credit'] }]);
    } finally {
      await rotated.close();
    }
  });

  it('refuses a malformed HEARTH_ENCRYPTION_KEYS by name, without a stack trace (the real binary)', async () => {
    assertRefused(await spawned({ HEARTH_ENCRYPTION_KEYS: 'main:short' }, 'keys', 'rewrap'), /HEARTH_ENCRYPTION_KEYS: the key "main" must be 32 bytes/);
  });
});
