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
    await t.db.exec(MIGRATION);
  });
  after(() => t.close());

  it('moves a status closure back a day: closed to the day before it opens again', async () => {
    const moved = await row(foodBank.id, closures.own.id);
    assert.deepEqual([moved.valid_from, moved.valid_to], ['2027-03-10', '2027-03-19']);
    const service = (await getFullService(t.db, t.council.id, foodBank.id)) as Service;
    assert.deepEqual(['2027-03-19', '2027-03-20'].map((d) => closedOn(service, d)), [true, false]);
  });

  it('leaves other closures, a closure of no day, and federated services as they are', async () => {
    const kept = await row(foodBank.id, holiday.id);
    assert.deepEqual([kept.valid_from, kept.valid_to], [holiday.valid_from, holiday.valid_to]);
    const none = await row(lunchClub.id, closures.sameDay.id);
    assert.deepEqual([none.valid_from, none.valid_to], ['2027-04-01', '2027-04-01']);
    const federated = await row(third.id, closures.federated.id);
    assert.deepEqual([federated.valid_from, federated.valid_to], ['2027-05-01', '2027-05-08']);
  });
});
