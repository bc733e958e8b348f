/**
 * Approval queue benchmark: /admin/directory/changes (a manager signed in) under a mix of pages
 * and organisation filters, beside the /healthz baseline of the same server in the same run,
 * on loopback. Each page shows ten changes, each a difference in words against the published
 * listing (kept with the change when it was proposed, and used while the listing is unchanged).
 *
 *   node --import tsx bench/approval-queue.ts --services 100000 --pending 2000 --connections 16 --seconds 20
 *
 * PostgreSQL only (the budget is set there). The dataset is the demo seeded once per size with
 * `hearth demo --services N --no-serve` (the database hearth_bench_N, shared with the other
 * benchmarks). The pending changes are proposed once, through the same code as an editor's
 * (each a real edit of a service's opening times, spread over the organisations), and marked
 * by their editor's address so a later run reuses them. Seeding leaves an outbox event per
 * service, which the server dispatches in the background: the run waits until that is done, so
 * the page is measured without the dispatcher beside it. Beside latency, each route's CPU per
 * request in the server and in its PostgreSQL backends (from /proc) and the first page's size.
 * Results are printed and written to bench/results/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { differenceOf } from '../src/blocks/directory/editing/diff.js';
import { insertChange } from '../src/blocks/directory/sql/changes.js';
import { getFullServices } from '../src/blocks/directory/sql/oruk-read.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { load } from './lib/load.js';
import { repoRoot, runHearth, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '100000' },
    pending: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    port: { type: 'string', default: '3997' },
    'pool-size': { type: 'string', default: '16' },
  },
});
const services = Number(values.services);
const pending = Number(values.pending);
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const BUDGET_P95_MS = 50;
const BENCH_EDITOR = 'bench-editor@approval-queue.example';

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
  await proposePending(env.HEARTH_DATABASE_URL);
  return env;
}

/**
 * Pending changes up to `pending`: a later closing time on one weekly session of a service,
 * the whole proposed document stored as an editor's proposal is (base: what is published), with
 * the difference an editor's proposal keeps.
 * Written straight to the table in batches (the proposal's own checks are measured by the
 * tests, not here), spread over services of many organisations, oldest first as proposed.
 */
