import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { controlFolder, controlSocketPath } from '../../src/cli/control-socket.js';

const run = promisify(execFile);
const hearth = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/search-services.json', import.meta.url));

/**
 * With the embedded database the server holds the data folder, so every other `hearth` command
 * is passed to it over the control socket and runs there: nothing needs the site stopped.
 */
describe('hearth commands while the server runs (control socket)', () => {
  let dir: string;
  let server: ChildProcess;
  let origin: string;
  const env = () => ({ ...process.env, HEARTH_DATA_DIR: join(dir, 'data'), HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', NODE_ENV: '' });
  // Commands run from the test folder: relative paths are the caller's, not the server's.
  const cli = (...args: string[]) => run(process.execPath, [hearth, ...args], { env: env(), cwd: dir });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-control-'));
    const services = Object.values((JSON.parse(await readFile(fixture, 'utf8')) as { services: Record<string, unknown> }).services);
    await writeFile(join(dir, 'services.json'), JSON.stringify(services));
    await cli('councils', 'add', '--slug', 'testshire', '--name', 'Testshire Council');
    server = spawn(process.execPath, [hearth, 'serve'], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    origin = await new Promise<string>((resolve, reject) => {
      let text = '';
      server.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const m = /Hearth is running at (http:\/\/\S+)/.exec(text);
        if (m) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`the server stopped (${code}): ${text}`)));
    });
  });
  after(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('imports, lists, reindexes and exports through the running server, which serves the change at once', async () => {
    const imported = await cli('import', 'oruk', 'services.json');
    assert.match(imported.stdout, /Imported \d+ services into Testshire Council/);
    const search = await fetch(`${origin}/api/search?q=food`);
    assert.equal(search.status, 200);
    assert.ok(((await search.json()) as { total: number }).total > 0, 'the running server finds what was imported through it');

    assert.match((await cli('councils', 'list')).stdout, /^testshire\tTestshire Council\t\(default\)/m);
    assert.match((await cli('reindex')).stdout, /Reindexed \d+ services of Testshire Council\./);

    const exported = await cli('export', 'oruk', 'out.json');
    assert.match(exported.stderr, /Exported \d+ services of Testshire Council to out\.json/);
    const written = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as unknown[];
    assert.ok(written.length > 0, 'the file is written where the caller named it');
    const toStdout = await cli('export', 'oruk');
    assert.equal((JSON.parse(toStdout.stdout) as unknown[]).length, written.length);
  });

  it('adds a council and gives its first admin while serving; the council answers at once', async () => {
    assert.match((await cli('councils', 'add', '--slug', 'otherton', '--name', 'Otherton Council')).stdout, /Added Otherton Council \(otherton\)/);
    const res = await fetch(`${origin}/c/otherton/oruk/`);
    assert.equal(res.status, 200);
    assert.match((await cli('people', 'grant', 'first.admin@otherton.example', 'council_admin', '--council', 'otherton')).stdout, /is now council_admin in Otherton Council/);
  });

  it('passes failures back with the exit code and no stack trace', async () => {
    await assert.rejects(cli('reindex', '--council', 'nowhere'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /There is no council "nowhere"\. Known: /);
      assert.doesNotMatch(error.stderr, /at .*\.ts:\d+/);
      return true;
    });
    await assert.rejects(cli('reindex', '--no-such-option'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /unknown option '--no-such-option'/);
      return true;
    });
  });

  it('backs up while serving, and restores the backup into a new folder', async () => {
    assert.match((await cli('backup', 'backup.tar.gz')).stdout, /Backed up the embedded database to backup\.tar\.gz/);
    assert.equal((await stat(join(dir, 'backup.tar.gz'))).mode & 0o777, 0o600, 'a backup holds people\'s data: its owner only');
    await assert.rejects(cli('restore', 'backup.tar.gz'), (error: Error & { stderr: string }) => {
      assert.match(error.stderr, /Hearth is running on this data folder/);
      return true;
    });
    const elsewhere = { ...env(), HEARTH_DATA_DIR: join(dir, 'restored') };
    const restored = await run(process.execPath, [hearth, 'restore', 'backup.tar.gz'], { env: elsewhere, cwd: dir });
    assert.match(restored.stdout, /Restored backup\.tar\.gz into .*restored: \d+ councils \(testshire/);
    const listed = await run(process.execPath, [hearth, 'councils', 'list'], { env: elsewhere, cwd: dir });
    assert.match(listed.stdout, /^testshire\tTestshire Council/m);
    await assert.rejects(run(process.execPath, [hearth, 'restore', 'backup.tar.gz'], { env: elsewhere, cwd: dir }), (error: Error & { stderr: string }) => {
      assert.match(error.stderr, /is not empty: restore into a new folder/);
      return true;
    });
  });

  it('never starts a second server on the same data folder', async () => {
    await assert.rejects(cli('serve'), (error: Error & { stderr: string; code: number }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /in use by another Hearth process/);
      return true;
    });
  });

  it('is open to the server\'s own user only, and refuses what is not a command', async () => {
    const path = controlSocketPath(join(dir, 'data'));
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(controlFolder(join(dir, 'data')))).mode & 0o777, 0o700);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(path);
      let text = '';
      socket.on('connect', () => socket.write('not json\n'));
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /"exit":2/);
  });
});
