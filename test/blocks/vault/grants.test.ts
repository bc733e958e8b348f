import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vaultBlock } from '../../../src/blocks/vault/index.js';
import { AccessRefused, withResidentAccess } from '../../../src/blocks/vault/gateway.js';
import { grantEvents } from '../../../src/blocks/vault/sql/grants.js';
import { checkGrant, createGrant, DEFAULT_MAX_GRANT_DAYS, GrantRefused, maxGrantDays, moveResidentGrant } from '../../../src/blocks/vault/grants.js';
import { sealKeyFrom } from '../../../src/blocks/vault/log/seal.js';
import { consentReceipt, receiptHolds } from '../../../src/blocks/vault/receipt.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { KeyRing, useKeyRing } from '../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';
import { inCouncil } from '../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600 * 1000;

describe('vault: grants a resident gives, and their receipts', () => {
  let database: TestDatabase;
  let councilId: string;
  const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
  const resident = randomUUID();
  const officer = { kind: 'staff' as const, personId: randomUUID(), name: 'Jo Officer', team: 'Housing options' };
  const read = () => withResidentAccess(database.db, { councilId, actor: officer, residentId: resident, categories: ['address'], action: 'read' }, (a) => a.read());

  before(async () => {
    database = await freshDatabase();
    useKeyRing(database.db, ring);
    await migrate(database.db, [platformMigrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown Council' }, [vaultBlock])).id;
  });
  after(() => database.close());

  const input = (over: Partial<Parameters<typeof checkGrant>[0]> = {}) => ({
    councilId,
    residentId: resident,
    granteeKind: 'team' as const,
    grantee: 'Housing options',
    categories: ['address', 'household'],
    access: 'read' as const,
    purpose: 'Assessing my housing application',
    lawfulBasis: 'consent',
    expiresAt: new Date(Date.now() + 90 * DAY),
    ...over,
  });

  it('names every problem with a grant as given, by field', () => {
    assert.deepEqual(checkGrant(input()), {});
    const problems = checkGrant(input({ grantee: ' ', categories: ['address', 'shoe_size'], purpose: '', lawfulBasis: 'because', expiresAt: new Date(Date.now() + 400 * DAY) }));
    assert.deepEqual(Object.keys(problems).sort(), ['categories', 'expires_at', 'grantee', 'lawful_basis', 'purpose']);
    assert.match(checkGrant(input({ expiresAt: new Date(Date.now() - DAY) })).expires_at!, /future/);
    assert.match(checkGrant(input({ maxDays: 30 })).expires_at!, /at most 30 days/);
  });

  it('reads the longest grant from HEARTH_VAULT_MAX_GRANT_DAYS, and refuses a bad value by name', () => {
    assert.equal(maxGrantDays({}), DEFAULT_MAX_GRANT_DAYS);
    assert.equal(maxGrantDays({ HEARTH_VAULT_MAX_GRANT_DAYS: ' 90 ' }), 90);
    for (const bad of ['0', '3661', '1.5', 'a year', '-3']) assert.throws(() => maxGrantDays({ HEARTH_VAULT_MAX_GRANT_DAYS: bad }), /HEARTH_VAULT_MAX_GRANT_DAYS must be a whole number of days from 1 to 3660/, bad);
  });

  it('pauses, resumes and withdraws, and the team loses access at once; withdrawn is final', async () => {
    await assert.rejects(createGrant(database.db, input({ categories: [] })), GrantRefused);
    const grant = await createGrant(database.db, input());
    assert.equal((await read()).length, 0, 'granted: the record is empty, but the read is allowed');
    assert.equal(await moveResidentGrant(database.db, councilId, resident, grant.id, 'pause'), true);
    await assert.rejects(read(), AccessRefused);
    assert.equal(await moveResidentGrant(database.db, councilId, resident, grant.id, 'resume'), true);
    await read();
    assert.equal(await moveResidentGrant(database.db, councilId, resident, grant.id, 'withdraw'), true);
    await assert.rejects(read(), AccessRefused);
    assert.equal(await moveResidentGrant(database.db, councilId, resident, grant.id, 'resume'), false, 'withdrawn stays withdrawn');
    assert.equal(await moveResidentGrant(database.db, councilId, randomUUID(), grant.id, 'pause'), false, 'only the resident moves their grant');
  });

  it('names the advocate who gives, pauses, resumes or withdraws a grant, and for whom; an advocate acts only for their resident', async () => {
    const someone = randomUUID();
    const cerys = { kind: 'advocate' as const, id: randomUUID(), name: 'Cerys Jones', onBehalfOf: someone };
    const grant = await createGrant(database.db, { ...input(), residentId: someone, by: cerys });
    for (const move of ['pause', 'resume', 'withdraw'] as const) assert.equal(await moveResidentGrant(database.db, councilId, someone, grant.id, move, cerys), true);
    assert.deepEqual(
      (await inCouncil(database.db, councilId, (tx) => grantEvents(tx, councilId, grant.id))).map((e) => [e.event, e.by_kind, e.by_id, e.by_name, e.on_behalf_of]),
      ['given', 'paused', 'resumed', 'withdrawn'].map((event) => [event, 'advocate', cerys.id, 'Cerys Jones', someone]),
    );
    // For another resident: refused before anything is written.
    const other = await createGrant(database.db, input());
    await assert.rejects(moveResidentGrant(database.db, councilId, resident, other.id, 'pause', cerys), /only the grants of the resident they act for/);
    await assert.rejects(createGrant(database.db, { ...input(), by: cerys }), /only for the resident they act for/);
    assert.deepEqual((await inCouncil(database.db, councilId, (tx) => grantEvents(tx, councilId, other.id))).map((e) => e.event), ['given']);
    // The table itself refuses an advocate's line that names no one.
    await assert.rejects(database.db.query(`INSERT INTO vault_grant_event (council_id, grant_id, event, by_kind) VALUES ($1, $2, 'paused', 'advocate')`, [councilId, other.id]), /vault_grant_event_advocate_named/);
  });

  it('waits for the resident when a team asks, and gives nothing until they accept', async () => {
    const asked = await createGrant(database.db, input({ requested: true, grantee: 'Adult care' }));
    const care = { ...officer, team: 'Adult care' };
    const readAsCare = () => withResidentAccess(database.db, { councilId, actor: care, residentId: resident, categories: ['household'], action: 'read' }, (a) => a.read());
    await assert.rejects(readAsCare(), AccessRefused);
    assert.equal(await moveResidentGrant(database.db, councilId, resident, asked.id, 'accept'), true);
    await readAsCare();
  });

  it('issues a signed consent receipt in the ISO/IEC TS 27560 structure that anyone can check', async () => {
    const grant = await createGrant(database.db, input({ access: 'read_update' }));
    const receipt = consentReceipt(grant, { name: 'Ashdown Council', contact: 'dpo@ashdown.example' }, sealKeyFrom(ring));
    assert.equal(receipt.record_id, grant.id);
    assert.equal(receipt.pii_principal_id, resident);
    assert.equal(receipt.consent_status, 'given');
    assert.deepEqual(receipt.processing[0].pii_categories, ['address', 'household']);
    assert.deepEqual(receipt.processing[0].processing_operations, ['read', 'update']);
    assert.equal(receipt.processing[0].lawful_basis, 'consent');
    assert.equal(receipt.processing[0].valid_until, grant.expiresAt.toISOString());
    // Through JSON and back, as a download is, it still checks; changed, it does not.
    const downloaded = JSON.parse(JSON.stringify(receipt));
    assert.equal(receiptHolds(downloaded), true);
    assert.equal(receiptHolds({ ...downloaded, processing: [{ ...downloaded.processing[0], valid_until: '2099-01-01T00:00:00.000Z' }] }), false);
    assert.equal(receiptHolds({ ...downloaded, proof: undefined }), false);
  });
});
