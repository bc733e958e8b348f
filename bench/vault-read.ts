/**
 * Granted read benchmark (issue 10): a partner system reads residents' addresses through the
 * vault's partner API — `GET /api/vault/residents/{id}/record?categories=address` with a bearer
 * token — each read checked against a live grant and written to the hash-chained access log in
 * the same transaction, beside the same server's `/healthz`, on loopback, PostgreSQL.
 * Budget: p95 <= 10 ms at 32 connections, with 1M residents and 10M log entries.
 *
 *   node --import tsx bench/vault-read.ts --residents 1000000 --log-entries 10000000 --connections 32 --seconds 15
 *   node --import tsx bench/vault-read.ts --reuse --connections 32 --seconds 15   # the database made before
 *
 * Each access is recorded in its transaction and chained by the server's background pass within
 * a second (log/chainer.ts); the result says how many waited when the load stopped and how long
 * they took to chain.
 *
 * Residents, their addresses and grants are written set-based in SQL (a benchmark's generator,
 * not Hearth's way in); the log's earlier entries are chained by the same `appendAccess` the
 * gateway uses, in batches. The database (hearth_bench_vault_read) is kept for --reuse.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { listClients, registerClient, rotateSecret } from '../src/blocks/identity/partners/service.js';
import { appendAccess, type NewAccess } from '../src/blocks/vault/index.js';
import { enabledBlocks, migrationSets } from '../src/main.js';
import { readConfig } from '../src/platform/config.js';
import { addCouncil, listCouncils } from '../src/platform/councils.js';
import { openDatabase } from '../src/platform/db/open.js';
import { migrate } from '../src/platform/migrate.js';
import { load } from './lib/load.js';
import { startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '1000000' },
    'log-entries': { type: 'string', default: '10000000' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '15' },
    reuse: { type: 'boolean', default: false },
    port: { type: 'string', default: '3457' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const residents = Number(values.residents);
const logEntries = Number(values['log-entries']);
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const port = Number(values.port);
const name = 'hearth_bench_vault_read';
const SLUG = 'bench';

if (!values.reuse) {
  const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
const env = { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}`, HEARTH_BLOCKS: 'identity,vault', HEARTH_PUBLIC_URL: `http://127.0.0.1:${port}` };
const config = readConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
const db = await openDatabase(config);
let clientId: string;
let secret: string;
try {
  await migrate(db, migrationSets(enabledBlocks(config)));
  const council = (await listCouncils(db)).find((c) => c.slug === SLUG) ?? (await addCouncil(db, { slug: SLUG, name: 'Bench Borough Council', isDefault: true }));
  // One partner across runs: a run after the first gives it a new secret (a secret is shown only
  // once) and keeps its grants, so the grant table does not grow by a million rows a run.
  const PARTNER = 'Bench housing association';
  const earlier = (await listClients(db, council.id)).find((c) => c.name === PARTNER && !c.disabledAt);
  const registered = earlier ? await rotateSecret(db, { councilId: council.id }, earlier.id) : await registerClient(db, { councilId: council.id }, { name: PARTNER, authMethod: 'client_secret', scopes: ['vault.read'] });
  if (!registered?.secret) throw new Error('the bench partner has no secret');
  clientId = registered.client.clientId;
  secret = registered.secret;
  const granted = Boolean(earlier);
  if (!values.reuse) {
    process.stderr.write(`Writing ${residents} residents' addresses\n`);
    await db.query(
      `INSERT INTO vault_item (council_id, id, resident_id, category, value, source_kind, source_name)
       SELECT $1, gen_random_uuid(), md5('resident-' || i)::uuid, 'address',
              jsonb_build_object('lines', jsonb_build_array(i || ' High Street'), 'town', 'Benchton', 'postcode', 'AB1 2CD'), 'resident', 'Resident ' || i
         FROM generate_series(1, $2::int) AS i`,
      [council.id, residents],
    );
    process.stderr.write(`Logging ${logEntries} earlier accesses\n`);
    const started = Date.now();
    for (let done = 0; done < logEntries; done += 5000) {
      const batch: NewAccess[] = [];
      for (let i = done; i < Math.min(logEntries, done + 5000); i++) {
        batch.push({
          councilId: council.id,
          at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
          residentId: '00000000-0000-4000-8000-000000000000',
          actorKind: 'partner',
          actorId: 'earlier-partner',
          actorName: 'An earlier partner',
          organisation: 'earlier-partner',
          onBehalfOf: null,
          action: 'read',
          categories: ['address'],
          grantId: null,
          basisId: null,
          purpose: 'Earlier work',
        });
      }
      await db.transaction((tx) => appendAccess(tx, council.id, batch));
      if ((done / 5000) % 100 === 0) process.stderr.write(`  ${done + batch.length} logged, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    await db.query('ANALYZE');
  }
  // The partner holds a live grant from every resident for their address (made on its first run).
  if (!granted) {
    process.stderr.write('Granting the partner every resident\u2019s address\n');
    await db.query(
      `INSERT INTO vault_grant (council_id, id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at)
       SELECT $1, gen_random_uuid(), md5('resident-' || i)::uuid, 'partner', $3, '{address}', 'read', 'To manage the resident''s tenancy', 'contract', 'active', now() - interval '1 day', now() + interval '100 days'
         FROM generate_series(1, $2::int) AS i`,
      [council.id, residents, clientId],
    );
    await db.query('ANALYZE vault_grant');
  }
} finally {
  await db.close();
}

const ids: string[] = [];
{
  // The residents' ids as the database makes them (md5 of the same text, as a uuid).
  const client = new pg.Client({ connectionString: env.HEARTH_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(`SELECT md5('resident-' || i)::uuid::text AS id FROM generate_series(1, $1::int) AS i ORDER BY random() LIMIT 20000`, [residents]);
  await client.end();
  ids.push(...rows.map((r) => r.id));
}

const loadBefore = loadavg();
const server = await startServer(env, port);
try {
  const base = `http://127.0.0.1:${port}`;
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=vault.read',
  });
  if (tokenRes.status !== 200) throw new Error(`token endpoint answered ${tokenRes.status}: ${await tokenRes.text()}`);
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const paths = ids.map((id) => `/api/vault/residents/${id}/record?categories=address`);
  const first = await fetch(`${base}${paths[0]}`, { headers: auth });
  if (first.status !== 200) throw new Error(`a granted read answered ${first.status}: ${await first.text()}`);
  await load(base, ['/healthz'], connections, 2);
  await load(base, paths, connections, 2, auth);
  const healthz = await load(base, ['/healthz'], connections, seconds);
  const read = await load(base, paths, connections, seconds, auth);
  // Accesses are chained by the server's background pass (log/chainer.ts): how far behind it was
  // when the load stopped, and how long it took to catch up.
  const watcher = new pg.Client({ connectionString: env.HEARTH_DATABASE_URL });
  await watcher.connect();
  const waiting = async () => Number((await watcher.query<{ n: string }>('SELECT count(*) AS n FROM vault_access_pending')).rows[0].n);
  const waitingAtEnd = await waiting();
  const caughtUp = Date.now();
  while ((await waiting()) > 0 && Date.now() - caughtUp < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const chaining = { waitingWhenLoadStopped: waitingAtEnd, secondsToChainThem: (Date.now() - caughtUp) / 1000, waitingAfter: await waiting() };
  await watcher.end();
  const result = {
    benchmark: 'vault-read',
    date: new Date().toISOString(),
    residents,
    logEntries: values.reuse ? 'as loaded before' : logEntries,
    connections,
    seconds,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadavg().map((l) => Number(l.toFixed(2))) },
    healthz,
    read,
    chaining,
    budgetP95Ms: 10,
    withinBudget: read.p95 <= 10,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await server.stop();
}
