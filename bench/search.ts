/**
 * Search benchmark: /api/search under a realistic query mix beside the /healthz baseline of
 * the same server in the same run, on loopback.
 *
 *   node --import tsx bench/search.ts --engine postgres --services 100000 --connections 32 --seconds 20
 *   node --import tsx bench/search.ts --engine pglite --services 10000 --connections 32 --seconds 20
 *
 * The dataset is seeded once per (engine, size) with `hearth demo --services N --no-serve`
 * and reused by later runs. Results are printed and written to bench/results/.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { load } from './lib/load.js';
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

const env = await prepare();
const server = await startServer(env, Number(values.port));
try {
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
  const baseline = await load(server.url, ['/healthz'], connections, seconds);
  const search = await load(server.url, paths, connections, seconds);
  const result = {
    date: new Date().toISOString(),
    engine: values.engine,
    services,
    connections,
    seconds,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    baseline,
    search,
    throughputRatio: search.throughput / baseline.throughput,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', `search-${values.engine}-${services}.json`), JSON.stringify(result, null, 2));
  const row = (name: string, s: typeof search) =>
    `| ${name} | ${s.requests} | ${s.throughput.toFixed(0)} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors + s.non2xx} |`;
  process.stdout.write(
    [
      `\n${values.engine}, ${services} services, ${connections} connections, ${seconds} s each — ${result.machine}`,
      '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      row('/healthz (baseline)', baseline),
      row('/api/search (mix)', search),
      `throughput ratio search/healthz: ${result.throughputRatio.toFixed(3)}\n`,
    ].join('\n'),
  );
} finally {
  await server.stop();
}
