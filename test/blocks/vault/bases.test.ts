import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { vaultBlock } from '../../../src/blocks/vault/index.js';
import { identityBlock } from '../../../src/blocks/identity/index.js';
import { ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { checkBasis, decideBasis, endTeamBasis, needsSecondOfficer, openBases, recordBasis } from '../../../src/blocks/vault/bases.js';
import { addCategory } from '../../../src/blocks/vault/categories.js';
import { platformMigrations } from '../../../src/main.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { migrate } from '../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

const DAY = 24 * 3600_000;

describe('vault: statutory bases and the second officer', () => {
  let database: TestDatabase;
  let councilId: string;
  let officer: { actorPersonId: string; actorEmail: string };
  let secondOfficer: { actorPersonId: string; actorEmail: string };
  const input = (over: Partial<Parameters<typeof recordBasis>[2]> = {}) => ({
    councilId,
    residentId: randomUUID(),
    team: 'Adult social care',
    categories: ['address'],
    legalBasis: 'Care Act 2014 s.42 safeguarding enquiry',
    purpose: 'Safeguarding enquiry',
    expiresAt: new Date(Date.now() + 30 * DAY),
    discloseAfter: null,
    ...over,
  });

  before(async () => {
    database = await freshDatabase();
    await migrate(database.db, [platformMigrations, identityBlock.migrations, vaultBlock.migrations]);
    councilId = (await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id;
    officer = { actorPersonId: (await ensurePerson(database.db, 'jo@testshire.example')).id, actorEmail: 'jo@testshire.example' };
    secondOfficer = { actorPersonId: (await ensurePerson(database.db, 'sam@testshire.example')).id, actorEmail: 'sam@testshire.example' };
  });
  after(() => database.close());

  it('names every problem by field', async () => {
    const problems = await checkBasis(database.db, input({ categories: ['address', 'shoe_size'], legalBasis: ' ', purpose: 'x'.repeat(501), expiresAt: new Date(Date.now() - DAY), discloseAfter: '2020-01-01' }));
    assert.deepEqual(problems, { categories: 'categories_unknown', legal_basis: 'legal_basis_missing', purpose: 'purpose_long', until: 'until_past', disclose_after: 'disclose_past' });
    assert.deepEqual(await checkBasis(database.db, input({ categories: [], expiresAt: new Date(Date.now() + 2000 * DAY) })), { categories: 'categories_missing', until: 'until_far' });
    assert.deepEqual(await checkBasis(database.db, input()), {});
  });

  it('needs a second officer for any sensitive category, the council’s own too', async () => {
    assert.equal(await needsSecondOfficer(database.db, councilId, ['address', 'household']), false);
    assert.equal(await needsSecondOfficer(database.db, councilId, ['address', 'disability']), true);
    const added = await addCategory(database.db, councilId, { nameEn: 'HIV status', nameCy: 'Statws HIV', sensitivity: 'sensitive' });
    assert.ok('category' in added);
    assert.equal(await needsSecondOfficer(database.db, councilId, ['hiv_status']), true);
    assert.equal((await recordBasis(database.db, officer, input({ categories: ['hiv_status'] }))).status, 'awaiting_approval');
    assert.equal((await recordBasis(database.db, officer, input())).status, 'active');
  });

  it('lets only another officer of the same team decide, once; the team ends it', async () => {
    const { id } = await recordBasis(database.db, officer, input({ categories: ['benefits'] }));
    assert.equal(await decideBasis(database.db, councilId, 'Adult social care', id, officer, true), 'own');
    assert.equal(await decideBasis(database.db, councilId, 'Housing options', id, secondOfficer, true), 'not_found', 'another team’s basis is not found');
    assert.equal(await decideBasis(database.db, councilId, 'Adult social care', id, secondOfficer, true), 'done');
    assert.equal(await decideBasis(database.db, councilId, 'Adult social care', id, secondOfficer, false), 'not_found', 'decided already');
    assert.equal((await openBases(database.db, councilId, 'Adult social care')).find((b) => b.id === id)?.status, 'active');
    assert.equal(await endTeamBasis(database.db, councilId, 'Housing options', id, secondOfficer), false);
    assert.equal(await endTeamBasis(database.db, councilId, 'Adult social care', id, officer), true);
    assert.equal(await endTeamBasis(database.db, councilId, 'Adult social care', id, officer), false);
    assert.equal((await openBases(database.db, councilId, 'Adult social care')).some((b) => b.id === id), false);
  });

  it('holds the rule in the table too: the recorder neither approves nor declines', async () => {
    const { id } = await recordBasis(database.db, officer, input({ categories: ['carer'] }));
    await assert.rejects(database.db.query("UPDATE vault_basis SET status = 'active', approved_by = recorded_by WHERE id = $1", [id]));
    await assert.rejects(database.db.query("UPDATE vault_basis SET status = 'declined', ended_by = recorded_by, ended_at = now() WHERE id = $1", [id]));
    await assert.rejects(database.db.query("UPDATE vault_basis SET status = 'ended' WHERE id = $1", [id]), 'an ended basis says when');
    const audit = await database.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'vault.basis.%' ORDER BY id");
    assert.ok(audit.rows.length >= 5);
  });
});
