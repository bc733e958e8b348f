import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { appendAccess } from '../../src/blocks/vault/index.js';
import { listCouncils } from '../../src/platform/councils.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import type { Db } from '../../src/platform/db/db.js';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));

describe('hearth vault verify (CLI)', () => {
  let dir: string;
  const dataDir = () => join(dir, 'data');
  const cli = (blocks: string, ...args: string[]) =>
    run(process.execPath, [hearth, ...args], { env: { ...process.env, HEARTH_DATA_DIR: dataDir(), HEARTH_DATABASE_URL: '', HEARTH_BLOCKS: blocks, LOG_LEVEL: 'silent' } });
  /** Work on the data folder directly, between commands (the folder is free then). */
  async function withDb(work: (db: Db, councilId: string) => Promise<void>) {
    const db = await openPglite(dataDir());
    try {
      const [council] = await listCouncils(db);
      await work(db, council.id);
    } finally {
      await db.close();
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-vault-'));
    await cli('directory,identity,vault', 'councils', 'add', '--slug', 'ashdown', '--name', 'Ashdown Council', '--default');
    await withDb((db, councilId) =>
      db.transaction(async (tx) => {
        await appendAccess(
          tx,
          councilId,
          Array.from({ length: 5 }, (_, n) => ({
            councilId,
            residentId: randomUUID(),
            actorKind: 'staff' as const,
            actorId: 'officer-1',
            actorName: 'Officer One',
            organisation: 'Housing options',
            onBehalfOf: null,
            action: 'read' as const,
            categories: ['address'],
            grantId: randomUUID(),
            basisId: null,
            purpose: `Case ${n}`,
          })),
        );
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('says each log is intact, with how many entries and seals', async () => {
    const { stdout } = await cli('directory,identity,vault', 'vault', 'verify');
    assert.match(stdout, /Ashdown Council: 5 entries, 0 seals: intact\./);
  });

  it('names the first broken entry and exits with 1, without a stack trace', async () => {
    await withDb(async (db, councilId) => {
      await db.query('ALTER TABLE vault_access_log DISABLE TRIGGER USER');
      await db.query("UPDATE vault_access_log SET purpose = 'Curiosity' WHERE council_id = $1 AND seq = 3", [councilId]);
    });
    await assert.rejects(cli('directory,identity,vault', 'vault', 'verify', '--council', 'ashdown'), (error: Error & { stdout: string; stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stdout, /Ashdown Council: BROKEN at entry 3 \(changed\): entry 3 was changed after it was written\. The 2 entries before it are intact\./);
      assert.match(error.stderr, /The vault access log of ashdown is broken/);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/);
      return true;
    });
  });

  it('says plainly when the vault block is off', async () => {
    await assert.rejects(cli('directory,identity', 'vault', 'verify'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /The vault block is off: HEARTH_BLOCKS does not name vault\./);
      return true;
    });
  });
});
