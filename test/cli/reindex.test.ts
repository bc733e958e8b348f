import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertRefused, hearthCli, type Cli } from '../support/cli.js';

const fixture = fileURLToPath(new URL('../fixtures/search-services.json', import.meta.url));

describe('hearth reindex (CLI)', () => {
  let dir: string;
  /** Commands run in this process, on the data folder's database opened once (test/support/cli.ts). */
  let hearth: Cli;
  const cli = (...args: string[]) => hearth.run(...args);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-cli-'));
    hearth = hearthCli({ HEARTH_DATA_DIR: join(dir, 'data') });
    const services = Object.values((JSON.parse(await readFile(fixture, 'utf8')) as { services: Record<string, unknown> }).services);
    await writeFile(join(dir, 'services.json'), JSON.stringify(services));
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    await cli('import', 'oruk', join(dir, 'services.json'));
  });
  after(async () => {
    await hearth?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds every council by default, and says how many services it indexed', async () => {
    const { stdout } = await cli('reindex');
    const m = /Reindexed (\d+) services of Testshire Council\./.exec(stdout);
    assert.ok(m, stdout);
    assert.ok(Number(m[1]) >= 18, stdout);
  });

  it('is listed in --help', async () => {
    const { stdout } = await cli('--help');
    assert.match(stdout, /reindex/);
  });

  it('refuses a council that does not exist, naming the ones that do (the real binary: exit code 1, no stack trace)', async () => {
    assertRefused(await hearth.spawn(['reindex', '--council', 'nowhere']), /There is no council "nowhere"\. Known: testshire/);
  });

  it('works as the real binary', async () => {
    const { code, stdout, stderr } = await hearth.spawn(['reindex', '--council', 'testshire']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Reindexed \d+ services of Testshire Council\./);
  });
});
