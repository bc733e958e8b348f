import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import type { NewAccess } from '../../../../src/blocks/vault/log/append.js';
import { appendAccess } from '../../../../src/blocks/vault/log/chainer.js';
import { sealHead, sealKeyFrom } from '../../../../src/blocks/vault/log/seal.js';
import { verifyLog, type Verification } from '../../../../src/blocks/vault/log/verify.js';
import { entryHash } from '../../../../src/blocks/vault/log/chain.js';
import { platformMigrations } from '../../../../src/main.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { KeyRing } from '../../../../src/platform/crypto/key-ring.js';
import type { Queryable } from '../../../../src/platform/db/db.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';

const RESIDENTS = [randomUUID(), randomUUID(), randomUUID()];
const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);

const access = (councilId: string, n: number): NewAccess => ({
  councilId,
  residentId: RESIDENTS[n % RESIDENTS.length],
  actorKind: 'staff',
  actorId: `officer-${n % 4}`,
  actorName: `Officer ${n % 4}`,
  organisation: 'Housing options',
  onBehalfOf: null,
  action: n % 5 ? 'read' : 'update',
  categories: n % 2 ? ['address', 'household'] : ['contact'],
  grantId: randomUUID(),
  basisId: null,
  purpose: 'Assessing a homelessness application',
});

