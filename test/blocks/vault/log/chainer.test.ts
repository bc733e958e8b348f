import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import { recordAccess, type NewAccess } from '../../../../src/blocks/vault/log/append.js';
import { appendAccess, chainAllPending, chainPending } from '../../../../src/blocks/vault/log/chainer.js';
import { verifyLog } from '../../../../src/blocks/vault/log/verify.js';
import { platformMigrations } from '../../../../src/main.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import type { PlatformContext } from '../../../../src/platform/block.js';
import { createLogger } from '../../../../src/platform/log.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';

const access = (councilId: string, purpose: string): NewAccess => ({
  councilId,
  residentId: randomUUID(),
  actorKind: 'partner',
  actorId: 'client-1',
  actorName: 'Ashdown Homes',
  organisation: 'client-1',
  onBehalfOf: null,
  action: 'read',
  categories: ['household', 'address'],
  grantId: randomUUID(),
  basisId: null,
  purpose,
});

describe('vault: accesses recorded without a lock, chained in the order recorded', () => {
  let database: TestDatabase;
  let councilId: string;
  let otherCouncilId: string;
  const chained = async (id = councilId) =>
    (await database.db.query<{ seq: number; purpose: string }>('SELECT seq, purpose FROM vault_access_log WHERE council_id = $1 ORDER BY seq', [id])).rows;
  const waiting = async () => (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_pending')).rows[0].n;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown Council' })).id;
    otherCouncilId = (await addCouncil(database.db, { slug: 'otherton', name: 'Otherton Council' })).id;
  });
  after(() => database.close());

  it('records an access in its own transaction, waiting, and a pass chains it with its number and hash', async () => {
    await database.db.transaction((tx) => recordAccess(tx, councilId, [access(councilId, 'first'), access(councilId, 'second')]));
    assert.equal(await waiting(), 2);
    assert.deepEqual(await chained(), []);
    assert.equal(await chainPending(database.db, councilId), 2);
    assert.deepEqual(await chained(), [
      { seq: 1, purpose: 'first' },
      { seq: 2, purpose: 'second' },
    ]);
    assert.equal(await waiting(), 0);
    assert.deepEqual(await verifyLog(database.db, councilId), { councilId, entries: 2, seals: 0 });
    assert.equal(await chainPending(database.db, councilId), 0, 'nothing left to chain');
  });

  it('records nothing for an access whose transaction rolled back', async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await recordAccess(tx, councilId, [access(councilId, 'rolled back')]);
        throw new Error('the read failed');
      }),
      /the read failed/,
    );
    assert.equal(await waiting(), 0);
  });

  it('chains each council apart, after what was appended directly, and in the order recorded across many passes', async () => {
    await database.db.transaction((tx) => appendAccess(tx, councilId, [access(councilId, 'direct')]));
    for (let i = 0; i < 12; i++) await database.db.transaction((tx) => recordAccess(tx, i % 3 ? councilId : otherCouncilId, [access(i % 3 ? councilId : otherCouncilId, `n${i}`)]));
    assert.equal(await chainAllPending(database.db), 12);
    assert.deepEqual(
      (await chained()).map((r) => r.purpose),
      ['first', 'second', 'direct', 'n1', 'n2', 'n4', 'n5', 'n7', 'n8', 'n10', 'n11'],
    );
    assert.deepEqual((await chained(otherCouncilId)).map((r) => [r.seq, r.purpose]), [
      [1, 'n0'],
      [2, 'n3'],
      [3, 'n6'],
      [4, 'n9'],
    ]);
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
    assert.equal((await verifyLog(database.db, otherCouncilId)).broken, undefined);
  });

  it('chains every entry exactly once when passes run side by side, over more than one batch', async () => {
    const before = (await chained()).length;
    const many = Array.from({ length: 5200 }, (_, i) => access(councilId, `bulk ${i}`));
    await database.db.transaction((tx) => recordAccess(tx, councilId, many));
    const passes = await Promise.all([chainPending(database.db, councilId), chainPending(database.db, councilId), chainAllPending(database.db)]);
    assert.equal(
      passes.reduce((a, b) => a + b),
      5200,
    );
    const rows = await chained();
    assert.equal(rows.length, before + 5200);
    assert.deepEqual(
      rows.slice(before).map((r) => r.purpose),
      many.map((m) => m.purpose),
    );
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });

  it('a serving process chains what is recorded within a second, by itself', async () => {
    const [loop] = vaultBlock.background!({ db: database.db, log: createLogger('silent') } as PlatformContext);
    loop.start();
    try {
      await database.db.transaction((tx) => recordAccess(tx, councilId, [access(councilId, 'chained by the background pass')]));
      const deadline = Date.now() + 5000;
      while ((await waiting()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await waiting(), 0);
      assert.equal((await chained()).at(-1)?.purpose, 'chained by the background pass');
    } finally {
      await loop.stop();
    }
  });

  it('never changes a waiting entry', async () => {
    await database.db.transaction((tx) => recordAccess(tx, councilId, [access(councilId, 'waiting')]));
    await assert.rejects(database.db.query("UPDATE vault_access_pending SET purpose = 'Curiosity'"), /append-only/);
    await chainPending(database.db, councilId);
  });

  it('an access waiting to commit holds up neither another access nor a pass (PostgreSQL: transactions side by side)', { skip: onPglite() }, async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const inside = new Promise<void>((resolve) => (recorded = resolve));
    const slow = database.db.transaction(async (tx) => {
      await recordAccess(tx, councilId, [access(councilId, 'slow')]);
      recorded();
      await held;
    });
    await inside;
    // With the slow access still open: another records and commits, and a pass chains it.
    await database.db.transaction((tx) => recordAccess(tx, councilId, [access(councilId, 'quick')]));
    assert.equal(await chainPending(database.db, councilId), 1);
    assert.equal((await chained()).at(-1)?.purpose, 'quick');
    release();
    await slow;
    assert.equal(await chainPending(database.db, councilId), 1);
    assert.equal((await chained()).at(-1)?.purpose, 'slow');
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });
});

/** PGlite runs one transaction at a time: the side-by-side case needs PostgreSQL. */
function onPglite(): boolean {
  return !process.env.HEARTH_TEST_DATABASE_URL;
}
