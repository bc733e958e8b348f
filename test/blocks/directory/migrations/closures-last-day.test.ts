import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closedOn } from '../../../../src/blocks/directory/closures/planned-status.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import { getFullService } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { testEngine } from '../../../support/db.js';
import { migratedDatabase, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

const MIGRATION = readFileSync(join(process.cwd(), 'src/blocks/directory/migrations/018_closures_last_day.sql'), 'utf8');
const ALERT = 'Temporarily closed from 10 March 2027, open again on 20 March 2027: repairs';

/**
 * Directory migration 018: a closure the status page wrote before kept the day the service
 * opens again as its valid_to; it now keeps the last day closed, as every other dated closure
 * does. Its statement, run over rows as the earlier release wrote them.
 */
describe(`directory migration 018: status closures keep their last day closed (${testEngine})`, () => {
  let t: MigratedDb;
  const [foodBank, lunchClub, third] = richServices();
  const statusClosure = (from: string, to: string) => ({ id: crypto.randomUUID(), valid_from: from, valid_to: to, description: ALERT, notes: 'repairs' });
  const holiday = { id: crypto.randomUUID(), valid_from: '2027-03-12', valid_to: '2027-03-13', description: 'Closed 12 to 13 March: training', notes: 'training' };
  const row = async (serviceId: string, id: string) => ((await getFullService(t.db, t.council.id, serviceId)) as Service).schedules!.find((s) => s.id === id)!;

  const closures = {
    own: statusClosure('2027-03-10', '2027-03-20'),
    sameDay: statusClosure('2027-04-01', '2027-04-01'),
    federated: statusClosure('2027-05-01', '2027-05-08'),
  };

  before(async () => {
    t = await migratedDatabase();
    const withAlert = (s: Service, rows: object[]): Service => ({ ...s, status: 'active', alert: ALERT, schedules: [...(s.schedules ?? []), ...rows] as Service['schedules'] });
    await importOruk(t.db, t.council.id, [withAlert(foodBank, [closures.own, holiday]), withAlert(lunchClub, [closures.sameDay]), withAlert(third, [closures.federated])]);
    const { rows } = await t.db.query<{ id: string }>(`INSERT INTO directory_feed (council_id, id, url, name) VALUES ($1, gen_random_uuid(), 'https://elsewhere.example/oruk', 'Elsewhere') RETURNING id`, [t.council.id]);
    await t.db.query('INSERT INTO directory_feed_service (council_id, feed_id, remote_id, service_id) VALUES ($1, $2, $3, $4)', [t.council.id, rows[0].id, third.id, third.id]);
    // A change waiting for approval and a version in the history, as the earlier release wrote them.
    const before = withAlert(foodBank, [closures.own, holiday]);
    await t.db.query(
      `INSERT INTO listing_change (council_id, id, kind, listing_id, organization_id, document, base_document, base_version, status, proposed_by_email)
       VALUES ($1, gen_random_uuid(), 'service', $2, $3, $4, $5, 1, 'pending', 'volunteer@example.org')`,
      [t.council.id, foodBank.id, foodBank.organization!.id, JSON.stringify({ ...before, description: 'Now with a café' }), JSON.stringify(before)],
    );
    await t.db.query(
      `INSERT INTO listing_version (council_id, kind, listing_id, version, document, cause) VALUES ($1, 'service', $2, 99, $3, 'edit')`,
      [t.council.id, foodBank.id, JSON.stringify(before)],
    );
    await t.db.exec(MIGRATION);
  });
  after(() => t.close());

  it('moves a status closure back a day: closed to the day before it opens again', async () => {
    const moved = await row(foodBank.id, closures.own.id);
    assert.deepEqual([moved.valid_from, moved.valid_to], ['2027-03-10', '2027-03-19']);
    const service = (await getFullService(t.db, t.council.id, foodBank.id)) as Service;
    assert.deepEqual(['2027-03-19', '2027-03-20'].map((d) => closedOn(service, d)), [true, false]);
  });

  it('moves it back a day in a change waiting for approval, the document it was based on, and the history', async () => {
    const closureIn = (doc: Service) => (doc.schedules ?? []).find((x) => x.id === closures.own.id)!;
    const holidayIn = (doc: Service) => (doc.schedules ?? []).find((x) => x.id === holiday.id)!;
    const { rows: [change] } = await t.db.query<{ document: Service; base_document: Service }>(`SELECT document, base_document FROM listing_change WHERE council_id = $1 AND listing_id = $2`, [t.council.id, foodBank.id]);
    for (const doc of [change.document, change.base_document]) {
      assert.equal(closureIn(doc).valid_to, '2027-03-19');
      assert.equal(holidayIn(doc).valid_to, holiday.valid_to, 'another closure is left');
    }
    assert.equal(change.document.description, 'Now with a café', 'the rest of the proposal is as it was');
    const { rows: [version] } = await t.db.query<{ document: Service }>(`SELECT document FROM listing_version WHERE council_id = $1 AND listing_id = $2 AND version = 99`, [t.council.id, foodBank.id]);
    assert.equal(closureIn(version.document).valid_to, '2027-03-19');
  });

  it('leaves other closures, a closure of no day, and federated services as they are', async () => {
    const kept = await row(foodBank.id, holiday.id);
    assert.deepEqual([kept.valid_from, kept.valid_to], [holiday.valid_from, holiday.valid_to]);
    const none = await row(lunchClub.id, closures.sameDay.id);
    assert.deepEqual([none.valid_from, none.valid_to], ['2027-04-01', '2027-04-01']);
    // The same date given twice now reads as that one day closed (before: no day at all).
    const sameDay = (await getFullService(t.db, t.council.id, lunchClub.id)) as Service;
    assert.deepEqual(['2027-03-31', '2027-04-01', '2027-04-02'].map((d) => closedOn(sameDay, d)), [false, true, false]);
    const federated = await row(third.id, closures.federated.id);
    assert.deepEqual([federated.valid_from, federated.valid_to], ['2027-05-01', '2027-05-08']);
  });
});
