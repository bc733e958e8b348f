import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveChange, rejectChange, revertListing, setTrusted } from '../../../../src/blocks/directory/editing/decisions.js';
import { proposeChange, workingCopy, type Editor } from '../../../../src/blocks/directory/editing/changes.js';
import type { Organization, Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import { getFullService } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { listVersions, getVersion } from '../../../../src/blocks/directory/sql/versions.js';
import { importOruk } from '../../../../src/blocks/directory/index.js';
import { recordedNotifications } from '../../../../src/platform/notifications/notifications.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { advice, copy, EDIT_IDS, loadEditingFixture, lunchClub, LUNCH_ORG } from './fixture.js';

const volunteer: Editor = { personId: null, email: 'volunteer@lunch.example', language: 'cy' };
const manager = { personId: null, email: 'manager@testshire.example' };
const letterhead = { councilName: 'Testshire Council', baseUrl: 'https://directory.testshire.example' };

describe('directory editing: proposing, approving, rejecting, versions and revert', () => {
  let hearth: TestHearth;
  let council: string;
  const events = async (subject: string) =>
    (await hearth.db.query<{ type: string }>('SELECT type FROM outbox WHERE subject = $1 ORDER BY id', [subject])).rows.map((r) => r.type);
  const audit = async (action: string) =>
    (await hearth.db.query<{ actor_email: string; target: string; detail: Record<string, unknown> }>('SELECT actor_email, target, detail FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;
  const propose = (document: Service | Organization, options: { isNew?: boolean; kind?: 'service' | 'organization'; organisationId?: string } = {}) =>
    proposeChange(hearth.ctx, {
      councilId: council,
      organisationId: options.organisationId ?? EDIT_IDS.lunchClubOrg,
      kind: options.kind ?? 'service',
      id: document.id,
      isNew: options.isNew ?? false,
      document,
      editor: volunteer,
    });

  before(async () => {
    hearth = await startTestHearth();
    council = hearth.council.id;
    await loadEditingFixture(hearth);
  });
  after(() => hearth.stop());

  it('keeps an edit pending, builds the next edit on it (superseding it), and publishes nothing until approved', async () => {
    const working = await workingCopy(hearth.db, council, 'service', EDIT_IDS.lunchClub);
    assert.ok(working);
    assert.equal(working.pendingChangeId, undefined);
    assert.equal(working.organisationId, EDIT_IDS.lunchClubOrg);
    const edited = copy(working.document as Service);
    edited.schedules![0].closes_at = '15:00:00';
    const first = await propose(edited);
    assert.ok('changeId' in first, JSON.stringify(first));
    assert.equal(first.status, 'pending');

    // Nothing published yet.
    const published = await getFullService(hearth.db, council, EDIT_IDS.lunchClub);
    assert.equal(published!.schedules![0].closes_at, '14:00:00');

    // The working copy is now the pending proposal; a second edit replaces it.
    const again = await workingCopy(hearth.db, council, 'service', EDIT_IDS.lunchClub);
    assert.equal(again!.pendingChangeId, first.changeId);
    const second = copy(again!.document as Service);
    second.cost_options![0].amount = 4;
    const replaced = await propose(second);
    assert.ok('changeId' in replaced);
    const statuses = await hearth.db.query<{ id: string; status: string }>('SELECT id, status FROM listing_change WHERE listing_id = $1 ORDER BY proposed_at', [EDIT_IDS.lunchClub]);
    assert.deepEqual(statuses.rows.map((r) => r.status), ['superseded', 'pending']);
    assert.equal((await audit('directory.change.proposed')).length, 2);

    // Approved: published, the imported document kept as version 1, the edit as version 2.
    const result = await approveChange(hearth.ctx, council, replaced.changeId, manager, letterhead);
    assert.deepEqual(result, { done: true, told: true, version: 2 });
    const now = await getFullService(hearth.db, council, EDIT_IDS.lunchClub);
    assert.equal(now!.schedules![0].closes_at, '15:00:00');
    assert.equal(now!.cost_options![0].amount, 4);
    const versions = await listVersions(hearth.db, council, 'service', EDIT_IDS.lunchClub);
    assert.deepEqual(versions.map((v) => [v.version, v.cause]), [[2, 'approval'], [1, 'import']]);
    assert.equal(((await getVersion(hearth.db, council, 'service', EDIT_IDS.lunchClub, 1))!.document as Service).schedules![0].closes_at, '14:00:00');
    assert.deepEqual(await events(EDIT_IDS.lunchClub), ['directory.service.created', 'directory.service.updated']);

    // The volunteer is told, in Welsh (the language they edited in).
    const [mail] = await recordedNotifications(hearth.db, volunteer.email);
    assert.equal(mail.template, 'message');
    assert.match(mail.personalisation.subject, /wedi'i gyhoeddi/);
    assert.match(mail.personalisation.body, /https:\/\/directory\.testshire\.example\/services\/e0000000-0000-4000-8000-000200000001/);
    const [approved] = await audit('directory.change.approved');
    assert.equal(approved.actor_email, manager.email);
    assert.equal(approved.target, 'Chapel Lane lunch club');

    // A decided change cannot be decided again.
    assert.deepEqual(await approveChange(hearth.ctx, council, replaced.changeId, manager, letterhead), { done: false, why: 'not_pending' });
  });

  it('rejects with the reason, told to the editor; nothing published', async () => {
    const edited = copy((await workingCopy(hearth.db, council, 'service', EDIT_IDS.lunchClub))!.document as Service);
    edited.name = 'Chapel Lane LUNCH CLUB!!!';
    const proposed = await propose(edited);
    assert.ok('changeId' in proposed);
    const result = await rejectChange(hearth.ctx, council, proposed.changeId, 'Please keep the name as residents know it.', manager, letterhead);
    assert.equal(result.done, true);
    assert.equal((await getFullService(hearth.db, council, EDIT_IDS.lunchClub))!.name, 'Chapel Lane lunch club');
    const [mail] = await recordedNotifications(hearth.db, volunteer.email);
    assert.match(mail.personalisation.body, /Please keep the name as residents know it\./);
    assert.equal((await audit('directory.change.rejected'))[0].detail.reason, 'Please keep the name as residents know it.');
  });

  it('refuses what is not the editor’s, what is invalid, and what changes nothing — with the field and the reason', async () => {
    // Another organisation's service, claimed as the lunch club's.
    const theirs = copy(advice());
    theirs.organization = LUNCH_ORG;
    theirs.description = 'Taken over';
    const refused = await propose(theirs);
    assert.ok('problems' in refused);
    assert.equal(refused.problems[0].path, '$.organization.id');
    // A service whose organisation is not the one the editor may edit.
    const wrongOrg = await propose(copy(advice()), { organisationId: EDIT_IDS.lunchClubOrg });
    assert.ok('problems' in wrongOrg);
    // Invalid ORUK.
    const broken = copy(lunchClub()) as unknown as Record<string, unknown>;
    broken.status = 'open-ish';
    const invalid = await propose(broken as unknown as Service);
    assert.ok('problems' in invalid);
    assert.ok(invalid.problems.some((p) => p.path === '$.status'), JSON.stringify(invalid.problems));
    // Nothing changed.
    const same = await propose(copy((await workingCopy(hearth.db, council, 'service', EDIT_IDS.lunchClub))!.document as Service));
    assert.ok('problems' in same);
    assert.match(same.problems[0].reason, /nothing has changed/);
    // A new service whose id is taken.
    const taken = await propose({ ...copy(lunchClub()), name: 'Another' }, { isNew: true });
    assert.ok('problems' in taken);
    // An update of a service that does not exist.
    const missing = await propose({ ...copy(lunchClub()), id: EDIT_IDS.newService });
    assert.ok('problems' in missing);
    assert.equal((await hearth.db.query(`SELECT 1 FROM listing_change WHERE status = 'pending'`)).rows.length, 0);
  });

  it('publishes a trusted organisation’s edits at once (versioned and audited), a new service included; ended is its own event', async () => {
    assert.equal(await setTrusted(hearth.ctx, council, EDIT_IDS.lunchClubOrg, true, manager), true);
    assert.equal((await audit('directory.organisation.trusted')).length, 1);
    const fresh: Service = { ...copy(lunchClub()), id: EDIT_IDS.newService, name: 'Chapel Lane coffee morning', schedules: [], cost_options: [], languages: [], service_at_locations: [] };
    const created = await propose(fresh, { isNew: true });
    assert.ok('changeId' in created, JSON.stringify(created));
    assert.equal(created.status, 'applied');
    assert.equal((await getFullService(hearth.db, council, EDIT_IDS.newService))!.name, 'Chapel Lane coffee morning');
    assert.deepEqual((await listVersions(hearth.db, council, 'service', EDIT_IDS.newService)).map((v) => [v.version, v.cause]), [[1, 'edit']]);
    // Indexed for search in the same transaction.
    const indexed = await hearth.db.query<{ name: string }>('SELECT name FROM search_service WHERE council_id = $1 AND service_id = $2', [council, EDIT_IDS.newService]);
    assert.deepEqual(indexed.rows.map((r) => r.name), ['Chapel Lane coffee morning']);
    assert.equal((await audit('directory.change.published')).length, 1);

    const ended = copy((await workingCopy(hearth.db, council, 'service', EDIT_IDS.newService))!.document as Service);
    ended.status = 'defunct';
    assert.ok('changeId' in (await propose(ended)));
    assert.deepEqual(await events(EDIT_IDS.newService), ['directory.service.created', 'directory.service.ended']);

    // The organisation itself.
    const org = (await workingCopy(hearth.db, council, 'organization', EDIT_IDS.lunchClubOrg))!;
    const renamed = { ...copy(org.document as Organization), description: 'Volunteers who run lunches and coffee mornings.' };
    const result = await propose(renamed, { kind: 'organization' });
    assert.ok('changeId' in result && result.status === 'applied', JSON.stringify(result));
    assert.deepEqual((await listVersions(hearth.db, council, 'organization', EDIT_IDS.lunchClubOrg)).map((v) => v.cause), ['edit', 'import']);
    assert.deepEqual(await events(EDIT_IDS.lunchClubOrg), ['directory.organization.updated']);
    // The services carry the organisation as published now.
    assert.equal((await getFullService(hearth.db, council, EDIT_IDS.lunchClub))!.organization!.description, 'Volunteers who run lunches and coffee mornings.');
    await setTrusted(hearth.ctx, council, EDIT_IDS.lunchClubOrg, false, manager);
  });

  it('reverts to an earlier version as a new version, never rewriting history; an import of a listing with history adds a version', async () => {
    const result = await revertListing(hearth.ctx, council, 'service', EDIT_IDS.lunchClub, 1, manager, 'Back to the imported times');
    assert.ok(result.done);
    assert.equal(result.version, 3);
    assert.equal((await getFullService(hearth.db, council, EDIT_IDS.lunchClub))!.schedules![0].closes_at, '14:00:00');
    const versions = await listVersions(hearth.db, council, 'service', EDIT_IDS.lunchClub);
    assert.deepEqual(versions.map((v) => [v.version, v.cause, v.reverted_to]), [[3, 'revert', 1], [2, 'approval', null], [1, 'import', null]]);
    assert.equal((await audit('directory.listing.reverted'))[0].detail.toVersion, 1);
    // Reverting to what is published already changes nothing.
    assert.deepEqual(await revertListing(hearth.ctx, council, 'service', EDIT_IDS.lunchClub, 3, manager, null), { done: false, why: 'unchanged' });
    assert.deepEqual(await revertListing(hearth.ctx, council, 'service', EDIT_IDS.lunchClub, 99, manager, null), { done: false, why: 'not_found' });

    const reimported = { ...lunchClub(), description: 'Re-imported description.' };
    await importOruk(hearth.db, council, [reimported, advice()]);
    const after = await listVersions(hearth.db, council, 'service', EDIT_IDS.lunchClub);
    assert.deepEqual(after.slice(0, 2).map((v) => [v.version, v.cause]), [[4, 'import'], [3, 'revert']]);
    // A listing without a history gains none from an import.
    assert.deepEqual(await listVersions(hearth.db, council, 'service', EDIT_IDS.advice), []);
  });
});
