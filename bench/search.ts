/**
 * Search benchmark: /api/search under a realistic query mix beside the /healthz baseline of
 * the same server in the same run, on loopback.
 *
 *   node --import tsx bench/search.ts --engine postgres --services 100000 --connections 32 --seconds 20
 *   node --import tsx bench/search.ts --engine pglite --services 10000 --connections 32 --seconds 20
 *
 * The dataset is seeded once per (engine, size) with `hearth demo --services N --no-serve`
 * and reused by later runs. Results are printed and written to bench/results/.
 *
 * Seeding leaves one outbox event per service; the server hands them to subscribers (about a
 * thousand a second) and would do so during the measurement, so on PostgreSQL the run waits for
 * the backlog to empty first. Beside latencies it reports the server's CPU time per request
 * (user + system, from /proc), which a machine loaded by other work disturbs far less than
 * latency: compare runs by it when the load average differs.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { load } from './lib/load.js';
import type { LatencySummary } from './lib/percentiles.js';
import { searchMix } from './lib/queries.js';
import { repoRoot, runHearth, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    services: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '20' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    port: { type: 'string', default: '3999' },
    'pool-size': { type: 'string', default: '16' },
  },
});
const services = Number(values.services);
const connections = Number(values.connections);
const seconds = Number(values.seconds);

async function prepare(): Promise<Record<string, string>> {
  if (values.engine === 'postgres') {
    const name = `hearth_bench_${services}`;
    const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const env = { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}`, HEARTH_DB_POOL_SIZE: values['pool-size']! };
    if (!exists || !(await seeded(env.HEARTH_DATABASE_URL))) await runHearth(['demo', '--no-serve', '--services', String(services)], env);
    const db = new pg.Client({ connectionString: env.HEARTH_DATABASE_URL });
    await db.connect();
    await db.query('ANALYZE');
    await db.end();
    return env;
  }
  const dataDir = join(repoRoot, 'bench', '.data', `pglite-${services}`);
  const env = { HEARTH_DATA_DIR: dataDir };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    await runHearth(['demo', '--no-serve', '--services', String(services)], env);
  }
  return env;
}

async function seeded(url: string): Promise<boolean> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM service');
    return rows[0].n >= services;
  } catch {
    return false;
  } finally {
    await db.end();
  }
}

/** Wait, with progress, until the server has dispatched the outbox (PostgreSQL only: PGlite's folder is the server's). */
async function outboxDrained(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    for (let shown = ''; ; ) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND attempts < 8');
      if (rows[0].n === 0) break;
      const line = `waiting for the server to dispatch ${rows[0].n} outbox events left by seeding`;
      if (line !== shown) process.stderr.write(`\r${(shown = line)}   `);
      await new Promise((r) => setTimeout(r, 2000));
    }
    process.stderr.write('\n');
  } finally {
    await db.end();
  }
}

/** Seconds of CPU (user + system) a process has used, from /proc; undefined where there is none. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `load` with the server's CPU microseconds per request beside it. */
async function measure(url: string, paths: string[]): Promise<LatencySummary & { serverCpuUsPerRequest?: number }> {
  const before = cpuSeconds(server.child.pid);
  const summary = await load(url, paths, connections, seconds);
  const after = cpuSeconds(server.child.pid);
  return before === undefined || after === undefined ? summary : { ...summary, serverCpuUsPerRequest: Math.round(((after - before) * 1e6) / summary.requests) };
}

const env = await prepare();
const server = await startServer(env, Number(values.port));
try {
  if (env.HEARTH_DATABASE_URL) await outboxDrained(env.HEARTH_DATABASE_URL);
  const postcodes = readFileSync(join(repoRoot, 'data', 'postcodes', 'demo.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',')[0])
    .filter((_, i) => i % 4 === 0);
  // 10 rounds of 24 phrases: 1,680 paths, the 1,200 with a place from 400 different postcodes.
  const paths = searchMix(postcodes, 10);
  // Warm caches and check every query answers 200 before measuring.
  for (const p of paths) {
    const res = await fetch(server.url + p);
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}: ${await res.text()}`);
  }
  const baseline = await measure(server.url, ['/healthz']);
  const search = await measure(server.url, paths);
  const result = {
    date: new Date().toISOString(),
    engine: values.engine,
    services,
    connections,
    seconds,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
    baseline,
    search,
    throughputRatio: search.throughput / baseline.throughput,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', `search-${values.engine}-${services}.json`), JSON.stringify(result, null, 2));
  const row = (name: string, s: typeof search) =>
    `| ${name} | ${s.requests} | ${s.throughput.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.serverCpuUsPerRequest ?? '–'} | ${s.errors + s.non2xx} |`;
  process.stdout.write(
    [
      `\n${values.engine}, ${services} services, ${connections} connections, ${seconds} s each — ${result.machine}; load average ${result.loadAverage}`,
      '| route | requests | req/s | p50 ms | p95 ms | p99 ms | server CPU µs/request | errors |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row('/healthz (baseline)', baseline),
      row('/api/search (mix)', search),
      `throughput ratio search/healthz: ${result.throughputRatio.toFixed(3)}\n`,
    ].join('\n'),
  );
} finally {
  await server.stop();
}
