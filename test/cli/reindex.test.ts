import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/search-services.json', import.meta.url));

describe('hearth reindex (CLI)', () => {
  let dir: string;
  const env = () => ({ ...process.env, HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent' });
  const cli = (...args: string[]) => run(process.execPath, [hearth, ...args], { env: env() });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-'));
    const services = Object.values((JSON.parse(await readFile(fixture, 'utf8')) as { services: Record<string, unknown> }).services);
    await writeFile(join(dir, 'services.json'), JSON.stringify(services));
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    await cli('import', 'oruk', join(dir, 'services.json'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('rebuilds every council by default, and says how many services it indexed', async () => {
    const { stdout } = await cli('reindex');
    const m = /Reindexed (\d+) services of Testshire Council\./.exec(stdout);
    assert.ok(m, stdout);
    assert.ok(Number(m[1]) >= 18, stdout);
  });

  it('refuses a council that does not exist, naming the ones that do', async () => {
    await assert.rejects(cli('reindex', '--council', 'nowhere'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /There is no council "nowhere"\. Known: testshire/);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/, 'no stack trace');
      return true;
    });
  });

  it('is listed in --help', async () => {
    const { stdout } = await cli('--help');
    assert.match(stdout, /reindex/);
  });
});
