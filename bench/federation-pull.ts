/**
 * Federation pull benchmark: a generated ORUK 3.0 feed of N services served over https on
 * loopback (a self-signed certificate, reached through the same safe fetch as any feed, with
 * only loopback allowed for this run), pulled into a fresh PostgreSQL database by the same
 * `pullFeed` the scheduled job runs: pages read, services validated, namespaced, imported in
 * batches with their search index rows and events, matched against the council's listings.
 *
 *   node --import tsx bench/federation-pull.ts --services 50000
 *   node --import tsx bench/federation-pull.ts --services 50000 --summaries   # each service from /services/{id}
 *   node --import tsx bench/federation-pull.ts --services 50000 --own 5000    # the council already lists 5,000 of them
 *
 * By default the list pages carry full services (as many aggregators publish them); with
 * --summaries they carry ORUK's list items and every service is fetched on its own. With
 * --own N the council's own directory first holds the feed's first N services (imported as its
 * own listings, before the timer starts), so matching runs in every batch and finds each of
 * them again.
 *
 * Beside the pull, in the same run, its bare baseline (as /healthz is for the page
 * benchmarks): the same pages read through the same client and parsed, nothing validated or
 * written. The machine is shared: the pull's figure means something only beside it, and with
 * the load average, taken before and after.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateDemoServices } from '../src/blocks/directory/demo/generator.js';
import { FeedClient } from '../src/blocks/directory/federation/feed-client.js';
import { pullFeed } from '../src/blocks/directory/federation/pull.js';
import { getFeed, insertFeed } from '../src/blocks/directory/sql/feeds.js';
import { directoryBlock, importOruk } from '../src/blocks/directory/index.js';
import { addCouncil } from '../src/platform/councils.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { SafeFetcher } from '../src/platform/http/safe-fetch.js';
import { migrate } from '../src/platform/migrate.js';
import { selfSignedCertificate } from '../test/support/https-server.js';
import { repoRoot } from './lib/server.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '50000' },
    'per-page': { type: 'string', default: '500' },
    summaries: { type: 'boolean', default: false },
    own: { type: 'string', default: '0' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const count = Number(values.services);
const perPageServed = Number(values['per-page']);

process.stderr.write(`Generating ${count} services\n`);
// Each service's JSON once, and its list item: the feed answers from memory, as a cache would.
const full: string[] = [];
const summary: string[] = [];
const byId = new Map<string, number>();
for (const service of generateDemoServices({ services: count })) {
  byId.set(service.id, full.length);
  full.push(JSON.stringify(service));
  const { service_at_locations: _a, phones: _p, schedules: _s, contacts: _c, languages: _l, cost_options: _o, service_areas: _r, attributes: _t, funding: _f, required_documents: _d, ...item } =
    service as Record<string, unknown>;
  summary.push(JSON.stringify(item));
}

const { key, cert } = selfSignedCertificate();
const server = createServer({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'https://feed.bench');
  const one = /^\/oruk\/services\/([^/]+)$/.exec(url.pathname);
  res.setHeader('content-type', 'application/json');
  if (one) {
    const i = byId.get(decodeURIComponent(one[1]));
    res.statusCode = i === undefined ? 404 : 200;
    return void res.end(i === undefined ? '{}' : full[i]);
  }
  const page = Number(url.searchParams.get('page') ?? 1);
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 50), perPageServed);
  const items = (values.summaries ? summary : full).slice((page - 1) * perPage, page * perPage);
  const pages = Math.ceil(count / perPage);
  res.end(`{"total_items":${count},"total_pages":${pages},"page_number":${page},"size":${items.length},"first_page":${page === 1},"last_page":${page >= pages},"empty":${!items.length},"contents":[${items.join(',')}]}`);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

const name = `hearth_bench_federation_${count}`;
const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const db = await openPostgres(`${values['pg-url']}/${name}`, 10);
await migrate(db, [{ owner: 'platform', dir: join(repoRoot, 'src', 'platform', 'migrations') }, directoryBlock.migrations]);
const council = await addCouncil(db, { slug: 'bench', name: 'Benchmark Council', isDefault: true });
const own = Number(values.own);
if (own > 0) {
  process.stderr.write(`Importing the council's own ${own} listings\n`);
  await importOruk(db, council.id, full.slice(0, own).map((json) => JSON.parse(json) as unknown));
}
const feedId = '00000000-0000-4000-8000-00000000feed';
await insertFeed(db, { councilId: council.id, id: feedId, url: `${origin}/oruk`, name: 'Generated feed' });

const fetcher = new SafeFetcher({ allowLoopbackHosts: ['127.0.0.1'], ca: cert });
const clientOptions = { fetcher, timeoutMs: 60_000, maxPageBytes: 64 * 1024 * 1024 };
const loadBefore = loadavg()[0];

// The bare baseline: every page read and parsed, nothing else.
const readStarted = process.hrtime.bigint();
let readCount = 0;
{
  const client = new FeedClient(`${origin}/oruk`, clientOptions);
  for (let page = 1, pages = 1; page <= pages; page++) {
    const list = await client.servicesPage(page, values.summaries ? 100 : perPageServed);
    pages = list.totalPages ?? page;
    readCount += list.contents.length;
  }
}
const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
process.stderr.write(`Baseline: ${readCount} services read in ${readSeconds.toFixed(1)} s\n`);

const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
let last = 0;
const outcome = await pullFeed(db, (await getFeed(db, council.id, feedId))!, {
  client: clientOptions,
  perPage: values.summaries ? 100 : perPageServed,
  onProgress(done) {
    if (done - last >= 5000) {
      last = done;
      process.stderr.write(`  ${done} services read, ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
await db.close();
server.close();

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      services: count,
      mode: values.summaries ? 'summaries, each service fetched' : 'full services in the list pages',
      ownListings: own,
      status: outcome.status,
      error: outcome.error,
      imported: outcome.imported,
      skipped: outcome.skipped.length,
      matched: outcome.matched,
      seconds: Math.round(seconds * 10) / 10,
      servicesPerSecond: Math.round(outcome.imported / seconds),
      // This process's CPU during the pull (the feed server's answers included): near the
      // pull's seconds, Node is what limits it; well below, the database is.
      nodeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      baseline: { what: 'the same pages read and parsed, nothing written', seconds: Math.round(readSeconds * 10) / 10, servicesPerSecond: Math.round(readCount / readSeconds) },
      load: `${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`,
      machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL`,
    },
    null,
    2,
  ),
);
process.exit(0);
