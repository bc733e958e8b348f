/**
 * Vault log verification benchmark: a council's access log of N entries, chained by the same
 * `appendAccess` the gateway uses (in batches, so loading is quick), then checked end to end by
 * the same `verifyLog` that `hearth vault verify` runs. Reports entries checked per second.
 * Budget (issue 10): >= 500,000 entries/s on PostgreSQL with 10M entries.
 *
 *   node --import tsx bench/vault-verify.ts --entries 10000000
 *   node --import tsx bench/vault-verify.ts --entries 10000000 --reuse   # verify the log already loaded
 *
 *   node --import tsx bench/vault-verify.ts --database hearth_bench_vault_read   # the log bench/vault-read.ts loaded
 *
 * The database (hearth_bench_vault_<N>) is kept for re-runs with --reuse.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { vaultBlock, appendAccess, verifyLog, type NewAccess } from '../src/blocks/vault/index.js';
import { addCouncil, listCouncils } from '../src/platform/councils.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { migrate } from '../src/platform/migrate.js';
import { repoRoot } from './lib/server.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    residents: { type: 'string', default: '100000' },
    reuse: { type: 'boolean', default: false },
    // Another benchmark's database with a log already loaded (bench/vault-read.ts keeps 10M entries in hearth_bench_vault_read).
    database: { type: 'string' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const count = Number(values.entries);
const residents = Number(values.residents);
const name = values.database ?? `hearth_bench_vault_${count}`;
if (values.database) values.reuse = true;

if (!values.reuse) {
  const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
const db = await openPostgres(`${values['pg-url']}/${name}`, 4);
await migrate(db, [{ owner: 'platform', dir: join(repoRoot, 'src', 'platform', 'migrations') }, vaultBlock.migrations]);
const council = (await listCouncils(db)).find((c) => c.slug === 'bench') ?? (await addCouncil(db, { slug: 'bench', name: 'Benchmark Council', isDefault: true }));

if (!values.reuse) {
  // Realistic entries: staff of a few teams and partner systems reading one or two categories.
  const residentIds = Array.from({ length: Math.min(residents, 100_000) }, () => randomUUID());
  const teams = ['housing', 'council-tax', 'adult-social-care', 'benefits', 'libraries'];
  const categories = [['address'], ['address', 'household'], ['contact'], ['benefits'], ['name', 'contact', 'preferences']];
  const started = Date.now();
  const BATCH = 5_000;
  for (let done = 0; done < count; done += BATCH) {
    const batch: NewAccess[] = [];
    for (let i = done; i < Math.min(count, done + BATCH); i++) {
      const team = teams[i % teams.length];
      batch.push({
        councilId: council.id,
        at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
        residentId: residentIds[i % residentIds.length],
        actorKind: i % 7 === 0 ? 'partner' : 'staff',
        actorId: `officer-${i % 400}`,
        actorName: `Officer ${i % 400}`,
        organisation: team,
        onBehalfOf: null,
        action: i % 5 === 0 ? 'update' : 'read',
        categories: categories[i % categories.length],
        grantId: randomUUID(),
        basisId: null,
        purpose: `To handle the resident's ${team} case`,
      });
    }
    await db.transaction((tx) => appendAccess(tx, council.id, batch));
    if ((done / BATCH) % 40 === 0) process.stderr.write(`  ${done + batch.length} entries loaded, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
}

const started = process.hrtime.bigint();
const verification = await verifyLog(db, council.id, (checked) => {
  if (checked % 1_000_000 < 20_000) process.stderr.write(`  ${checked} checked\n`);
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const result = {
  benchmark: 'vault-verify',
  engine: 'postgres',
  entries: verification.entries,
  broken: verification.broken ?? null,
  seconds: Number(seconds.toFixed(2)),
  entriesPerSecond: Math.round(verification.entries / seconds),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg().map((l) => Number(l.toFixed(2))) },
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
await db.close();
if (verification.broken || (!values.database && verification.entries !== count)) process.exitCode = 1;
