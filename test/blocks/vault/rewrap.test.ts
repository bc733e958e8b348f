import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { rewrapVaultItems, vaultBlock } from '../../../src/blocks/vault/index.js';
import { changeItem, itemHistory, writeItems } from '../../../src/blocks/vault/record.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { KeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

/** The documented rotation (new key first, rewrap, drop the old key) must keep every sealed vault value readable. */
describe('vault: hearth keys rewrap covers the sealed values of residents\' records', () => {
  let database: TestDatabase;
  const councils: string[] = [];
  const keyA = { id: 'a', key: randomBytes(32) };
  const keyB = { id: 'b', key: randomBytes(32) };
  const keyC = { id: 'c', key: randomBytes(32) };
  const resident = { kind: 'resident' as const, name: 'Rhian' };
  const kids = async () => (await database.db.query<{ kid: string | null; n: number }>(`SELECT value->>'kid' AS kid, count(*)::int AS n FROM vault_item GROUP BY 1 ORDER BY 1 NULLS FIRST`)).rows;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councils.push((await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id);
    councils.push((await addCouncil(database.db, { slug: 'otherton', name: 'Otherton' }, [vaultBlock])).id);
  });
  after(() => database.close());

  it('re-wraps current and replaced values in every council, so they open once the old key is dropped', async () => {
    const onlyA = new KeyRing([keyA]);
    const residents: Array<{ council: string; id: string }> = [];
    for (const council of councils) {
      for (let n = 0; n < 3; n++) {
        const id = randomUUID();
        residents.push({ council, id });
        // Sensitive categories (sealed) with a replaced value each, and a standard one (not sealed).
        await writeItems(database.db, onlyA, council, id, 'benefits', [{ held: ['pension_credit'] }], resident);
        await writeItems(database.db, onlyA, council, id, 'benefits', [{ held: ['universal_credit'], other: `case ${n}` }], resident);
        await writeItems(database.db, onlyA, council, id, 'disability', [{ applies: true, details: 'Uses a wheelchair' }], resident);
        await writeItems(database.db, onlyA, council, id, 'address', [{ lines: ['1 High Street'], town: 'Testbury', postcode: 'TS1 1AA' }], resident);
        await changeItem(database.db, onlyA, council, id, 'household', { value: { name: 'Dai', relationship: 'partner' } }, resident);
      }
    }
    const before = new Map<string, unknown>();
    for (const r of residents) before.set(r.id, (await itemHistory(database.db, onlyA, r.council, r.id)).map((i) => [i.id, i.value]));
    assert.deepEqual(await kids(), [{ kid: null, n: 12 }, { kid: 'a', n: 18 }]);

    // Step 2: the new key first, the old one after it. Step 3: rewrap (small batches, to cross several).
    const both = new KeyRing([keyB, keyA]);
    assert.deepEqual(await rewrapVaultItems(database.db, both, { batch: 4 }), { sealed: 0, rewrapped: 18, unchanged: 0, unopenable: 0 });
    assert.deepEqual(await kids(), [{ kid: null, n: 12 }, { kid: 'b', n: 18 }]);
    // Step 4: the old key dropped. Everything still opens, history too, exactly as it was.
    const onlyB = new KeyRing([keyB]);
    for (const r of residents) assert.deepEqual((await itemHistory(database.db, onlyB, r.council, r.id)).map((i) => [i.id, i.value]), before.get(r.id));
    // Run again: nothing to do, and it says so.
    assert.deepEqual(await rewrapVaultItems(database.db, onlyB), { sealed: 0, rewrapped: 0, unchanged: 18, unopenable: 0 });
  });

  it('leaves a value no configured key opens as it is, and counts it', async () => {
    const stray = randomUUID();
    await writeItems(database.db, new KeyRing([keyC]), councils[0], stray, 'carer', [{ applies: true }], resident);
    const stored = async () => (await database.db.query<{ value: unknown }>('SELECT value FROM vault_item WHERE resident_id = $1', [stray])).rows[0].value;
    const was = await stored();
    assert.deepEqual(await rewrapVaultItems(database.db, new KeyRing([keyB]), { batch: 1 }), { sealed: 0, rewrapped: 0, unchanged: 18, unopenable: 1 });
    assert.deepEqual(await stored(), was);
    // With its key back (after the current one), it is re-wrapped like the rest.
    assert.deepEqual(await rewrapVaultItems(database.db, new KeyRing([keyB, keyC])), { sealed: 0, rewrapped: 1, unchanged: 18, unopenable: 0 });
    assert.deepEqual((await itemHistory(database.db, new KeyRing([keyB]), councils[0], stray)).map((i) => i.value), [{ applies: true }]);
  });

  it('does nothing on a database without the vault\'s tables', async () => {
    const bare = await freshDatabase();
    try {
      await migrate(bare.db, [platformMigrations]);
      assert.deepEqual(await rewrapVaultItems(bare.db, new KeyRing([keyB])), { sealed: 0, rewrapped: 0, unchanged: 0, unopenable: 0 });
    } finally {
      await bare.close();
    }
  });
});