async function proposePending(url: string): Promise<void> {
  const db = await openPostgres(url, 4);
  try {
    const { rows: council } = await db.query<{ id: string }>('SELECT id FROM council ORDER BY is_default DESC, created_at LIMIT 1');
    const councilId = council[0].id;
    // Its changes from before migration 014 kept no difference (or kept it in an earlier form): proposed again, as they are now.
    await db.query(`DELETE FROM listing_change WHERE council_id = $1 AND proposed_by_email = $2 AND status = 'pending' AND (difference IS NULL OR jsonb_typeof(difference) <> 'object')`, [councilId, BENCH_EDITOR]);
    const have = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM listing_change WHERE council_id = $1 AND status = 'pending'`, [councilId])).rows[0].n;
    if (have >= pending) return;
    const { rows } = await db.query<{ id: string }>(
      `SELECT s.id FROM service s WHERE s.council_id = $1
         AND NOT EXISTS (SELECT 1 FROM listing_change c WHERE c.council_id = s.council_id AND c.kind = 'service' AND c.listing_id = s.id AND c.status = 'pending')
         AND EXISTS (SELECT 1 FROM schedule h WHERE h.council_id = s.council_id AND h.service_id = s.id AND h.closes_at IS NOT NULL)
       ORDER BY md5(s.id::text) LIMIT $2`,
      [councilId, pending - have],
    );
    const ids = rows.map((r) => r.id);
    const started = Date.now() - ids.length * 60_000;
    for (let i = 0; i < ids.length; i += 200) {
      const batch = await getFullServices(db, councilId, ids.slice(i, i + 200));
      await db.transaction(async (tx) => {
        for (const [n, published] of batch.entries()) {
          const document = structuredClone(published);
          const session = document.schedules!.find((s) => s.closes_at)!;
          session.closes_at = session.closes_at === '23:00:00' ? '22:00:00' : `${String(Math.min(23, Number(session.closes_at!.slice(0, 2)) + 1)).padStart(2, '0')}${session.closes_at!.slice(2)}`;
          const id = crypto.randomUUID();
          await insertChange(tx, {
            councilId, id, kind: 'service', listingId: published.id, organisationId: published.organization!.id, isNew: false,
            document, baseDocument: published, baseVersion: 0, status: 'pending', note: 'Winter opening times', language: 'en',
            personId: null, email: BENCH_EDITOR,
            // What proposeChange keeps for the queue (editing/changes.ts).
            difference: differenceOf('service', published as unknown as Record<string, unknown>, document as unknown as Record<string, unknown>),
            comparedWith: published.last_modified ?? null, baseChanged: false,
          });
          // Proposed over the past days, a minute apart, so the queue's order is that of time.
          await tx.query('UPDATE listing_change SET proposed_at = $3 WHERE council_id = $1 AND id = $2', [councilId, id, new Date(started + (i + n) * 60_000)]);
        }
      });
      process.stderr.write(`\rpending changes: ${Math.min(i + 200, ids.length)}/${ids.length}`);
    }
    process.stderr.write('\n');
    // As autovacuum leaves a table this size once it has settled: its visibility map set, so the
    // queue's page and count come from its partial indexes alone.
    await db.query('VACUUM ANALYZE listing_change');
  } finally {
    await db.close();
  }
}

/**
 * Wait, with progress, until the server has dispatched every outbox event (seeding 100k services
 * leaves 100k, a few minutes of work): measured beside them, the page would share the cores with
 * the dispatcher, more or less depending on which benchmark ran first on the shared database.
 */
async function outboxDispatched(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    let shown = '';
    for (;;) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND attempts < 8');
      if (rows[0].n === 0) break;
      const line = `waiting for the server to dispatch ${rows[0].n} outbox events`;
      if (line !== shown) process.stderr.write(`\r${(shown = line)}   `);
      await new Promise((r) => setTimeout(r, 2000));
    }
    if (shown) process.stderr.write('\n');
  } finally {
    await db.end();
  }
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

/** Milliseconds of CPU (user + system) a process has used, from /proc; 0 where there is none. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * `load`, with the CPU each request cost the server and its PostgreSQL backends (from /proc, on
 * this machine): on cores shared with other work, latency and throughput swing from run to run,
 * while the work a page costs does not.
 */
async function measure(url: string, databaseUrl: string, paths: string[], headers?: Record<string, string>) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const backends = (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
    const before = { node: cpuMs(server.child.pid), pg: backends.map(cpuMs) };
    const summary = await load(url, paths, connections, seconds, headers);
    // A connection the pool opened meanwhile counts whole.
    const after = (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
    const pgMs = after.reduce((sum, pid) => sum + cpuMs(pid) - (before.pg[backends.indexOf(pid)] ?? 0), 0);
    const per = (ms: number) => Math.round((ms / summary.requests) * 1000) / 1000;
    return { ...summary, serverCpuMsPerRequest: per(cpuMs(server.child.pid) - before.node), postgresCpuMsPerRequest: per(pgMs) };
  } finally {
    await db.end();
  }
}

const env = await prepare();
const server = await startServer(env, Number(values.port));
try {
  await outboxDispatched(env.HEARTH_DATABASE_URL);
  const cookie = await signIn(server.url, env.HEARTH_DATABASE_URL);
  const headers = { cookie };
  const base = '/admin/directory/changes';
  const first = await fetch(`${server.url}${base}`, { headers });
  if (first.status !== 200) throw new Error(`${base} answered ${first.status}`);
  const html = await first.text();
  const total = Number(/([\d,]+) changes? waiting/.exec(html)?.[1]?.replace(/,/g, '') ?? 0);
  const lastPage = Math.max(1, Math.ceil(total / 10));
  const organisations = [...html.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  // The first page (most used), pages through the middle and the end, and a few organisations' queues.
  const paths = [
    base,
    base,
    `${base}?page=2`,
    `${base}?page=${Math.ceil(lastPage / 2)}`,
    `${base}?page=${lastPage}`,
    ...organisations.filter((_, i) => i % Math.max(1, Math.floor(organisations.length / 8)) === 0).slice(0, 8).map((o) => `${base}?organisation=${o}`),
  ];
  for (const p of paths) {
    const res = await fetch(server.url + p, { headers });
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  }
  // Every connection of the load opened, and the server's pool grown to it, before measuring.
  await load(server.url, paths, connections, 2, headers);
  const baseline = await measure(server.url, env.HEARTH_DATABASE_URL, ['/healthz']);
  const queue = await measure(server.url, env.HEARTH_DATABASE_URL, paths, headers);
  const result = {
    date: new Date().toISOString(),
    engine: 'postgres',
    services,
    pending: total,
    connections,
    seconds,
    paths: paths.length,
    pageBytes: Buffer.byteLength(html),
    // Other work on the machine, as the run ended (1, 5 and 15 minutes).
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    baseline,
    queue,
    budgetP95Ms: BUDGET_P95_MS,
    withinBudget: queue.p95 <= BUDGET_P95_MS,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', `approval-queue-postgres-${services}.json`), JSON.stringify(result, null, 2));
  const row = (name: string, s: typeof queue) =>
    `| ${name} | ${s.requests} | ${s.throughput.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.errors + s.non2xx} | ${s.serverCpuMsPerRequest} | ${s.postgresCpuMsPerRequest} |`;
  process.stdout.write(
    [
      `\npostgres, ${services} services, ${total} changes pending, ${connections} connections, ${seconds} s each — ${result.machine}`,
      '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/req | PostgreSQL CPU ms/req |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      row('/healthz (baseline)', baseline),
      row(`${base} (mix of ${paths.length} paths)`, queue),
      `first page ${result.pageBytes} bytes; queue/healthz: ${(baseline.throughput / queue.throughput).toFixed(1)}× fewer requests a second, p95 ${(queue.p95 / baseline.p95).toFixed(1)}× longer; load average ${result.loadAverage.join(' ')}`,
      `p95 budget ${BUDGET_P95_MS} ms: ${result.withinBudget ? 'met' : 'MISSED'}\n`,
    ].join('\n'),
  );
} finally {
  await server.stop();
}
