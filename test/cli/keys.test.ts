import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

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
