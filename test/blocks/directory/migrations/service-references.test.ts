import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { deleteService } from '../../../../src/blocks/directory/services.js';
import { getFullService } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { deferReferenceChecks } from '../../../../src/blocks/directory/sql/oruk-write.js';
import { testEngine } from '../../../support/db.js';
import { migratedDatabase, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

/**
 * Migration 005 checks references set by set instead of by foreign key: rows that
 * belong to a service, a service's places (locations), and attributes' terms and owners. The
 * guarantees must be the ones the keys gave: no row names what is not in its council, deleting
 * deletes what belongs, and keys never change. An import may defer the location and term
 * checks to its own check before commit, and (migration 015) its service checks too.
 */
describe(`rows that belong to a service (${testEngine})`, () => {
  let t: MigratedDb;
  const [foodBank, lunchClub] = richServices();
  const missing = '00000000-0000-4000-8000-00000000dead';

  before(async () => {
    t = await migratedDatabase();
    await importOruk(t.db, t.council.id, [foodBank, lunchClub]);
  });
  after(() => t.close());

  /** The SQLSTATE a statement fails with. */
  async function failure(sql: string, params: unknown[]): Promise<string | undefined> {
    try {
      await t.db.transaction((tx) => tx.query(sql, params));
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return undefined;
  }

  const tables = ['service_at_location', 'schedule', 'service_area', 'contact', 'phone', 'language', 'funding', 'cost_option', 'required_document', 'metadata'];

  it('refuses a row naming a service that does not exist, in every table', async () => {
    // The other columns each table requires.
    const required: Record<string, string> = {
      service_at_location: `location_id = '${foodBank.service_at_locations![0].location!.id}'`,
      phone: `number = '01632 960000'`,
      metadata: `resource_id = gen_random_uuid(), resource_type = 'service', last_action_date = '2024-01-01', last_action_type = 'create'`,
    };
    for (const table of tables) {
      const [columns, values] = [['council_id', 'id', 'service_id'], ['$1', 'gen_random_uuid()', '$2']];
      for (const pair of (required[table] ?? '').split(/, (?=[a-z_]+ =)/).filter(Boolean)) {
        const [column, value] = pair.split(' = ');
        columns.push(column);
        values.push(value);
      }
      const code = await failure(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})`, [t.council.id, missing]);
      assert.equal(code, '23503', `${table} refused the row`);
    }
    const term = foodBank.attributes![0].taxonomy_term!.id;
    assert.equal(
      await failure(`INSERT INTO attribute (council_id, id, link_entity, link_id, taxonomy_term_id, service_id) VALUES ($1, gen_random_uuid(), 'service', $2, $3, $2)`, [t.council.id, missing, term]),
      '23503',
    );
    assert.equal(await failure(`INSERT INTO search_service (council_id, service_id, name, document) VALUES ($1, $2, 'x', ''::tsvector)`, [t.council.id, missing]), '23503');
  });

  it("refuses a row naming another council's service, and a row moved to a missing service", async () => {
    assert.equal(await failure(`INSERT INTO funding (council_id, id, service_id, source) VALUES ($1, gen_random_uuid(), $2, 'x')`, [t.other.id, foodBank.id]), '23503');
    assert.equal(await failure('UPDATE contact SET service_id = $2 WHERE council_id = $1 AND service_id = $3', [t.council.id, missing, foodBank.id]), '23503');
    // A row for a service that exists is fine, and so is moving it to another that exists.
    assert.equal(await failure(`INSERT INTO funding (council_id, id, service_id, source) VALUES ($1, gen_random_uuid(), $2, 'x')`, [t.council.id, foodBank.id]), undefined);
    assert.equal(await failure('UPDATE funding SET service_id = $2 WHERE council_id = $1 AND service_id = $3', [t.council.id, lunchClub.id, foodBank.id]), undefined);
  });

  it("refuses to change a service's id or council", async () => {
    assert.equal(await failure('UPDATE service SET id = $2 WHERE council_id = $1 AND id = $3', [t.council.id, missing, foodBank.id]), '23503');
    assert.equal(await failure('UPDATE service SET council_id = $2 WHERE council_id = $1 AND id = $3', [t.council.id, t.other.id, foodBank.id]), '23503');
    assert.equal(await failure("UPDATE service SET name = 'Renamed' WHERE council_id = $1 AND id = $2", [t.council.id, lunchClub.id]), undefined);
  });

  it('refuses a place or an attribute naming a location, term or organisation that is not there', async () => {
    const term = foodBank.attributes![0].taxonomy_term!.id;
    const hall = foodBank.service_at_locations![0].location!.id;
    const orgId = foodBank.organization!.id;
    const sal = `INSERT INTO service_at_location (council_id, id, service_id, location_id) VALUES ($1, gen_random_uuid(), $2, $3)`;
    assert.equal(await failure(sal, [t.council.id, foodBank.id, missing]), '23503');
    assert.equal(await failure(sal, [t.council.id, foodBank.id, hall]), undefined);
    const attribute = (owner: string) =>
      `INSERT INTO attribute (council_id, id, link_entity, link_id, taxonomy_term_id, ${owner}) VALUES ($1, gen_random_uuid(), 'x', $3, $2, $3)`;
    assert.equal(await failure(attribute('service_id'), [t.council.id, missing, foodBank.id]), '23503', 'a missing term');
    assert.equal(await failure(attribute('location_id'), [t.council.id, term, missing]), '23503', 'a missing location');
    assert.equal(await failure(attribute('organization_id'), [t.council.id, term, missing]), '23503', 'a missing organisation');
    assert.equal(await failure(attribute('organization_id'), [t.other.id, term, orgId]), '23503', "another council's term and organisation");
    assert.equal(await failure(attribute('location_id'), [t.council.id, term, hall]), undefined);
  });

  it("checks a deferring writer's locations and terms at commit, and its other references at once", async () => {
    const term = foodBank.attributes![0].taxonomy_term!.id;
    const hall = foodBank.service_at_locations![0].location!.id;
    /** Run the statements in one deferring transaction: the SQLSTATE it fails with, and when. */
    const deferred = async (statements: [string, unknown[]][]) => {
      let reached = 0;
      try {
        await t.db.transaction(async (tx) => {
          await deferReferenceChecks(tx);
          for (const [sql, params] of statements) {
            await tx.query(sql, params);
            reached++;
          }
        });
        return 'committed';
      } catch (error) {
        return `${(error as { code?: string }).code} after ${reached} of ${statements.length}`;
      }
    };
    const sal = `INSERT INTO service_at_location (council_id, id, service_id, location_id) VALUES ($1, gen_random_uuid(), $2, $3)`;
    const later = '00000000-0000-4000-8000-0000000000e9';
    const location = `INSERT INTO location (council_id, id, location_type, name) VALUES ($1, $2, 'physical', 'Later hall')`;
    assert.equal(await deferred([[sal, [t.council.id, foodBank.id, missing]]]), '23503 after 1 of 1', 'refused at commit');
    assert.equal(await deferred([[sal, [t.council.id, foodBank.id, later]], [location, [t.council.id, later]]]), 'committed', 'defined by a later statement');
    // Migration 015: a deferring writer's service checks wait for commit too, each service
    // looked up once however many tables and statements named it.
    assert.equal(await deferred([[sal, [t.council.id, missing, hall]]]), '23503 after 1 of 1', 'a missing service, at commit');
    const funding = `INSERT INTO funding (council_id, id, service_id, source) VALUES ($1, gen_random_uuid(), $2, 'x')`;
    assert.equal(
      await deferred([[funding, [t.council.id, foodBank.id]], [sal, [t.council.id, missing, hall]], [funding, [t.council.id, missing]]]),
      '23503 after 3 of 3',
      'a missing service named by two tables beside one that exists, at commit',
    );
    const laterService = '00000000-0000-4000-8000-0000000000ea';
    const service = `INSERT INTO service (council_id, id, organization_id, name, status) VALUES ($1, $2, $3, 'Later service', 'active')`;
    assert.equal(
      await deferred([[funding, [t.council.id, laterService]], [service, [t.council.id, laterService, foodBank.organization!.id]]]),
      'committed',
      'a service written by a later statement',
    );
    assert.equal(await failure('DELETE FROM service WHERE council_id = $1 AND id = $2', [t.council.id, laterService]), undefined);
    const attribute = `INSERT INTO attribute (council_id, id, link_entity, link_id, taxonomy_term_id, location_id) VALUES ($1, gen_random_uuid(), 'x', $3, $2, $3)`;
    assert.equal(await deferred([[attribute, [t.council.id, missing, hall]]]), '23503 after 1 of 1', 'a missing term, at commit');
    assert.equal(await deferred([[attribute, [t.council.id, term, missing]]]), '23503 after 0 of 1', 'the owner check does not wait');
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM directory_pending_reference');
    assert.equal(rows[0].n, 0, 'no note outlives its transaction');
  });

  it('refuses TRUNCATE of what rows name, and a delete under REPEATABLE READ', async () => {
    for (const table of ['service', 'location', 'taxonomy_term', 'organization']) {
      assert.equal(await failure(`TRUNCATE ${table} CASCADE`, []), '0A000', table);
    }
    const code = await t.db
      .transaction(async (tx) => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        await tx.query('DELETE FROM service WHERE council_id = $1 AND id = $2', [t.council.id, lunchClub.id]);
      })
      .then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
    assert.equal(code, '0A000');
    assert.ok(await getFullService(t.db, t.council.id, lunchClub.id), 'the service is still there');
  });

  it('deletes the places and attributes of a deleted location, term or organisation', async () => {
    const hut = '00000000-0000-4000-8000-0000000000e3';
    await t.db.query(`INSERT INTO location (council_id, id, location_type, name) VALUES ($1, $2, 'physical', 'Scout hut')`, [t.council.id, hut]);
    await t.db.query(`INSERT INTO service_at_location (council_id, id, service_id, location_id) VALUES ($1, gen_random_uuid(), $2, $3)`, [t.council.id, lunchClub.id, hut]);
    const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: number }>(sql, params)).rows[0].n);
    const place = { location: { id: hut } };
    assert.equal(await count('SELECT count(*) AS n FROM service_at_location WHERE council_id = $1 AND location_id = $2', [t.council.id, place.location.id]), 1);
    await t.db.query('DELETE FROM location WHERE council_id = $1 AND id = $2', [t.council.id, place.location.id]);
    assert.equal(await count('SELECT count(*) AS n FROM service_at_location WHERE council_id = $1 AND location_id = $2', [t.council.id, place.location.id]), 0);
    const extra = lunchClub;
    const term = extra.attributes![0].taxonomy_term_id ?? extra.attributes![0].taxonomy_term!.id;
    assert.ok((await count('SELECT count(*) AS n FROM attribute WHERE council_id = $1 AND taxonomy_term_id = $2', [t.council.id, term])) > 0);
    await t.db.query('DELETE FROM taxonomy_term WHERE council_id = $1 AND id = $2', [t.council.id, term]);
    assert.equal(await count('SELECT count(*) AS n FROM attribute WHERE council_id = $1 AND taxonomy_term_id = $2', [t.council.id, term]), 0);
    assert.equal(await failure('UPDATE location SET id = $2 WHERE council_id = $1 AND id = $3', [t.council.id, missing, foodBank.service_at_locations![0].location!.id]), '23503');
  });

  it('deletes everything that belongs to a deleted service, and nothing of the others', async () => {
    const count = async (serviceId: string) => {
      const parts = [...tables, 'attribute', 'search_service'].map((table) => `(SELECT count(*) FROM ${table} WHERE council_id = $1 AND service_id = $2)`);
      const { rows } = await t.db.query<{ n: number }>(`SELECT ${parts.join(' + ')} AS n`, [t.council.id, serviceId]);
      return Number(rows[0].n);
    };
    assert.ok((await count(foodBank.id)) > 5);
    const lunchClubRows = await count(lunchClub.id);
    assert.ok(lunchClubRows > 5);
    assert.equal(await deleteService(t.db, t.council.id, foodBank.id), true);
    assert.equal(await count(foodBank.id), 0);
    assert.equal(await count(lunchClub.id), lunchClubRows);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM search_place WHERE council_id = $1 AND service_id = $2', [t.council.id, foodBank.id]);
    assert.equal(rows[0].n, 0, 'its places in the search index went with it');
  });
});
