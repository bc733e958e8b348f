/**
 * Partner token check benchmark: `GET /api/partner/whoami` with a valid bearer token (ES256
 * signature, issuer, audience, expiry, council and scope checked on every request) beside the
 * `/healthz` baseline of the same server in the same run, on loopback. Budget: the token check
 * adds <= 1 ms to the p95.
 *
 *   node --import tsx bench/identity-token.ts --engine postgres --connections 1,32 --seconds 10
 *   node --import tsx bench/identity-token.ts --engine pglite --connections 1,32 --seconds 10
 *
 * It also times the check alone in this process (`verifyPartnerToken`, keys cached), before the
 * server starts. Each run starts from a fresh database with one council and one client.
 * Results are printed and written to bench/results/identity-token-<engine>.json.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { registerClient } from '../src/blocks/identity/partners/service.js';
import { issueAccessToken, verifyPartnerToken } from '../src/blocks/identity/partners/tokens.js';
import { enabledBlocks, migrationSets } from '../src/main.js';
import { readConfig } from '../src/platform/config.js';
import { addCouncil } from '../src/platform/councils.js';
import { openDatabase } from '../src/platform/db/open.js';
import { migrate } from '../src/platform/migrate.js';
import { load } from './lib/load.js';
import { percentile, type LatencySummary } from './lib/percentiles.js';
import { repoRoot, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    connections: { type: 'string', default: '1,32' },
    seconds: { type: 'string', default: '10' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    port: { type: 'string', default: '3998' },
  },
});
const connectionCounts = values.connections!.split(',').map(Number);
const seconds = Number(values.seconds);
const port = Number(values.port);
const SLUG = 'bench';

/** A fresh database for the run: its environment for `hearth serve`. */
async function freshDatabase(): Promise<Record<string, string>> {
  if (values.engine === 'postgres') {
    const name = 'hearth_bench_identity';
    const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}` };
  }
  const dataDir = join(repoRoot, 'bench', '.data', 'identity-token');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return { HEARTH_DATA_DIR: dataDir };
}

const env = { ...(await freshDatabase()), HEARTH_BLOCKS: 'directory,identity' };
const config = readConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
const base = `http://127.0.0.1:${port}`;
const issuer = `${base}/c/${SLUG}`;

// Set up the council and the client, and time the check alone, before the server holds the database.
const db = await openDatabase(config);
let secret: string;
let clientId: string;
let inProcess: { iterations: number; p50: number; p95: number; p99: number };
try {
  await migrate(db, migrationSets(enabledBlocks(config)));
  const council = await addCouncil(db, { slug: SLUG, name: 'Bench Borough Council', isDefault: true });
  const registered = await registerClient(db, { councilId: council.id }, { name: 'Bench partner', authMethod: 'client_secret', scopes: ['partner.read'] });
  secret = registered.secret!;
  clientId = registered.client.clientId;
  const { token } = await issueAccessToken(db, { councilId: council.id, issuer, clientId, scopes: ['partner.read'] });
  const expected = { councilId: council.id, issuer };
  for (let i = 0; i < 2000; i++) await verifyPartnerToken(db, token, expected); // warm up
  const times: number[] = [];
  const iterations = 20_000;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const check = await verifyPartnerToken(db, token, expected);
    times.push(performance.now() - t0);
    if (!check.ok) throw new Error(`token refused: ${check.refusal.reason}`);
  }
  times.sort((a, b) => a - b);
  inProcess = { iterations, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
} finally {
  await db.close();
}

const loadBefore = loadavg();
const server = await startServer(env, port);
try {
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=partner.read',
  });
  if (tokenRes.status !== 200) throw new Error(`token endpoint answered ${tokenRes.status}: ${await tokenRes.text()}`);
  const { access_token: accessToken } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const check = await fetch(`${base}/api/partner/whoami`, { headers: auth });
  if (check.status !== 200) throw new Error(`whoami answered ${check.status}: ${await check.text()}`);

  const runs: Array<{ connections: number; healthz: LatencySummary; whoami: LatencySummary; p95Added: number }> = [];
  for (const connections of connectionCounts) {
    // Warm both routes, then measure them one after the other.
    await load(base, ['/healthz'], connections, 2);
    await load(base, ['/api/partner/whoami'], connections, 2, auth);
    const healthz = await load(base, ['/healthz'], connections, seconds);
    const whoami = await load(base, ['/api/partner/whoami'], connections, seconds, auth);
    runs.push({ connections, healthz, whoami, p95Added: whoami.p95 - healthz.p95 });
  }
  const result = {
    date: new Date().toISOString(),
    engine: values.engine,
    seconds,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadavg().map((l) => Number(l.toFixed(2))) },
    inProcess,
    runs,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', `identity-token-${values.engine}.json`), JSON.stringify(result, null, 2));
  const ms = (n: number) => n.toFixed(2);
  const row = (route: string, connections: number, s: LatencySummary) =>
    `| ${connections} | ${route} | ${s.throughput.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${s.errors + s.non2xx} |`;
  process.stdout.write(
    [
      `\n${values.engine}, ${seconds} s per route — ${result.machine}`,
      `load average before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')}`,
      `verifyPartnerToken alone (${inProcess.iterations} calls): p50 ${ms(inProcess.p50)} ms, p95 ${ms(inProcess.p95)} ms, p99 ${ms(inProcess.p99)} ms`,
      '| connections | route | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...runs.flatMap((r) => [row('/healthz (baseline)', r.connections, r.healthz), row('/api/partner/whoami (bearer)', r.connections, r.whoami)]),
      ...runs.map((r) => `p95 added by the token check at ${r.connections} connection(s): ${ms(r.p95Added)} ms`),
      '',
    ].join('\n'),
  );
} finally {
  await server.stop();
}
