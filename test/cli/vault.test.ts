import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appendAccess } from '../../src/blocks/vault/index.js';
import { listCouncils } from '../../src/platform/councils.js';
import type { Db } from '../../src/platform/db/db.js';
import { assertRefused, hearthCli, type Cli } from '../support/cli.js';

describe('hearth vault verify (CLI)', () => {
  let dir: string;
  /** Commands run in this process, on the data folder's database opened once (test/support/cli.ts). */
  let hearth: Cli;
  const cli = (blocks: string, ...args: string[]) => hearth.attemptWith({ HEARTH_BLOCKS: blocks }, ...args);
  /** Work on the data folder's database directly, between commands. */
  async function withDb(work: (db: Db, councilId: string) => Promise<void>) {
    const db = await hearth.db();
    const [council] = await listCouncils(db);
    await work(db, council.id);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-vault-'));
    hearth = hearthCli({ HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_BLOCKS: 'directory,identity,vault' });
    await hearth.run('councils', 'add', '--slug', 'ashdown', '--name', 'Ashdown Council', '--default');
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
  after(async () => {
    await hearth?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says each log is intact, with how many entries and seals', async () => {
    const { code, stdout, stderr } = await cli('directory,identity,vault', 'vault', 'verify');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Ashdown Council: 5 entries, 0 seals: intact\./);
  });

  it('says plainly when the vault block is off', async () => {
    const r = await cli('directory,identity', 'vault', 'verify');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The vault block is off: HEARTH_BLOCKS does not name vault\./);
  });

  it('says the same as the real binary, exit code 0', async () => {
    const { code, stdout, stderr } = await hearth.spawn(['vault', 'verify']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Ashdown Council: 5 entries, 0 seals: intact\./);
  });

  it('names the first broken entry and exits with 1, without a stack trace', async () => {
    await withDb(async (db, councilId) => {
      await db.query('ALTER TABLE vault_access_log DISABLE TRIGGER USER');
      await db.query("UPDATE vault_access_log SET purpose = 'Curiosity' WHERE council_id = $1 AND seq = 3", [councilId]);
    });
    // The real binary, in its own process: exit code 1, the message on stderr, no stack trace.
    const r = await hearth.spawn(['vault', 'verify', '--council', 'ashdown']);
    assertRefused(r, /The vault access log of ashdown is broken/);
    assert.match(r.stdout, /Ashdown Council: BROKEN at entry 3 \(changed\): entry 3 was changed after it was written\. The 2 entries before it are intact\./);
  });
});
