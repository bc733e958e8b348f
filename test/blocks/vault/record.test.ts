import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vaultBlock } from '../../../src/blocks/vault/index.js';
import { changeItem, itemHistory, readItems, RECORD_CHANGED, writeItems } from '../../../src/blocks/vault/record.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { KeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

describe('vault: a record\'s items, their history, and the event each change writes', () => {
  let database: TestDatabase;
  let councilId: string;
  const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
  const resident = { kind: 'resident' as const, name: 'Rhian' };
  const eventsOf = async (residentId: string) =>
    (await database.db.query<{ type: string; subject: string; data: Record<string, unknown> }>('SELECT type, subject, data FROM outbox WHERE subject = $1 ORDER BY id', [residentId])).rows;

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id;
  });
  after(() => database.close());

  it('supersedes a category\'s values (history kept) and writes vault.record.changed with ids, never values', async () => {
    const rhian = randomUUID();
    const [first] = await writeItems(database.db, ring, councilId, rhian, 'address', [{ lines: ['1 High Street'], town: 'Testbury', postcode: 'TS1 1AA' }], resident);
    const [second] = await writeItems(database.db, ring, councilId, rhian, 'address', [{ lines: ['2 New Road'], town: 'Testbury', postcode: 'TS2 2BB' }], { kind: 'staff', name: 'Jo (Housing)' });
    assert.deepEqual((await readItems(database.db, ring, councilId, rhian, ['address'])).map((i) => i.id), [second]);
    const history = await itemHistory(database.db, ring, councilId, rhian, ['address']);
    assert.deepEqual(history.map((h) => [h.id, h.supersededAt === null, h.source.kind]), [[second, true, 'staff'], [first, false, 'resident']]);
    const events = await eventsOf(rhian);
    assert.deepEqual(events.map((e) => [e.type, e.data]), [
      [RECORD_CHANGED, { residentId: rhian, category: 'address', items: [first], superseded: [], source: 'resident' }],
      [RECORD_CHANGED, { residentId: rhian, category: 'address', items: [second], superseded: [first], source: 'staff' }],
    ]);
    assert.doesNotMatch(JSON.stringify(events), /High Street|New Road|TS1/);
  });

  it('writes the change and its event in one transaction: a change rolled back leaves neither', async () => {
    const rhian = randomUUID();
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await writeItems(tx, ring, councilId, rhian, 'name', [{ fullName: 'Rhian' }], resident);
        throw new Error('something after it failed');
      }),
      /something after it failed/,
    );
    assert.deepEqual(await itemHistory(database.db, ring, councilId, rhian), []);
    assert.deepEqual(await eventsOf(rhian), []);
    await assert.rejects(writeItems(database.db, ring, councilId, rhian, 'not_a_category', [{}], resident), /no record category not_a_category/);
    assert.deepEqual(await eventsOf(rhian), []);
  });

  it('adds, changes and removes one household member at a time; another resident\'s member is not theirs to change', async () => {
    const rhian = randomUUID();
    const other = randomUUID();
    const cai = await changeItem(database.db, ring, councilId, rhian, 'household', { value: { name: 'Cai', relationship: 'son' } }, resident);
    const dee = await changeItem(database.db, ring, councilId, rhian, 'household', { value: { name: 'Dee', relationship: 'partner' } }, resident);
    assert.ok(cai && dee);
    assert.equal(await changeItem(database.db, ring, councilId, other, 'household', { replaces: cai }, resident), undefined, 'not the other resident\'s');
    assert.equal(await changeItem(database.db, ring, councilId, rhian, 'household', { replaces: randomUUID(), value: { name: 'X', relationship: 'y' } }, resident), undefined);
    const cai2 = await changeItem(database.db, ring, councilId, rhian, 'household', { replaces: cai, value: { name: 'Cai Jones', relationship: 'son' } }, resident);
    assert.equal(await changeItem(database.db, ring, councilId, rhian, 'household', { replaces: dee }, resident), null);
    const current = await readItems(database.db, ring, councilId, rhian, ['household']);
    assert.deepEqual(current.map((i) => [i.id, i.value]), [[cai2, { name: 'Cai Jones', relationship: 'son' }]]);
    assert.equal((await itemHistory(database.db, ring, councilId, rhian, ['household'])).length, 3);
    assert.deepEqual((await eventsOf(rhian)).map((e) => [e.data.items, e.data.superseded]), [[[cai], []], [[dee], []], [[cai2], [cai]], [[], [dee]]]);
    assert.deepEqual(await eventsOf(other), []);
  });
});
