import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError } from '../../../src/platform/db/lock.js';
import { openPglite } from '../../../src/platform/db/pglite.js';

describe('PGlite data folder lock', () => {
  it('refuses a second opener at once with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-lock-'));
    const db = await openPglite(dir);
    try {
      // A second process trying to open the same folder fails fast, naming the folder and pid.
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', `import('${join(process.cwd(), 'src/platform/db/pglite.ts')}').then(m => m.openPglite(${JSON.stringify(dir)})).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(child.status, 3, child.stderr);
      assert.match(child.stderr, /in use by another Hearth process/);
      assert.match(child.stderr, new RegExp(`pid ${process.pid}`));
    } finally {
      await db.close();
    }
    // Closed: the folder can be opened again.
    const again = await openPglite(dir);
    await again.close();
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-lock-'));
    writeFileSync(join(dir, 'hearth.lock'), '999999999');
    const release = acquireDataDirLock(dir);
    release();
  });

  it('refuses a second lock in the same process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-lock-'));
    const release = acquireDataDirLock(dir);
    try {
      assert.throws(() => acquireDataDirLock(dir), DataDirLockedError);
    } finally {
      release();
    }
  });
});
