/**
 * Tell us once benchmark: a resident's change of address fanned out to 5 recipients (3 partner
 * systems, each with its own webhook endpoint on loopback, and 2 council teams), timed from the
 * change's commit to the commit of all 5 notices (and the 3 partners' webhook deliveries), p95
 * over many changes. Budget (issue 10): <= 50 ms p95 on PostgreSQL.
 *
 *   node --import tsx bench/vault-fan-out.ts --changes 2000 --concurrency 4
 *
 * What runs: `--concurrency` writers each change one resident's address at a time (the same
 * `writeItems` the record pages use: the change and its outbox event in one transaction); one
 * dispatcher (the platform's, with the vault's tell-us-once subscriber and the webhook fan-out)
 * hands events out as soon as it is free and, when idle, waits as the server's does: woken by
 * the outbox's notification at commit, else its poll (`--poll-ms`, 1 s as in the server); the
 * platform's webhook deliverer sends the partners' messages to three HTTPS receivers on loopback meanwhile, so delivery load is there too. The time of a change is
 * from its writer's commit to the end of the dispatcher transaction that recorded its notices.
 *
 * The server's dispatcher is woken as soon as an event commits (platform migration 011: the
 * outbox notifies it), with its one-second poll underneath: what is measured here is what a
 * running Hearth does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { vaultBlock } from '../src/blocks/vault/index.js';
import { writeItems, RECORD_CHANGED } from '../src/blocks/vault/record.js';
import { insertGrant } from '../src/blocks/vault/sql/grants.js';
import { insertTeam } from '../src/blocks/vault/sql/teams.js';
import { inCouncil } from '../src/blocks/vault/sql/scope.js';
import { registerPartnerEndpoint, subscribeTellUsOnce } from '../src/blocks/vault/tell-us-once/index.js';
import type { PlatformContext } from '../src/platform/block.js';
import { readConfig } from '../src/platform/config.js';
import { addCouncil, listCouncils } from '../src/platform/councils.js';
import { keyRingOf, readKeyRing, useKeyRing } from '../src/platform/crypto/key-ring.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { Dispatcher } from '../src/platform/events/dispatcher.js';
import { SafeFetcher } from '../src/platform/http/safe-fetch.js';
import { createLogger } from '../src/platform/log.js';
import { migrate } from '../src/platform/migrate.js';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookDeliverer } from '../src/platform/webhooks/index.js';
import { subscribeWebhooks } from '../src/platform/webhooks/fan-out.js';
import { startHttpsServer } from '../test/support/https-server.js';
import { percentile } from './lib/percentiles.js';
import { repoRoot } from './lib/server.js';

const { values } = parseArgs({
  options: {
    changes: { type: 'string', default: '2000' },
    residents: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    'poll-ms': { type: 'string', default: '1000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const changes = Number(values.changes);
const residentCount = Number(values.residents);
const concurrency = Number(values.concurrency);
const pollMs = Number(values['poll-ms']);
const name = 'hearth_bench_vault_fan_out';

const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();

const db = await openPostgres(`${values['pg-url']}/${name}`, concurrency + 4);
useKeyRing(db, readKeyRing({}, { production: false, dataDir: join(repoRoot, '.bench-data') }));
await migrate(db, [{ owner: 'platform', dir: join(repoRoot, 'src', 'platform', 'migrations') }, vaultBlock.migrations]);
const council = (await listCouncils(db)).find((c) => c.slug === 'bench') ?? (await addCouncil(db, { slug: 'bench', name: 'Benchmark Council', isDefault: true }));
const log = createLogger('warn');
const config = readConfig({ HEARTH_DATA_DIR: 'memory://', HEARTH_PUBLIC_URL: 'https://hearth.example', LOG_LEVEL: 'warn' });

// Three partner systems' receivers on loopback, answering 204.
let received = 0;
const receivers = await Promise.all(
  [0, 1, 2].map(() =>
    startHttpsServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(204).end();
      });
    }),
  ),
);
const partners = receivers.map((_, i) => ({ clientId: `partner-${i + 1}`, name: `Partner ${i + 1}` }));
for (const [i, partner] of partners.entries()) await registerPartnerEndpoint(db, council.id, partner, `${receivers[i].origin}/hook`);
const teams = ['Housing options', 'Council tax'];
for (const team of teams) await inCouncil(db, council.id, (tx) => insertTeam(tx, council.id, team, { nameEn: team, nameCy: team, descriptionEn: '', descriptionCy: '', contactEmail: `${team.replace(/ /g, '.').toLowerCase()}@bench.example` }));

// Residents, each with five live grants covering address (and one paused, one for another category: not told).
process.stderr.write(`  ${residentCount} residents, 7 grants each\n`);
const residents = Array.from({ length: residentCount }, () => randomUUID());
const expiresAt = new Date(Date.now() + 300 * 24 * 3600_000);
const startsAt = new Date(Date.now() - 3600_000);
for (const residentId of residents) {
  const grant = (granteeKind: 'team' | 'partner', grantee: string, categories: string[], status: 'active' | 'paused' = 'active') =>
    inCouncil(db, council.id, (tx) => insertGrant(tx, council.id, { id: randomUUID(), residentId, granteeKind, grantee, categories, access: 'read', purpose: 'Keeping in touch', lawfulBasis: 'consent', status, startsAt, expiresAt }));
  for (const p of partners) await grant('partner', p.clientId, ['address', 'contact']);
  for (const team of teams) await grant('team', team, ['address']);
  await grant('team', 'Benefits', ['benefits']);
  await grant('partner', 'partner-paused', ['address'], 'paused');
}

const dispatcher = new Dispatcher(db, log);
const ctx = { config, db, log, events: dispatcher } as unknown as PlatformContext;
subscribeWebhooks(dispatcher);
subscribeTellUsOnce(ctx);
// Which residents' changes the dispatcher's current batch holds: stamped when its transaction has committed.
let batch: string[] = [];
dispatcher.subscribe(RECORD_CHANGED, (event) => {
  batch.push(String(event.data.residentId));
});
const committedAt = new Map<string, bigint>();
const latencies: number[] = [];
let recorded = 0;

let running = true;
// Woken as the server's dispatcher is: by the outbox's notification at commit (Db.listen), else its poll.
// A notification heard while a round runs is kept (as PollLoop.wake does), so the next wait is skipped.
let woken = false;
let wake: () => void = () => {
  woken = true;
};
const unlisten = await db.listen('hearth_outbox', () => wake());
const dispatching = (async () => {
  while (running || committedAt.size) {
    batch = [];
    const handled = await dispatcher.dispatchOnce();
    const done = process.hrtime.bigint();
    for (const residentId of batch) {
      const at = committedAt.get(residentId);
      if (at !== undefined) {
        latencies.push(Number(done - at) / 1e6);
        committedAt.delete(residentId);
        recorded++;
      }
    }
    if (!handled && !woken)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    woken = false;
    wake = () => {
      woken = true;
    };
  }
  await unlisten();
})();

const fetcher = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'], ca: receivers.map((r) => r.cert).join('\n'), resolve: async (host) => [{ address: host, family: 4 }] });
const deliverer = new WebhookDeliverer(db, log, { ...DEFAULT_WEBHOOK_SETTINGS, timeoutMs: 5000 }, fetcher, 20);
deliverer.start();

// Writers: one resident at a time each, waiting until the dispatcher has recorded its notices (so a resident has one change in flight).
const ring = keyRingOf(db);
let next = 0;
const started = Date.now();
const source = { kind: 'resident' as const, name: 'Themselves' };
async function writer(w: number) {
  for (let i; (i = next++) < changes; ) {
    const residentId = residents[(i * concurrency + w) % residents.length];
    while (committedAt.has(residentId)) await new Promise((r) => setTimeout(r, 1));
    await writeItems(db, ring, council.id, residentId, 'address', [{ lines: [`${i} Bench Street`], town: 'Benchford', postcode: 'BE1 1CH' }], source);
    committedAt.set(residentId, process.hrtime.bigint());
    if (i % 200 === 0) process.stderr.write(`  ${i} changes, ${recorded} fanned out, ${received} webhooks received\n`);
    while (committedAt.has(residentId)) await new Promise((r) => setTimeout(r, 1));
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, w) => writer(w)));
running = false;
await dispatching;
const elapsed = (Date.now() - started) / 1000;
// Let the deliverer finish what it has (bounded), then stop.
for (let waited = 0; waited < 20_000 && received < changes * 3; waited += 100) await new Promise((r) => setTimeout(r, 100));
await deliverer.stop();

const { rows } = await db.query<{ notices: number; events: number; wrong: number; deliveries: number }>(
  `SELECT (SELECT count(*) FROM vault_notice)::int AS notices,
          (SELECT count(DISTINCT event_id) FROM vault_notice)::int AS events,
          (SELECT count(*) FROM (SELECT event_id FROM vault_notice GROUP BY event_id HAVING count(*) <> 5) x)::int AS wrong,
          (SELECT count(*) FROM webhook_delivery)::int AS deliveries`,
);
const sorted = [...latencies].sort((a, b) => a - b);
const result = {
  benchmark: 'vault-fan-out',
  changes,
  residents: residentCount,
  concurrency,
  pollMs,
  notices: rows[0].notices,
  changesWithOtherThanFiveNotices: rows[0].wrong,
  webhookDeliveries: rows[0].deliveries,
  webhooksReceived: received,
  changesPerSecond: Math.round(changes / elapsed),
  latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] },
  budgetP95Ms: 50,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), loadavg: loadavg().map((l) => Number(l.toFixed(2))) },
};
console.log(JSON.stringify(result, null, 2));
for (const r of receivers) await r.close();
await db.close();
