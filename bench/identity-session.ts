/**
 * Identity benchmark: what resolving a session and its person's roles adds to a page. The same
 * page (the home page, which shows who is signed in) anonymous and signed in, beside /healthz,
 * in the same run, on loopback, against PostgreSQL.
 *
 *   node --import tsx bench/identity-session.ts --connections 32 --seconds 15
 */
import { cpus, totalmem, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { load } from './lib/load.js';
import { repoRoot, runHearth, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '15' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    port: { type: 'string', default: '3997' },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const name = 'hearth_bench_identity';
const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const env = { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}` };
await runHearth(['demo', '--no-serve'], env);

const server = await startServer(env, Number(values.port));
try {
  // Sign in as the demo admin the way a person does: ask for a link, read it from the
  // recorded messages (the demo's notifications are recorded, not sent), follow it, click.
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${server.url}/sign-in`);
  keep(form);
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: jar.get('hearth_csrf')!, ...fields }),
    });
  await post('/sign-in', { email: 'admin@ashdown.example' });
  const db = new pg.Client({ connectionString: env.HEARTH_DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(`SELECT personalisation->>'link' AS link FROM notification WHERE template = 'sign-in-link' ORDER BY created_at DESC LIMIT 1`);
  await db.end();
  const token = new URL(rows[0].link).searchParams.get('token')!;
  keep(await post('/sign-in/link', { token }));
  if (!jar.get('hearth_session')) throw new Error('could not sign in');
  const signedIn = { cookie: `hearth_session=${jar.get('hearth_session')}` };
  const check = await fetch(`${server.url}/account`, { headers: signedIn, redirect: 'manual' });
  if (check.status !== 200) throw new Error(`/account answered ${check.status} signed in`);

  // Warm up, then measure each in turn.
  await load(server.url, ['/'], connections, 2);
  await load(server.url, ['/'], connections, 2, signedIn);
  const healthz = await load(server.url, ['/healthz'], connections, seconds);
  const anonymous = await load(server.url, ['/'], connections, seconds);
  const withSession = await load(server.url, ['/'], connections, seconds, signedIn);
  const result = {
    date: new Date().toISOString(),
    connections,
    seconds,
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    healthz,
    anonymous,
    signedIn: withSession,
    addedP95Ms: withSession.p95 - anonymous.p95,
    addedP50Ms: withSession.p50 - anonymous.p50,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'identity-session.json'), JSON.stringify(result, null, 2));
  const row = (label: string, s: typeof healthz) => `| ${label} | ${s.requests} | ${s.throughput.toFixed(0)} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors + s.non2xx} |`;
  process.stdout.write(
    [
      `\nPostgreSQL, ${connections} connections, ${seconds} s each, load ${result.load} — ${result.machine}`,
      '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      row('/healthz (baseline)', healthz),
      row('/ anonymous', anonymous),
      row('/ signed in (session + roles)', withSession),
      `signed in adds: p50 ${result.addedP50Ms.toFixed(2)} ms, p95 ${result.addedP95Ms.toFixed(2)} ms\n`,
    ].join('\n'),
  );
} finally {
  await server.stop();
}
