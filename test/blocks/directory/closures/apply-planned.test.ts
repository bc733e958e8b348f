import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyPlannedClosures, plannedClosuresJob } from '../../../../src/blocks/directory/closures/apply-planned.js';
import { approveChange } from '../../../../src/blocks/directory/editing/decisions.js';
import { proposeChange, workingCopy } from '../../../../src/blocks/directory/editing/changes.js';
import { applyStatus, type StatusValues } from '../../../../src/blocks/directory/editing/forms/status.js';
import { partsOf } from '../../../../src/blocks/directory/editing/forms/fields.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import { getFullService } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { listVersions } from '../../../../src/blocks/directory/sql/versions.js';
import { addGrant, ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../../support/app.js';
import { signIn } from '../../identity/support.js';
import { EDIT_IDS, loadEditingFixture, LUNCH_ORG } from '../editing/fixture.js';

const words = { closed: (from: string, to: string | undefined, reason: string) => `Closed from ${from}${to ? ` until ${to}` : ''}: ${reason}`, ended: (on: string) => `Ended on ${on}` };
const manager = { personId: null, email: 'manager@testshire.example' };
const letterhead = { councilName: 'Testshire Council', baseUrl: 'https://directory.testshire.example' };

describe('planned closures take effect on their dates (by the database clock)', () => {
  let hearth: TestHearth;
  let council: string;
  /** A London day relative to the database's today, as YYYY-MM-DD. */
  const day = async (offset: number) =>
    (await hearth.db.query<{ d: string }>(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date + $1::int, 'YYYY-MM-DD') AS d`, [offset])).rows[0].d;
  const audit = async (action: string) => (await hearth.db.query<{ detail: Record<string, unknown> }>('SELECT detail FROM audit_log WHERE action = $1', [action])).rows;
  const events = async (subject: string) => (await hearth.db.query<{ type: string }>('SELECT type FROM outbox WHERE subject = $1 ORDER BY id', [subject])).rows.map((r) => r.type);
  const indexed = async (id: string) => (await hearth.db.query('SELECT 1 FROM search_service WHERE council_id = $1 AND service_id = $2', [council, id])).rows.length === 1;
  const published = async (id: string) => (await getFullService(hearth.db, council, id))!;

  /** The editor fills in the status form on `editedOn` (a closure from `from`, open again on `to`), and a manager approves it. */
  async function closeAhead(id: string, organisationId: string, editedOn: string, from: string, to: string | undefined): Promise<void> {
    const working = await workingCopy(hearth.db, council, 'service', id);
    const values: StatusValues = { status: 'temporarily closed', closedFrom: partsOf(from), closedTo: partsOf(to), reason: 'The hall is being rewired', endedOn: partsOf(undefined), endReason: '' };
    const result = applyStatus(working!.document as Service, values, words, editedOn);
    assert.ok(result.document, JSON.stringify(result.errors));
    const proposed = await proposeChange(hearth.ctx, { councilId: council, organisationId, kind: 'service', id, isNew: false, document: result.document, editor: { personId: null, email: 'volunteer@lunch.example', language: 'en' } });
    assert.ok('changeId' in proposed, JSON.stringify(proposed));
    const decided = await approveChange(hearth.ctx, council, proposed.changeId, manager, letterhead);
    assert.equal(decided.done, true);
  }

  before(async () => {
    hearth = await startTestHearth();
    council = hearth.council.id;
    await loadEditingFixture(hearth);
  });
  after(() => hearth.stop());

  it('is one of the directory\'s scheduled jobs, at least hourly', () => {
    const job = plannedClosuresJob(hearth.ctx);
    assert.equal(job.name, 'directory.closures.apply');
    assert.ok(hearth.blocks.find((b) => b.name === 'directory')!.scheduledJobs!(hearth.ctx).some((j) => j.name === job.name));
    assert.match(job.pattern, /^\*\/15 /);
  });

  it('closes a service on the first day of a closure set ahead, once, with its version, audit, event and search index', async () => {
    const id = EDIT_IDS.lunchClub;
    await closeAhead(id, LUNCH_ORG.id, await day(-2), await day(0), await day(3));
    // Approved two days before it starts: still open, its words saying when it will close.
    let service = await published(id);
    assert.equal(service.status, 'active');
    assert.match(service.alert!, /^Closed from/);
    assert.equal(await indexed(id), true);
    const eventsBefore = (await events(id)).length;

    // Two runs at once (two processes) and a third later change it once.
    const [a, b] = await Promise.all([applyPlannedClosures(hearth.db), applyPlannedClosures(hearth.db)]);
    assert.equal(a + b, 1);
    assert.equal(await applyPlannedClosures(hearth.db), 0);

    service = await published(id);
    assert.equal(service.status, 'temporarily closed');
    assert.match(service.alert!, /The hall is being rewired/);
    assert.equal(await indexed(id), false, 'a closed service leaves search');
    const versions = await listVersions(hearth.db, council, 'service', id);
    assert.equal(versions[0].cause, 'schedule');
    assert.equal(versions[0].email, null);
    assert.equal(versions.filter((v) => v.cause === 'schedule').length, 1);
    const [entry, ...more] = await audit('directory.service.closed_as_planned');
    assert.equal(more.length, 0);
    assert.deepEqual({ ...entry.detail }, { service: service.name, serviceId: id, from: 'active', to: 'temporarily closed', version: versions[0].version });
    assert.deepEqual((await events(id)).slice(eventsBefore), ['directory.service.updated']);
  });

  it('opens a closed service again on its "open again" day, without the closure or its words', async () => {
    const id = EDIT_IDS.advice;
    // Closed from three days ago (the status changed then), open again today.
    await closeAhead(id, EDIT_IDS.adviceOrg, await day(-3), await day(-3), await day(0));
    let service = await published(id);
    assert.equal(service.status, 'temporarily closed');
    assert.equal(await indexed(id), false);

    assert.equal(await applyPlannedClosures(hearth.db), 1);
    service = await published(id);
    assert.equal(service.status, 'active');
    assert.equal(service.alert, undefined);
    assert.equal((service.schedules ?? []).some((s) => s.valid_from), false);
    assert.equal(await indexed(id), true, 'back in search');
    assert.equal((await listVersions(hearth.db, council, 'service', id))[0].cause, 'schedule');
    assert.equal((await audit('directory.service.reopened_as_planned')).length, 1);
    assert.equal(await applyPlannedClosures(hearth.db), 0);
  });

  it('leaves a closure that has not started alone', async () => {
    const id = EDIT_IDS.advice;
    await closeAhead(id, EDIT_IDS.adviceOrg, await day(0), await day(1), undefined);
    assert.equal(await applyPlannedClosures(hearth.db), 0);
    assert.equal((await published(id)).status, 'active');
  });

  it('shows residents the closure from its dates before the job has run', async () => {
    const id = EDIT_IDS.advice;
    // The closure above starts tomorrow: open today.
    let page = await hearth.app.inject(`/services/${id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /This service is not running at the moment/);
    // Moved to today, published as it would be before the job's next run: shown closed at once.
    await closeAhead(id, EDIT_IDS.adviceOrg, await day(-1), await day(0), undefined);
    assert.equal((await published(id)).status, 'active');
    page = await hearth.app.inject(`/services/${id}`);
    assert.match(page.body, /This service is not running at the moment/);
    // And the editors' summary of it says so too.
    const person = await ensurePerson(hearth.db, 'manager@testshire.example');
    await addGrant(hearth.db, { councilId: council, personId: person.id, role: 'directory_manager', scope: '', grantedBy: null });
    const manager = await signIn(hearth, 'manager@testshire.example');
    const summary = await manager.get(`/admin/listings/${EDIT_IDS.adviceOrg}/services/${id}`);
    assert.equal(summary.statusCode, 200);
    assert.match(summary.body, /govuk-summary-list__value">\s*Temporarily closed<br>/);
  });
});
