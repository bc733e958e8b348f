import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { identityBlock } from '../../../../src/blocks/identity/index.js';
import { ensurePerson } from '../../../../src/blocks/identity/sql/people.js';
import { answer, checkAppointment, createInvitation, decideLegal, endByResident, invitationOf, recordLegal, type CheckedAppointment } from '../../../../src/blocks/vault/advocates/appointments.js';
import { maxAdvocacyDays } from '../../../../src/blocks/vault/advocates/limits.js';
import { AccessRefused, withResidentAccess, type VaultActor } from '../../../../src/blocks/vault/gateway.js';
import { vaultBlock } from '../../../../src/blocks/vault/index.js';
import { verifyLog } from '../../../../src/blocks/vault/log/verify.js';
import { readItems, writeItems } from '../../../../src/blocks/vault/record.js';
import { claimLegalAppointments, insertAppointment, type AppointmentRow } from '../../../../src/blocks/vault/sql/advocates.js';
import { platformMigrations } from '../../../../src/main.js';
import { addCouncil } from '../../../../src/platform/councils.js';
import { KeyRing, useKeyRing } from '../../../../src/platform/crypto/key-ring.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { chained } from '../../../support/vault-log.js';
import { inCouncil } from '../../../../src/blocks/vault/sql/scope.js';

const DAY = 24 * 3600 * 1000;
const CATEGORIES = ['name', 'contact', 'address', 'benefits'];

