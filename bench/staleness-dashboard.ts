/**
 * Staleness dashboard benchmark: /admin/directory/staleness (a manager signed in) under a mix
 * of filters and pages, beside the /healthz baseline of the same server in the same run, on
 * loopback.
 *
 *   node --import tsx bench/staleness-dashboard.ts --services 100000 --connections 16 --seconds 20
 *
 * PostgreSQL only (the budget is set there). The dataset is the demo seeded once per size with
 * `hearth demo --services N --no-serve` (the database hearth_bench_N, shared with the other
 * benchmarks, read only here but for the demo admin's session). Results are printed and
 * written to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { load } from './lib/load.js';
import { repoRoot, runHearth, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    port: { type: 'string', default: '3998' },
    'pool-size': { type: 'string', default: '16' },
    'alone-only': { type: 'boolean', default: false },
  },
});
const services = Number(values.services);
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const BUDGET_P95_MS = 50;
/** --alone-only: time each path once, then stop (the server still stopped). */
class Stop extends Error {}

async function prepare(): Promise<Record<string, string>> {
  const name = `hearth_bench_${services}`;
  const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const env = { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}`, HEARTH_DB_POOL_SIZE: values['pool-size']!, HEARTH_SCHEDULER: 'off' };
  const db = new pg.Client({ connectionString: env.HEARTH_DATABASE_URL });
  await db.connect();
  let count = 0;
  try {
    count = (await db.query('SELECT count(*)::int AS n FROM service')).rows[0].n;
  } catch {
    /* not migrated yet */
  }
  await db.end();
  if (count < services) await runHearth(['demo', '--no-serve', '--services', String(services)], env);
  return env;
}

/** Sign in as the demo council admin (a directory manager too) through the email link, as a person would. */
async function signIn(url: string, databaseUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const post = async (path: string, fields: Record<string, string>, html: string) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: new URLSearchParams({ _csrf: formToken(html), ...fields }),
    });
    keep(res);
    return res;
  };
  const form = await fetch(`${url}/sign-in`);
  keep(form);
  await post('/sign-in', { email: 'admin@ashdown.example' }, await form.text());
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query(`SELECT personalisation->>'link' AS link FROM notification WHERE template = 'sign-in-link' ORDER BY created_at DESC LIMIT 1`);
  await db.end();
  const link = new URL(rows[0].link);
  const landing = await fetch(`${url}${link.pathname}${link.search}`, { headers: { cookie: cookie() } });
  keep(landing);
  const html = await landing.text();
  await post(link.pathname, { token: link.searchParams.get('token')! }, html);
  if (!jar.get('hearth_session')) throw new Error('could not sign in');
  return `hearth_session=${jar.get('hearth_session')}`;
}

const env = await prepare();
const server = await startServer(env, Number(values.port));
try {
  const cookie = await signIn(server.url, env.HEARTH_DATABASE_URL);
  const headers = { cookie };
  const base = '/admin/directory/staleness';
  const first = await fetch(`${server.url}${base}`, { headers });
  if (first.status !== 200) throw new Error(`${base} answered ${first.status}`);
  const html = await first.text();
  const organisations = [...new Set([...html.matchAll(/[?&](?:amp;)?organisation=([0-9a-f-]{36})/g)].map((m) => m[1]))];
  const categories = [...html.matchAll(/[?&](?:amp;)?category=([0-9a-f-]{36})/g)].map((m) => m[1]);
  // The summary with the whole list, deep pages, each band, a few organisations and categories.
  const paths = [
    base,
    `${base}?page=2`,
    `${base}?page=40`,
    ...['recent', 'due', 'overdue', 'never'].map((b) => `${base}?band=${b}`),
    `${base}?band=overdue&page=3`,
    ...organisations.slice(0, 8).map((o) => `${base}?organisation=${o}`),
    ...[...new Set(categories)].slice(0, 6).map((c) => `${base}?category=${c}&band=due`),
  ];
  for (const p of paths) {
    const res = await fetch(server.url + p, { headers });
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  }
  // Each path alone, after the warm-up: where the time goes.
  const alone: Record<string, number> = {};
  for (const p of paths) {
    const started = performance.now();
    await (await fetch(server.url + p, { headers })).text();
    alone[p] = Math.round(performance.now() - started);
  }
  process.stdout.write(`each path alone (ms): ${JSON.stringify(alone, null, 1)}\n`);
  if (values['alone-only']) throw new Stop();
  const baseline = await load(server.url, ['/healthz'], connections, seconds);
  const dashboard = await load(server.url, paths, connections, seconds, headers);
  const result = {
    date: new Date().toISOString(),
    engine: 'postgres',
    services,
    connections,
    seconds,
    paths: paths.length,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    baseline,
    dashboard,
    budgetP95Ms: BUDGET_P95_MS,
    withinBudget: dashboard.p95 <= BUDGET_P95_MS,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', `staleness-dashboard-postgres-${services}.json`), JSON.stringify(result, null, 2));
  const row = (name: string, s: typeof dashboard) =>
    `| ${name} | ${s.requests} | ${s.throughput.toFixed(0)} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors + s.non2xx} |`;
  process.stdout.write(
    [
      `\npostgres, ${services} services, ${connections} connections, ${seconds} s each — ${result.machine}`,
      '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      row('/healthz (baseline)', baseline),
      row(`${base} (mix of ${paths.length})`, dashboard),
      `p95 budget ${BUDGET_P95_MS} ms: ${result.withinBudget ? 'met' : 'MISSED'}\n`,
    ].join('\n'),
  );
} catch (error) {
  if (!(error instanceof Stop)) throw error;
} finally {
  await server.stop();
}
