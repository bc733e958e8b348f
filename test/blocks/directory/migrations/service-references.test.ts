import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { deleteService } from '../../../../src/blocks/directory/services.js';
import { testEngine } from '../../../support/db.js';
import { migratedDatabase, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

/**
 * Migration 006 checks the rows that belong to a service set by set instead of by foreign key.
 * The guarantees must be the ones the keys gave: no row names a service that is not in its
 * council, deleting a service deletes what belongs to it, and a service's key never changes.
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