describe('vault: advocates — appointments, invitations, and acting through the gateway', () => {
  let database: TestDatabase;
  let ring: KeyRing;
  let councils: string[];
  const people: Record<string, string> = {};
  const logCount = async () => (await (await chained(database.db)).query<{ n: number }>('SELECT count(*)::int AS n FROM vault_access_log')).rows[0].n;
  const lastEntry = async () =>
    (await (await chained(database.db)).query<{ resident_id: string; actor_kind: string; actor_id: string; actor_name: string; on_behalf_of: string | null; action: string; categories: string[]; grant_id: string | null; organisation: string }>(
      'SELECT resident_id, actor_kind, actor_id, actor_name, on_behalf_of, action, categories, grant_id, organisation FROM vault_access_log ORDER BY council_id, seq DESC LIMIT 1',
    )).rows[0];
  const scope = (over: Partial<CheckedAppointment> = {}): CheckedAppointment => ({
    advocateName: 'Dee Daughter', advocateEmail: 'dee@example.org', relationship: 'Daughter', categories: ['address', 'name'], access: 'read_update', manageGrants: false,
    until: '2099-01-01', endsAt: new Date(Date.now() + 180 * DAY), ...over,
  });
  const officer = () => ({ actorPersonId: people.officer, actorEmail: 'officer@example.org' });
  const second = () => ({ actorPersonId: people.second, actorEmail: 'second@example.org' });
  const dee = (): VaultActor => ({ kind: 'advocate', personId: people.dee, name: 'Dee Daughter' });

  before(async () => {
    database = await freshDatabase();
    ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
    useKeyRing(database.db, ring);
    await migrate(database.db, [platformMigrations, identityBlock.migrations, vaultBlock.migrations]);
    councils = [(await addCouncil(database.db, { slug: 'ashdown', name: 'Ashdown' }, [vaultBlock])).id, (await addCouncil(database.db, { slug: 'otherton', name: 'Otherton' }, [vaultBlock])).id];
    for (const who of ['mum', 'dad', 'dee', 'eve', 'officer', 'second', 'attorney']) people[who] = (await ensurePerson(database.db, `${who}@example.org`)).id;
    for (const councilId of councils) {
      for (const resident of [people.mum, people.dad]) {
        for (const category of CATEGORIES) await writeItems(database.db, ring, councilId, resident, category, [{ of: category, resident }], { kind: 'resident', name: 'Themselves' });
      }
    }
  });
  after(() => database.close());

  it('checks an appointment field by field: names, the address (not the resident\'s own), live categories, an end date to come within the maximum', async () => {
    const [councilId] = councils;
    const now = new Date('2026-12-03T12:00:00Z');
    const blank = await checkAppointment(database.db, councilId, { advocateName: ' ', email: '', relationship: '', categories: [], access: '', manageGrants: '', until: { day: '', month: '', year: '' } }, { maxDays: 366, now });
    assert.deepEqual(blank.problems, { advocate_name: 'missing', relationship: 'missing', email: 'missing', categories: 'missing', access: 'missing', manage_grants: 'missing', until: 'missing' });
    const input = { advocateName: 'Dee', email: 'Mum@Example.org', relationship: 'Daughter', categories: ['address', 'secret_files'], access: 'write', manageGrants: 'maybe', until: { day: '31', month: '2', year: '2027' } };
    const bad = await checkAppointment(database.db, councilId, input, { maxDays: 366, ownEmail: 'mum@example.org', now });
    assert.deepEqual(bad.problems, { email: 'own', categories: 'unknown', access: 'missing', manage_grants: 'missing', until: 'invalid' });
    const far = await checkAppointment(database.db, councilId, { ...input, email: 'dee@example.org', categories: ['address'], access: 'read', manageGrants: 'no', until: { day: '4', month: '12', year: '2027' } }, { maxDays: 366, now });
    assert.deepEqual(far.problems, { until: 'far' });
    const past = await checkAppointment(database.db, councilId, { ...input, email: 'dee@example.org', categories: ['address'], access: 'read', manageGrants: 'no', until: { day: '3', month: '12', year: '2026' } }, { maxDays: 366, now });
    assert.deepEqual(past.problems, { until: 'past' });
    const ok = await checkAppointment(database.db, councilId, { ...input, email: ' DEE@example.org ', categories: ['address', 'name', 'address'], access: 'read', manageGrants: 'yes', until: { day: '3', month: '6', year: '2027' } }, { maxDays: 366, now });
    assert.deepEqual(ok.problems, {});
    assert.equal(ok.value?.advocateEmail, 'dee@example.org');
    assert.deepEqual(ok.value?.categories, ['address', 'name']);
    assert.equal(ok.value?.manageGrants, true);
    assert.equal(ok.value?.endsAt.toISOString(), '2027-06-03T23:00:00.000Z', 'until the end of that day in London (BST)');
    assert.equal(maxAdvocacyDays({}), 366);
    assert.equal(maxAdvocacyDays({ HEARTH_VAULT_MAX_ADVOCACY_DAYS: '90' }), 90);
    assert.throws(() => maxAdvocacyDays({ HEARTH_VAULT_MAX_ADVOCACY_DAYS: 'forever' }), /HEARTH_VAULT_MAX_ADVOCACY_DAYS/);
  });

  it('invitation → acceptance by the invited address only → acting, each read and change logged with the advocate and the resident', async () => {
    const [councilId, otherCouncil] = councils;
    const invitation = await createInvitation(database.db, councilId, { id: people.mum, name: 'Mary Mum' }, scope());
    // Nothing before acceptance.
    await assert.rejects(withResidentAccess(database.db, { councilId, actor: dee(), residentId: people.mum, categories: ['address'], action: 'read' }, (a) => a.read()), AccessRefused);
    assert.equal((await invitationOf(database.db, otherCouncil, invitation.token)).state, 'unknown', 'another council does not know the link');
    assert.equal(await answer(database.db, councilId, invitation.token, { personId: people.eve, email: 'eve@example.org' }, true), 'wrong_email');
    assert.equal(await answer(database.db, councilId, 'x'.repeat(43), { personId: people.dee, email: 'dee@example.org' }, true), 'unknown');
    assert.equal(await answer(database.db, councilId, invitation.token, { personId: people.dee, email: 'Dee@Example.org' }, true), 'accepted');
    assert.equal(await answer(database.db, councilId, invitation.token, { personId: people.dee, email: 'dee@example.org' }, true), 'accepted', 'sent twice: the same answer');
    assert.equal(await answer(database.db, councilId, invitation.token, { personId: people.eve, email: 'dee@example.org' }, false), 'used', 'single use');

    const before = await logCount();
    const items = await withResidentAccess(database.db, { councilId, actor: dee(), residentId: people.mum, categories: ['address'], action: 'read' }, (a) => a.read());
    assert.deepEqual(items.map((i) => i.category), ['address']);
    assert.equal(await logCount(), before + 1);
    const read = await lastEntry();
    assert.equal(read.actor_kind, 'advocate');
    assert.equal(read.actor_id, people.dee);
    assert.equal(read.actor_name, 'Dee Daughter');
    assert.equal(read.resident_id, people.mum, 'the entry is in the resident\'s own log');
    assert.equal(read.on_behalf_of, people.mum, 'and names whom they acted for');
    assert.equal(read.grant_id, null);
    assert.equal(read.organisation, `advocate:${invitation.id}`);

    await withResidentAccess(database.db, { councilId, actor: dee(), residentId: people.mum, categories: ['address'], action: 'update' }, (a) => a.write('address', [{ lines: ['2 New Road'], town: 'Ashdown', postcode: 'AS1 1AA' }]));
    assert.equal((await lastEntry()).action, 'update');
    const [address] = await readItems(database.db, ring, councilId, people.mum, ['address']);
    assert.deepEqual(address.source, { kind: 'advocate', name: 'Dee Daughter for Mary Mum' });
    assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });

  it('refuses, and logs nothing, outside the scope, for another resident or council, once declined, ended or past the end date', async () => {
    const [councilId, otherCouncil] = councils;
    const readOnly = await createInvitation(database.db, councilId, { id: people.dad, name: 'Dan Dad' }, scope({ categories: ['contact'], access: 'read' }));
    assert.equal(await answer(database.db, councilId, readOnly.token, { personId: people.dee, email: 'dee@example.org' }, true), 'accepted');
    const before = await logCount();
    const refuses = async (request: { councilId?: string; residentId?: string; categories: string[]; action: 'read' | 'update'; now?: Date }) =>
      assert.rejects(
        withResidentAccess(database.db, { councilId: request.councilId ?? councilId, actor: dee(), residentId: request.residentId ?? people.dad, categories: request.categories, action: request.action, now: request.now }, (a) => a.read()),
        AccessRefused,
      );
    await refuses({ categories: ['benefits'], action: 'read' });
    await refuses({ categories: ['contact', 'address'], action: 'read' });
    await refuses({ categories: ['contact'], action: 'update' });
    await refuses({ councilId: otherCouncil, categories: ['contact'], action: 'read' });
    await refuses({ categories: ['contact'], action: 'read', now: new Date(Date.now() + 181 * DAY) });
    // Someone else with the same name is not the advocate.
    await assert.rejects(withResidentAccess(database.db, { councilId, actor: { kind: 'advocate', personId: people.eve, name: 'Dee Daughter' }, residentId: people.dad, categories: ['contact'], action: 'read' }, (a) => a.read()), AccessRefused);
    assert.equal(await logCount(), before);
    // Declined: nothing. Ended by the resident: nothing, at once.
    const declined = await createInvitation(database.db, councilId, { id: people.dad, name: 'Dan Dad' }, scope({ advocateEmail: 'eve@example.org', categories: ['benefits'] }));
    assert.equal(await answer(database.db, councilId, declined.token, { personId: people.eve, email: 'eve@example.org' }, false), 'declined');
    await assert.rejects(withResidentAccess(database.db, { councilId, actor: { kind: 'advocate', personId: people.eve, name: 'Eve' }, residentId: people.dad, categories: ['benefits'], action: 'read' }, (a) => a.read()), AccessRefused);
    await withResidentAccess(database.db, { councilId, actor: dee(), residentId: people.dad, categories: ['contact'], action: 'read' }, (a) => a.read());
    assert.equal(await endByResident(database.db, councilId, people.dad, readOnly.id), true);
    assert.equal(await endByResident(database.db, councilId, people.dad, readOnly.id), false, 'ended once');
    await refuses({ categories: ['contact'], action: 'read' });
    assert.equal(await logCount(), before + 1);
    // An expired invitation cannot be accepted.
    const late = await createInvitation(database.db, councilId, { id: people.dad, name: 'Dan Dad' }, scope({ advocateEmail: 'eve@example.org' }), new Date(Date.now() - 15 * DAY));
    assert.equal(await answer(database.db, councilId, late.token, { personId: people.eve, email: 'eve@example.org' }, true), 'expired');
  });

  it('a legal appointment gives nothing until a second officer (never its recorder) approves it; its attorney claims it on signing in', async () => {
    const [councilId] = councils;
    const attorney: VaultActor = { kind: 'advocate', personId: people.attorney, name: 'Al Attorney' };
    const id = await recordLegal(database.db, councilId, 'Adult care', officer(), { residentId: people.dad, residentName: 'Dan Dad', evidenceRef: 'OPG 7000-1234-5678' }, scope({ advocateEmail: 'attorney@example.org', advocateName: 'Al Attorney', relationship: 'Attorney', categories: ['benefits'], access: 'read' }));
    const read = () => withResidentAccess(database.db, { councilId, actor: attorney, residentId: people.dad, categories: ['benefits'], action: 'read' }, (a) => a.read());
    await assert.rejects(read(), AccessRefused);
    assert.equal(await decideLegal(database.db, councilId, 'Adult care', id, officer(), true), 'own');
    assert.equal(await decideLegal(database.db, councilId, 'Housing options', id, second(), true), 'not_found', 'another team\'s');
    // The table refuses it too, whatever the code does.
    await assert.rejects(database.db.query("UPDATE vault_advocate SET status = 'active', approved_by = recorded_by WHERE id = $1", [id]), /check/i);
    await assert.rejects(database.db.query("UPDATE vault_advocate SET status = 'active' WHERE id = $1", [id]), /check/i, 'active needs an approval');
    await assert.rejects(read(), AccessRefused);
    assert.equal(await decideLegal(database.db, councilId, 'Adult care', id, second(), true), 'done');
    const audit = (await database.db.query<{ action: string; actor_email: string; target: string }>("SELECT action, actor_email, target FROM audit_log WHERE target = $1 ORDER BY id", [id])).rows;
    assert.deepEqual(audit.map((a) => [a.action, a.actor_email]).sort(), [['vault.advocate.approved', 'second@example.org'], ['vault.advocate.recorded', 'officer@example.org']]);
    assert.equal(await decideLegal(database.db, councilId, 'Adult care', id, second(), true), 'not_found', 'decided once');
    const [benefits] = await read();
    assert.deepEqual(benefits.value, { of: 'benefits', resident: people.dad });
    assert.equal((await lastEntry()).actor_kind, 'advocate');
    // One approved for an address with no person yet becomes theirs when they first sign in.
    const later = await recordLegal(database.db, councilId, 'Adult care', officer(), { residentId: people.mum, residentName: 'Mary Mum', evidenceRef: 'COP 12345678' }, scope({ advocateEmail: 'newcomer@example.org', categories: ['name'], access: 'read' }));
    assert.equal(await decideLegal(database.db, councilId, 'Adult care', later, second(), true), 'done');
    const newcomer = (await ensurePerson(database.db, 'newcomer@example.org')).id;
    assert.equal(await inCouncil(database.db, councilId, (tx) => claimLegalAppointments(tx, councilId, newcomer, 'newcomer@example.org')), 1);
    assert.equal((await withResidentAccess(database.db, { councilId, actor: { kind: 'advocate', personId: newcomer, name: 'New' }, residentId: people.mum, categories: ['name'], action: 'read' }, (a) => a.read())).length, 1);
  });

  it('gives access exactly when a live appointment of this person for this resident covers it (property)', async () => {
    const advocates = [randomUUID(), randomUUID()];
    const appointmentArb = fc.record({
      council: fc.integer({ min: 0, max: 1 }),
      resident: fc.constantFrom('mum', 'dad'),
      advocate: fc.integer({ min: 0, max: 1 }),
      categories: fc.subarray(CATEGORIES, { minLength: 1 }),
      access: fc.constantFrom<'read' | 'read_update'>('read', 'read_update'),
      status: fc.constantFrom<AppointmentRow['status']>('invited', 'active', 'declined', 'ended'),
      startsInDays: fc.integer({ min: -30, max: 5 }),
      lastsDays: fc.integer({ min: 1, max: 60 }),
    });
    const requestArb = fc.record({
      council: fc.integer({ min: 0, max: 1 }),
      resident: fc.constantFrom('mum', 'dad'),
      advocate: fc.integer({ min: 0, max: 1 }),
      categories: fc.subarray(CATEGORIES, { minLength: 1 }),
      action: fc.constantFrom<'read' | 'update'>('read', 'update'),
    });
    const NOW = new Date('2026-12-03T12:00:00Z');
    await fc.assert(
      fc.asyncProperty(fc.array(appointmentArb, { maxLength: 4 }), requestArb, async (appointments, request) => {
        await database.db.query('DELETE FROM vault_advocate');
        for (const a of appointments) {
          const startsAt = new Date(NOW.getTime() + a.startsInDays * DAY);
          const id = randomUUID();
          await inCouncil(database.db, councils[a.council], (tx) => insertAppointment(tx, councils[a.council], {
            id, residentId: people[a.resident], residentName: a.resident, advocatePersonId: advocates[a.advocate], advocateEmail: `a${a.advocate}@example.org`, advocateName: 'A',
            relationship: 'Friend', categories: a.categories, access: a.access, manageGrants: false, kind: 'appointed_by_resident', status: 'invited', startsAt,
            endsAt: new Date(startsAt.getTime() + a.lastsDays * DAY), invitationHash: null, invitationExpires: null, evidenceRef: null, team: null, recordedBy: null,
          }));
          if (a.status !== 'invited') await database.db.query("UPDATE vault_advocate SET status = $2::text, ended_at = CASE WHEN $2::text IN ('ended', 'declined') THEN now() END WHERE id = $1", [id, a.status]);
        }
        const expected = appointments.some((a) => {
          const startsAt = NOW.getTime() + a.startsInDays * DAY;
          return a.council === request.council && a.resident === request.resident && a.advocate === request.advocate && a.status === 'active' &&
            startsAt <= NOW.getTime() && startsAt + a.lastsDays * DAY > NOW.getTime() &&
            request.categories.every((c) => a.categories.includes(c)) && (request.action === 'read' || a.access === 'read_update');
        });
        const before = await logCount();
        // The resident's own items (an earlier test changed some values: ownership is by row, not by value).
        const own = new Set(
          (await database.db.query<{ id: string }>('SELECT id FROM vault_item WHERE council_id = $1 AND resident_id = $2', [councils[request.council], people[request.resident]])).rows.map((r) => r.id),
        );
        let seen: string[] | undefined;
        try {
          seen = await withResidentAccess(
            database.db,
            { councilId: councils[request.council], actor: { kind: 'advocate', personId: advocates[request.advocate], name: 'A' }, residentId: people[request.resident], categories: request.categories, action: request.action, now: NOW },
            async (a) => (await a.read()).map((i) => { assert.ok(own.has(i.id), 'only this resident'); return i.category; }),
          );
        } catch (error) {
          if (!(error instanceof AccessRefused)) throw error;
        }
        assert.equal(seen !== undefined, expected, `access ${expected ? 'expected' : 'refused'} for ${JSON.stringify({ appointments, request })}`);
        if (seen) assert.deepEqual([...seen].sort(), [...request.categories].sort());
        assert.equal(await logCount(), before + (expected ? 1 : 0), 'one entry per access, none for a refusal');
      }),
      { numRuns: 50 },
    );
    for (const councilId of councils) assert.equal((await verifyLog(database.db, councilId)).broken, undefined);
  });
});
