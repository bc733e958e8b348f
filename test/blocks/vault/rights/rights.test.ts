import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import { AccessRefused, withResidentAccess, type VaultActor } from '../../../../src/blocks/vault/gateway.js';
import { readItems, writeItems } from '../../../../src/blocks/vault/record.js';
import { eraseCategories } from '../../../../src/blocks/vault/rights/erase.js';
import { liftRestrictions, restrictCategories } from '../../../../src/blocks/vault/rights/restrict.js';
import { grantEvents, grantOfResident, insertBasis, insertGrant } from '../../../../src/blocks/vault/sql/grants.js';
import { restrictedCategories, rightsRequestsOf } from '../../../../src/blocks/vault/sql/rights.js';
import { verifyLog } from '../../../../src/blocks/vault/log/verify.js';
import { platformMigrations } from '../../../../src/main.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { KeyRing, useKeyRing } from '../../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { chained } from '../../../support/vault-log.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600_000;
const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
const housing: VaultActor = { kind: 'staff', personId: randomUUID(), name: 'Jo Officer', team: 'Housing options' };
const care: VaultActor = { kind: 'staff', personId: randomUUID(), name: 'Sam Social', team: 'Adult care' };
const me = { kind: 'resident' as const, name: 'Ada' };

describe('vault: the rights to restrict processing and to erasure', () => {
  let database: TestDatabase;
  let councilId: string;

  before(async () => {
    database = await freshDatabase();
    useKeyRing(database.db, ring);
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id;
  });
  after(() => database.close());

  const grant = async (residentId: string, grantee: string, categories: string[], status: 'active' | 'requested' | 'paused' = 'active') => {
    const id = randomUUID();
    await inCouncil(database.db, councilId, (tx) => insertGrant(tx, councilId, {
      id, residentId, granteeKind: 'team', grantee, categories, access: 'read_update', purpose: 'Housing application', lawfulBasis: 'consent', status,
      startsAt: new Date(Date.now() - DAY), expiresAt: new Date(Date.now() + 30 * DAY),
    }));
    return id;
  };
  const read = (actor: VaultActor, residentId: string, categories: string[]) =>
    withResidentAccess(database.db, { councilId, actor, residentId, categories, action: 'read' }, (a) => a.read());
  const logOf = async (residentId: string) =>
    (await (await chained(database.db)).query<{ action: string; actor_kind: string; categories: string[] }>('SELECT action, actor_kind, categories FROM vault_access_log WHERE resident_id = $1 ORDER BY seq', [residentId])).rows;

  it('a restricted category is given by no grant, through the gateway, until the restriction is lifted; a statutory basis still gives it', async () => {
    const resident = randomUUID();
    await writeItems(database.db, ring, councilId, resident, 'address', [{ line1: '1 High Street' }], me);
    await writeItems(database.db, ring, councilId, resident, 'name', [{ fullName: 'Ada' }], me);
    await grant(resident, 'Housing options', ['address', 'name']);
    await inCouncil(database.db, councilId, (tx) => insertBasis(tx, councilId, { id: randomUUID(), residentId: resident, team: 'Adult care', categories: ['address'], legalBasis: 'Care Act 2014 s.42', purpose: 'Safeguarding', recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter: null }));
    assert.equal((await read(housing, resident, ['address'])).length, 1, 'the live grant gives access before any restriction');

    assert.deepEqual(await restrictCategories(database.db, councilId, resident, ['address']), ['address']);
    assert.deepEqual(await restrictCategories(database.db, councilId, resident, ['address']), [], 'restricting again changes nothing');
    const logged = (await logOf(resident)).length;
    await assert.rejects(read(housing, resident, ['address']), AccessRefused);
    await assert.rejects(read(housing, resident, ['address', 'name']), AccessRefused, 'asking for a restricted category with another is refused whole');
    assert.equal((await logOf(resident)).length, logged, 'a refusal reads and logs nothing');
    assert.equal((await read(housing, resident, ['name'])).length, 1, 'a category not restricted is still given');
    assert.equal((await read(care, resident, ['address'])).length, 1, 'a statutory basis does not rest on consent: it still gives access');
    await assert.rejects(
      withResidentAccess(database.db, { councilId, actor: housing, residentId: resident, categories: ['address'], action: 'update' }, (a) => a.write('address', [{ line1: 'x' }])),
      AccessRefused,
    );

    assert.deepEqual(await liftRestrictions(database.db, councilId, resident, ['address']), ['address']);
    assert.deepEqual(await inCouncil(database.db, councilId, (tx) => restrictedCategories(tx, councilId, resident)), []);
    assert.equal((await read(housing, resident, ['address'])).length, 1, 'lifting restores the grant');
    assert.deepEqual((await inCouncil(database.db, councilId, (tx) => rightsRequestsOf(tx, councilId, resident))).map((r) => [r.kind, r.categories]), [['lift', ['address']], ['restrict', ['address']]]);
  });

  it('erasure removes the values with their history, ends the grants that cover them, keeps what a basis covers, and keeps the log', async () => {
    const resident = randomUUID();
    await writeItems(database.db, ring, councilId, resident, 'address', [{ line1: '1 Old Road' }], me);
    await writeItems(database.db, ring, councilId, resident, 'address', [{ line1: '2 New Road' }], me);
    await writeItems(database.db, ring, councilId, resident, 'benefits', [{ held: ['universal_credit'] }], me);
    await writeItems(database.db, ring, councilId, resident, 'name', [{ fullName: 'Bea' }], me);
    const covering = await grant(resident, 'Housing options', ['address', 'name']);
    const asked = await grant(resident, 'Housing options', ['benefits'], 'requested');
    const untouched = await grant(resident, 'Housing options', ['name']);
    const basisId = randomUUID();
    await inCouncil(database.db, councilId, (tx) => insertBasis(tx, councilId, { id: basisId, residentId: resident, team: 'Adult care', categories: ['name'], legalBasis: 'Care Act 2014 s.42', purpose: 'Safeguarding', recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter: null }));
    await read(housing, resident, ['address']);
    const before = await logOf(resident);

    const erasure = await eraseCategories(database.db, { councilId, residentId: resident, residentName: 'Bea', categories: ['address', 'benefits', 'name'] });
    assert.deepEqual(erasure.erased, ['address', 'benefits']);
    assert.equal(erasure.itemsErased, 3, 'the replaced address goes with the current one');
    assert.deepEqual(erasure.kept, [{ category: 'name', basis_id: basisId, legal_basis: 'Care Act 2014 s.42', disclose_after: null }]);
    assert.equal(erasure.grantsEnded, 2);

    const rows = (await database.db.query<{ category: string }>('SELECT category FROM vault_item WHERE resident_id = $1', [resident])).rows;
    assert.deepEqual(rows.map((r) => r.category), ['name'], 'no row of an erased category is left, history included');
    assert.deepEqual((await readItems(database.db, ring, councilId, resident, ['name'])).map((i) => i.value), [{ fullName: 'Bea' }]);
    assert.equal((await inCouncil(database.db, councilId, (tx) => grantOfResident(tx, councilId, resident, covering)))?.status, 'withdrawn');
    assert.equal((await inCouncil(database.db, councilId, (tx) => grantOfResident(tx, councilId, resident, asked)))?.status, 'refused');
    assert.equal((await inCouncil(database.db, councilId, (tx) => grantOfResident(tx, councilId, resident, untouched)))?.status, 'active', 'a grant of kept categories only stays');
    assert.deepEqual((await inCouncil(database.db, councilId, (tx) => grantEvents(tx, councilId, covering))).map((e) => [e.event, e.by_kind]).at(-1), ['withdrawn', 'resident']);

    const after = await logOf(resident);
    assert.deepEqual(after.slice(0, before.length), before, 'the access log is kept whole');
    assert.deepEqual(after.at(-1), { action: 'erase', actor_kind: 'resident', categories: ['address', 'benefits'] });
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
    const [history] = await inCouncil(database.db, councilId, (tx) => rightsRequestsOf(tx, councilId, resident));
    assert.deepEqual([history.kind, history.categories, history.items_erased, history.grants_ended, history.kept.map((k) => k.category)], ['erase', ['address', 'benefits'], 3, 2, ['name']]);
  });

  it('erasing only what a basis keeps erases nothing and logs no erasure, but is recorded with what was kept', async () => {
    const resident = randomUUID();
    await writeItems(database.db, ring, councilId, resident, 'address', [{ line1: '3 Kept Lane' }], me);
    await inCouncil(database.db, councilId, (tx) => insertBasis(tx, councilId, { id: randomUUID(), residentId: resident, team: 'Adult care', categories: ['address'], legalBasis: 'Children Act 1989 s.47', purpose: 'Enquiry', recordedBy: randomUUID(), status: 'active', expiresAt: new Date(Date.now() + 30 * DAY), discloseAfter: null }));
    const erasure = await eraseCategories(database.db, { councilId, residentId: resident, residentName: 'Cy', categories: ['address'] });
    assert.deepEqual([erasure.erased, erasure.itemsErased, erasure.kept.length], [[], 0, 1]);
    assert.equal((await readItems(database.db, ring, councilId, resident, ['address'])).length, 1);
    assert.deepEqual(await logOf(resident), []);
  });
});