/** Tamper inside a transaction that is then rolled back, so each case starts from the same log. */
class Rollback extends Error {}
async function tampered(db: TestDatabase['db'], councilId: string, damage: (tx: Queryable) => Promise<void>, stretch?: number): Promise<Verification> {
  let seen: Verification | undefined;
  await db
    .transaction(async (tx) => {
      // What the table's owner can do: switch the append-only triggers off.
      await tx.query('ALTER TABLE vault_access_log DISABLE TRIGGER USER');
      await damage(tx);
      seen = await verifyLog(tx, councilId, undefined, { stretch });
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return seen!;
}

describe('vault: the access log, hash-chained per council', () => {
  let database: TestDatabase;
  let councilId: string;
  let otherCouncilId: string;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown Council' }, [vaultBlock])).id;
    otherCouncilId = (await addCouncil(database.db, { slug: 'otherton', name: 'Otherton Council' }, [vaultBlock])).id;
    // 50 entries, written as accesses are: a few per transaction, and some transactions at once.
    await Promise.all(
      Array.from({ length: 10 }, (_, t) => database.db.transaction((tx) => appendAccess(tx, councilId, Array.from({ length: 5 }, (_, i) => access(councilId, t * 5 + i))))),
    );
    await database.db.transaction((tx) => appendAccess(tx, otherCouncilId, [access(otherCouncilId, 1)]));
  });
  after(() => database.close());

  it('numbers entries 1, 2, 3… per council without gaps, and verifies whole', async () => {
    const v = await verifyLog(database.db, councilId);
    assert.deepEqual(v, { councilId, entries: 50, seals: 0 });
    assert.deepEqual(await verifyLog(database.db, otherCouncilId), { councilId: otherCouncilId, entries: 1, seals: 0 });
  });

  it('writes nothing for an access whose transaction rolled back: no entry, no gap', async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await appendAccess(tx, councilId, [access(councilId, 99)]);
        throw new Error('the read failed');
      }),
    );
    assert.equal((await verifyLog(database.db, councilId)).entries, 50);
  });

  it('refuses to change or delete an entry, or empty the log', async () => {
    await assert.rejects(database.db.query("UPDATE vault_access_log SET purpose = 'x' WHERE seq = 3"), /append-only/);
    await assert.rejects(database.db.query('DELETE FROM vault_access_log WHERE seq = 3'), /append-only/);
    await assert.rejects(database.db.query('TRUNCATE vault_access_log'), /append-only/);
  });

  it('checks a long log in stretches, two at a time on their own connections, joined in order', async () => {
    // Stretches of 7 over 50 entries: eight of them, asked two ahead, each in a scope of its own.
    assert.deepEqual(await verifyLog(database.db, councilId, undefined, { stretch: 7 }), { councilId, entries: 50, seals: 0 });
    const changed = await tampered(database.db, councilId, (tx) => tx.query("UPDATE vault_access_log SET purpose = 'Curiosity' WHERE council_id = $1 AND seq = 40", [councilId]).then(() => {}), 7);
    assert.deepEqual(changed.broken && [changed.broken.seq, changed.broken.kind, changed.entries], [40, 'changed', 39]);
  });

  it('names the first broken entry: edited, deleted, inserted, reordered, cut short', async () => {
    const where = (v: Verification) => v.broken && [v.broken.seq, v.broken.kind];
    assert.deepEqual(where(await tampered(database.db, councilId, (tx) => tx.query("UPDATE vault_access_log SET purpose = 'Curiosity' WHERE council_id = $1 AND seq = 20", [councilId]).then(() => {}))), [20, 'changed']);
    assert.deepEqual(where(await tampered(database.db, councilId, (tx) => tx.query("UPDATE vault_access_log SET categories = '{health}' WHERE council_id = $1 AND seq = 7", [councilId]).then(() => {}))), [7, 'changed']);
    assert.deepEqual(where(await tampered(database.db, councilId, (tx) => tx.query('DELETE FROM vault_access_log WHERE council_id = $1 AND seq = 30', [councilId]).then(() => {}))), [30, 'missing']);
    // Inserted: everything after moved up one, the forged entry in the gap.
    assert.deepEqual(
      where(
        await tampered(database.db, councilId, async (tx) => {
          await tx.query('UPDATE vault_access_log SET seq = seq + 1000 WHERE council_id = $1 AND seq >= 15', [councilId]);
          await tx.query('UPDATE vault_access_log SET seq = seq - 999 WHERE council_id = $1 AND seq >= 1015', [councilId]);
          await tx.query(
            `INSERT INTO vault_access_log (council_id, seq, at, resident_id, actor_kind, actor_id, actor_name, organisation, action, categories, purpose, prev_hash, hash)
             SELECT council_id, 15, at, resident_id, actor_kind, actor_id, actor_name, organisation, action, categories, 'Forged', prev_hash, hash FROM vault_access_log WHERE council_id = $1 AND seq = 14`,
            [councilId],
          );
        }),
      ),
      [15, 'link'],
    );
    // Reordered: two entries' places swapped.
    assert.deepEqual(
      where(
        await tampered(database.db, councilId, async (tx) => {
          await tx.query('UPDATE vault_access_log SET seq = 1010 WHERE council_id = $1 AND seq = 10', [councilId]);
          await tx.query('UPDATE vault_access_log SET seq = 10 WHERE council_id = $1 AND seq = 11', [councilId]);
          await tx.query('UPDATE vault_access_log SET seq = 11 WHERE council_id = $1 AND seq = 1010', [councilId]);
        }),
      ),
      [10, 'link'],
    );
    // Cut short: the last five gone.
    assert.deepEqual(where(await tampered(database.db, councilId, (tx) => tx.query('DELETE FROM vault_access_log WHERE council_id = $1 AND seq > 45', [councilId]).then(() => {}))), [46, 'head']);
  });

  it('catches a rewrite of the whole tail after a seal, which the chain alone cannot show', async () => {
    const key = sealKeyFrom(ring);
    assert.equal(await sealHead(database.db, councilId, key), 50);
    assert.deepEqual(await verifyLog(database.db, councilId), { councilId, entries: 50, seals: 1 });
    // Someone with the database but not the key edits entry 40 and re-computes every hash after it.
    const v = await tampered(database.db, councilId, async (tx) => {
      await tx.query("UPDATE vault_access_log SET purpose = 'Curiosity' WHERE council_id = $1 AND seq = 40", [councilId]);
      const { rows } = await tx.query<Record<string, unknown>>('SELECT * FROM vault_access_log WHERE council_id = $1 AND seq >= 39 ORDER BY seq', [councilId]);
      let prev: Buffer = Buffer.from(rows[0].hash as Uint8Array);
      for (const r of rows.slice(1)) {
        const hash = entryHash(prev, {
          councilId,
          seq: Number(r.seq),
          at: r.at as Date,
          residentId: r.resident_id as string,
          actorKind: r.actor_kind as 'staff',
          actorId: r.actor_id as string,
          actorName: r.actor_name as string,
          organisation: r.organisation as string,
          onBehalfOf: r.on_behalf_of as string | null,
          action: r.action as 'read',
          categories: r.categories as string[],
          grantId: r.grant_id as string | null,
          basisId: r.basis_id as string | null,
          purpose: r.purpose as string,
        });
        await tx.query('UPDATE vault_access_log SET prev_hash = $3, hash = $4 WHERE council_id = $1 AND seq = $2', [councilId, r.seq, prev, hash]);
        prev = hash;
      }
      await tx.query('UPDATE vault_log_head SET hash = $2 WHERE council_id = $1', [councilId, prev]);
    });
    assert.deepEqual(v.broken && [v.broken.seq, v.broken.kind], [50, 'seal']);
    // A seal whose signature was forged does not hold either.
    const forged = await tampered(database.db, councilId, async (tx) => {
      await tx.query('ALTER TABLE vault_log_seal DISABLE TRIGGER USER');
      await tx.query("UPDATE vault_log_seal SET signature = decode(repeat('00', 64), 'hex') WHERE council_id = $1", [councilId]);
    });
    assert.equal(forged.broken?.kind, 'seal');
  });

  it('for any single entry changed, names exactly that entry (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50 }), fc.constantFrom('purpose', 'actor_name', 'organisation', 'action'), async (seq, column) => {
        const value = column === 'action' ? "CASE WHEN action = 'read' THEN 'update' ELSE 'read' END" : `${column} || '!'`;
        const v = await tampered(database.db, councilId, (tx) => tx.query(`UPDATE vault_access_log SET ${column} = ${value} WHERE council_id = $1 AND seq = $2`, [councilId, seq]).then(() => {}));
        assert.deepEqual(v.broken && [v.broken.seq, v.broken.kind], [seq, 'changed']);
      }),
      { numRuns: 15 },
    );
  });
});
