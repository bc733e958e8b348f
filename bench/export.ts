/**
 * Export benchmark: a full export of the directory in each format (ORUK JSON, the ORUK tables
 * ZIP, the flat services sheet) by `hearth export` in its own process, timing it and sampling
 * its resident memory (VmRSS, and the kernel's own peak VmHWM) every 50 ms, at several sizes,
 * to show the memory stays flat as the directory grows.
 *
 *   node --import tsx bench/export.ts --services 25000,50000,100000
 *
 * PostgreSQL only (the export's consistent snapshot is PostgreSQL's). Each size is seeded once
 * into its own database (hearth_bench_export_N) with `hearth demo --services N --no-serve` and
 * reused by later runs. Results are printed and written to bench/results/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hearthBin, repoRoot, runHearth } from './lib/server.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '25000,50000,100000' },
    formats: { type: 'string', default: 'json,tables,flat' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const sizes = values.services!.split(',').map(Number);
const FORMATS: Record<string, { args: (file: string) => string[]; file: string }> = {
  // What the command costs before it exports anything: Node, the code, the database pool.
  baseline: { args: () => ['migrate'], file: '' },
  json: { args: (file) => ['export', 'oruk', file], file: 'directory.json' },
  tables: { args: (file) => ['export', 'csv', '--shape', 'tables', file], file: 'directory.zip' },
  flat: { args: (file) => ['export', 'csv', '--shape', 'flat', file], file: 'directory.csv' },
};
const formats = ['baseline', ...values.formats!.split(',')];

async function prepare(services: number): Promise<string> {
  const name = `hearth_bench_export_${services}`;
  const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${values['pg-url']}/${name}`;
  if (!exists || (await count(url)) < services) await runHearth(['demo', '--no-serve', '--services', String(services)], { HEARTH_DATABASE_URL: url });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query('ANALYZE');
  await db.end();
  return url;
}

async function count(url: string): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query('SELECT count(*)::int AS n FROM service')).rows[0].n;
  } catch {
    return 0;
  } finally {
    await db.end();
  }
}

/** A /proc/<pid>/status field in MiB. */
function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Run {
  services: number;
  format: string;
  seconds: number;
  servicesPerSecond: number;
  fileMiB: number;
  /** The largest VmRSS sampled, and the kernel's high-water mark read at the last sample. */
  peakRssMiB: number;
  hwmMiB: number;
  samples: number;
}

function exportOnce(url: string, services: number, format: string): Promise<Run> {
  const dir = join(tmpdir(), `hearth-bench-export-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, FORMATS[format].file || 'none');
  rmSync(file, { force: true });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [hearthBin, ...FORMATS[format].args(file)], {
      env: { ...process.env, HEARTH_DATABASE_URL: url, LOG_LEVEL: 'warn', HEARTH_SCHEDULER: 'off' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let peak = 0;
    let hwm = 0;
    let samples = 0;
    const timer = setInterval(() => {
      const rss = statusMiB(child.pid!, 'VmRSS');
      const high = statusMiB(child.pid!, 'VmHWM');
      if (rss !== undefined) {
        peak = Math.max(peak, rss);
        samples++;
      }
      if (high !== undefined) hwm = Math.max(hwm, high);
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`hearth ${FORMATS[format].args(file).join(' ')} exited with ${code}`));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const fileMiB = format === 'baseline' ? 0 : statSync(file).size / 1024 / 1024;
      rmSync(file, { force: true });
      resolve({ services, format, seconds, servicesPerSecond: services / seconds, fileMiB, peakRssMiB: peak, hwmMiB: hwm, samples });
    });
  });
}

const runs: Run[] = [];
for (const services of sizes) {
  const url = await prepare(services);
  const actual = await count(url);
  for (const format of formats) {
    const run = await exportOnce(url, actual, format);
    runs.push(run);
    console.log(
      `${String(actual).padStart(7)} services  ${format.padEnd(6)}  ${run.seconds.toFixed(1).padStart(6)} s  ${Math.round(run.servicesPerSecond).toString().padStart(6)} services/s  ` +
        `file ${run.fileMiB.toFixed(0).padStart(5)} MiB  peak RSS ${run.peakRssMiB.toFixed(0)} MiB (VmHWM ${run.hwmMiB.toFixed(0)} MiB, ${run.samples} samples)`,
    );
  }
}

const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
const out = join(repoRoot, 'bench', 'results', `export-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, runs }, null, 2));
console.log(`\n${JSON.stringify(machine)}\nwritten to ${out}`);
