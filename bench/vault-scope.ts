/**
 * What the vault's second wall costs a granted read (migration 010, sql/scope.ts): the same
 * gateway read (grant checked, address read, log entry appended) timed in-process on PostgreSQL
 * as a role that row-level security holds for (the council named, the policies evaluated) and as
 * a superuser on the same database (the council still named, the policies skipped), beside one
 * bare `SELECT set_config(…)`, the one statement the scope adds to each transaction.
 *
 *   node --import tsx bench/vault-scope.ts --residents 2000 --reads 3000 --concurrency 1
 *   node --import tsx bench/vault-scope.ts --residents 2000 --reads 3000 --concurrency 8
 *
 * Each run makes (and drops) its own database and role on HEARTH_TEST_DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/postgres). Reads alternate between the two roles
 * in rounds, each first in every other round, so a busy machine weighs on both alike.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { withResidentAccess } from '../src/blocks/vault/gateway.js';
import { createGrant } from '../src/blocks/vault/grants.js';
import { vaultBlock } from '../src/blocks/vault/index.js';
import { writeItems } from '../src/blocks/vault/record.js';
import { platformMigrations } from '../src/main.js';
import { addCouncil } from '../src/platform/councils.js';
import { KeyRing, keyRingOf, useKeyRing } from '../src/platform/crypto/key-ring.js';
import type { Db } from '../src/platform/db/db.js';
import { migrate } from '../src/platform/migrate.js';
import { freshDatabase } from '../test/support/db.js';
import { percentile } from './lib/percentiles.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '2000' },
    reads: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '6' },
  },
});
const residents = Number(values.residents);
const reads = Number(values.reads);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
process.env.HEARTH_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const database = await freshDatabase({ restricted: true });
const admin = await database.admin!();
try {
  await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
  const ring = new KeyRing([{ id: 'bench', key: randomBytes(32) }]);
  useKeyRing(database.db, ring);
  useKeyRing(admin, ring);
  const council = await addCouncil(database.db, { slug: 'bench', name: 'Bench Borough Council', isDefault: true });
  const partner = { kind: 'partner' as const, clientId: 'bench-partner', name: 'Bench housing association', scopes: ['vault.read'] };
  process.stderr.write(`Writing ${residents} residents' addresses and grants (through Hearth's own code, as the restricted role)\n`);
  const ids: string[] = [];
  for (let i = 0; i < residents; i++) {
    const id = randomUUID();
    await writeItems(database.db, keyRingOf(database.db), council.id, id, 'address', [{ lines: [`${i} High Street`], town: 'Benchton', postcode: 'AB1 2CD' }], { kind: 'resident', name: `Resident ${i}` });
    await createGrant(database.db, { councilId: council.id, residentId: id, granteeKind: 'partner', grantee: partner.clientId, categories: ['address'], access: 'read', purpose: 'Tenancy', lawfulBasis: 'contract', expiresAt: new Date(Date.now() + 100 * 86_400_000) });
    ids.push(id);
  }
  await admin.query('ANALYZE');

  const timed = async (db: Db, n: number, one: (i: number) => Promise<unknown>) => {
    const ms: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const i = next++;
          const start = performance.now();
          await one(i);
          ms.push(performance.now() - start);
        }
      }),
    );
    return ms;
  };
  const read = (db: Db) => (i: number) =>
    withResidentAccess(db, { councilId: council.id, actor: partner, residentId: ids[i % ids.length], categories: ['address'], action: 'read' }, (a) => a.read());
  const setConfig = (db: Db) => () => db.query("SELECT set_config('hearth.vault_council', $1, true)", [council.id]);

  const samples = { restricted: [] as number[], superuser: [] as number[], setConfig: [] as number[] };
  // A warm-up for each, then rounds that alternate.
  await timed(database.db, 200, read(database.db));
  await timed(admin, 200, read(admin));
  const loadBefore = loadavg();
  for (let r = 0; r < rounds; r++) {
    // Each goes first in every other round, so neither gains from following the other.
    const pair = [
      async () => samples.restricted.push(...(await timed(database.db, Math.ceil(reads / rounds), read(database.db)))),
      async () => samples.superuser.push(...(await timed(admin, Math.ceil(reads / rounds), read(admin)))),
    ];
    for (const run of r % 2 ? pair.reverse() : pair) await run();
    samples.setConfig.push(...(await timed(database.db, Math.ceil(reads / rounds), setConfig(database.db))));
  }
  const summary = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return { n: ms.length, p50: +percentile(sorted, 50).toFixed(3), p95: +percentile(sorted, 95).toFixed(3), p99: +percentile(sorted, 99).toFixed(3) };
  };
  const result = {
    benchmark: 'vault-scope',
    date: new Date().toISOString(),
    residents,
    concurrency,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}`,
    loadAverage: { before: loadBefore.map((l) => +l.toFixed(2)), after: loadavg().map((l) => +l.toFixed(2)) },
    grantedReadMs: { policiesHold: summary(samples.restricted), policiesSkipped: summary(samples.superuser) },
    setConfigAloneMs: summary(samples.setConfig),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await admin.close();
  await database.close();
}
