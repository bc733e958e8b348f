import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../../../bin/hearth.js', import.meta.url));
const template = fileURLToPath(new URL('../../../../data/templates/services-flat.csv', import.meta.url));

describe('hearth import csv and hearth export csv (CLI, embedded database)', () => {
  let dir: string;
  const env = () => ({ ...process.env, HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent' });
  const cli = (...args: string[]) => run(process.execPath, [hearth, ...args], { env: env(), cwd: dir });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-csv-cli-'));
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses a sheet with a problem, naming file, row and column, and imports nothing', async () => {
    const text = (await readFile(template, 'utf8')).replace('SW1A 1AA', 'NOT A POSTCODE');
    await writeFile(join(dir, 'bad.csv'), text);
    await assert.rejects(cli('import', 'csv', 'bad.csv'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /nothing was imported/);
      assert.match(error.stderr, /bad\.csv, row 2, column postcode: "NOT A POSTCODE" is not a UK postcode/);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/, 'no stack trace');
      return true;
    });
  });

  it('imports the template, then exports the ORUK tables', async () => {
    // Each command is its own process (slow on a busy machine): the shapes themselves are tested in import-export.test.ts.
    const { stdout } = await cli('import', 'csv', template);
    assert.match(stdout, /Imported 1 services from the flat services sheet into Testshire Council: 1 new, 0 updated\./);
    const { stderr } = await cli('export', 'csv', 'tables.zip');
    assert.match(stderr, /as the ORUK tables to tables\.zip/);
    const zip = await readFile(join(dir, 'tables.zip'));
    assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a ZIP');
  });
});
