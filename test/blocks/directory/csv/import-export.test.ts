import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { exportFlatCsv } from '../../../../src/blocks/directory/csv/export-flat.js';
import { exportOrukTablesZip } from '../../../../src/blocks/directory/csv/export-tables.js';
import { FLAT_COLUMNS } from '../../../../src/blocks/directory/csv/flat.js';
import { importCsv } from '../../../../src/blocks/directory/csv/import.js';
import { CsvImportError, type CsvProblem } from '../../../../src/blocks/directory/csv/problems.js';
import { csvFilesOf, MAX_CSV_BYTES, type CsvFile } from '../../../../src/blocks/directory/csv/read.js';
import { ORUK_TABLES } from '../../../../src/blocks/directory/csv/tables.js';
import { exportOruk } from '../../../../src/blocks/directory/oruk/export.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { upsertPostcodes } from '../../../../src/platform/geo/postcodes-sql.js';
import { exampleService, migratedDatabase, orukAvailable, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

/** Everything written to a Writable, as one buffer. */
async function collect(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await write(out);
  return Buffer.concat(chunks);
}

const orukJson = async (t: MigratedDb, councilId: string) => JSON.parse((await collect((out) => exportOruk(t.db, councilId, out))).toString('utf8'));
const serviceCount = async (t: MigratedDb, councilId: string) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM service WHERE council_id = $1', [councilId])).rows[0].n;

async function problemsOf(promise: Promise<unknown>): Promise<CsvProblem[]> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CsvImportError, `expected a CsvImportError, got ${(error as Error).stack}`);
    return error.problems;
  }
  assert.fail('the import succeeded');
}

const flatSheet = (rows: Partial<Record<(typeof FLAT_COLUMNS)[number], string>>[]): CsvFile => ({
  name: 'services-flat.csv',
  data: Buffer.from(stringify([[...FLAT_COLUMNS], ...rows.map((r) => FLAT_COLUMNS.map((c) => r[c] ?? ''))])),
});

const goodRow = (n: number) => ({
  organisation_name: 'Kingsmere Lunch Club',
  service_name: `Lunch club ${n}`,
  service_description: 'A hot meal and company on weekdays.',
  location_name: 'Church Hall',
  address: '2 Church Lane',
  town: 'Kingsmere',
  postcode: 'KM1 1AA',
  phone: '01234 567890',
  opening_times: 'Mon-Fri 12:00-14:00; Sat 10:00-12:30',
  categories: 'Food; Older people',
  minimum_age: '60',
  cost: '£3.50 per meal',
  languages: 'English; cy',
});

let t: MigratedDb;
let fresh: Council;
/** Only UK addresses (the ORUK example's postcode is not one): what the flat sheet is for. */
let uk: Council;

before(async () => {
  t = await migratedDatabase();
  fresh = await addCouncil(t.db, { slug: 'blankshire', name: 'Blankshire Council' });
  await upsertPostcodes(t.db, [{ postcode: 'KM1 1AA', lat: 52.1, lng: -1.1 }]);
  await importOruk(t.db, t.council.id, [...richServices(), ...(orukAvailable() ? [exampleService()] : [])]);
  uk = await addCouncil(t.db, { slug: 'ukshire', name: 'Ukshire Council' });
  await importOruk(t.db, uk.id, richServices());
});

after(() => t?.close());

describe('CSV round trips', () => {
  it('the ORUK tables: export then import into an empty council gives the same ORUK documents', async () => {
    const zip = await collect((out) => exportOrukTablesZip(t.db, t.council.id, out));
    const files = await csvFilesOf({ name: 'directory.zip', data: zip });
    assert.deepEqual(files.map((f) => f.name).sort(), ORUK_TABLES.map((x) => x.file).sort());
    const services = files.find((f) => f.name === 'services.csv')!.data.toString('utf8');
    assert.match(services.split('\n')[0], /^id,organization_id,program_id,name,/);
    const result = await importCsv(t.db, t.other.id, files);
    assert.equal(result.shape, 'tables');
    const before = await orukJson(t, t.council.id);
    assert.ok(before.length >= 3);
    assert.equal(result.total, before.length);
    assert.deepEqual(await orukJson(t, t.other.id), before);
  });

  it('the flat sheet: export, import into an empty council, export again gives the same sheet', async () => {
    const first = (await collect((out) => exportFlatCsv(t.db, uk.id, out))).toString('utf8');
    assert.ok(first.startsWith('\uFEFForganisation_name,'), 'a byte-order mark, then the header');
    const result = await importCsv(t.db, fresh.id, [{ name: 'services-flat.csv', data: Buffer.from(first) }]).catch((e) => assert.fail(JSON.stringify(e.problems)));
    assert.equal(result.shape, 'flat');
    assert.equal(result.total, await serviceCount(t, uk.id));
    const second = (await collect((out) => exportFlatCsv(t.db, fresh.id, out))).toString('utf8');
    assert.equal(second, first);
  });

  it('a flat sheet becomes ORUK services: places, weekly hours, categories, ages, costs and languages', async () => {
    const council = await addCouncil(t.db, { slug: 'flatford', name: 'Flatford Council' });
    const result = await importCsv(t.db, council.id, [flatSheet([goodRow(1), { ...goodRow(1), location_name: 'Library', address: '1 High Street', opening_times: 'Llun 09:00-10:00' }])]);
    assert.deepEqual({ created: result.created, total: result.total }, { created: 1, total: 1 });
    const [service] = await orukJson(t, council.id);
    assert.equal(service.name, 'Lunch club 1');
    assert.equal(service.organization.name, 'Kingsmere Lunch Club');
    assert.equal(service.minimum_age, 60);
    assert.deepEqual(service.service_at_locations.map((p: { location: { name: string } }) => p.location.name).sort(), ['Church Hall', 'Library']);
    const hall = service.service_at_locations.find((p: { location: { name: string } }) => p.location.name === 'Church Hall').location;
    assert.deepEqual([hall.latitude, hall.longitude, hall.addresses[0].postal_code], [52.1, -1.1, 'KM1 1AA']);
    assert.deepEqual(
      service.schedules.map((s: { byday: string; opens_at: string; closes_at: string }) => `${s.byday} ${s.opens_at}-${s.closes_at}`).sort(),
      ['MO 09:00:00-10:00:00', 'MO,TU,WE,TH,FR 12:00:00-14:00:00', 'SA 10:00:00-12:30:00'],
    );
    assert.deepEqual(service.attributes.map((a: { taxonomy_term: { name: string } }) => a.taxonomy_term.name), ['Food', 'Older people']);
    assert.deepEqual(service.cost_options.map((c: { amount: number; amount_description: string }) => [c.amount, c.amount_description]), [[3.5, 'per meal']]);
    assert.deepEqual(service.languages.map((l: { name?: string; code?: string }) => l.name ?? l.code), ['English', 'cy']);
    // The same sheet again updates in place (ids derived from the names), adding nothing.
    const again = await importCsv(t.db, council.id, [flatSheet([goodRow(1)])]);
    assert.deepEqual({ created: again.created, updated: again.updated }, { created: 0, updated: 1 });
  });
});

describe('CSV import errors: named by file, row and column, nothing written', () => {
  it('a bad postcode in row 7 and a row with no organisation', async () => {
    const council = await addCouncil(t.db, { slug: 'errorton', name: 'Errorton Council' });
    const rows = [1, 2, 3, 4, 5].map(goodRow);
    rows.push({ ...goodRow(6), postcode: 'NOT A CODE' }); // row 7: the header is row 1
    rows.push({ ...goodRow(7), organisation_name: '' }); // row 8
    const problems = await problemsOf(importCsv(t.db, council.id, [flatSheet(rows)]));
    assert.deepEqual(problems, [
      { file: 'services-flat.csv', row: 7, column: 'postcode', reason: '"NOT A CODE" is not a UK postcode' },
      { file: 'services-flat.csv', row: 8, column: 'organisation_name', reason: 'is empty: every row needs one' },
    ]);
    assert.equal(await serviceCount(t, council.id), 0, 'nothing half-imported');
  });

  it('bad opening times, ages and web addresses each name their column', async () => {
    const problems = await problemsOf(
      importCsv(t.db, fresh.id, [flatSheet([{ ...goodRow(1), opening_times: 'Mondays 9am', minimum_age: 'old', website: 'example.org' }])]),
    );
    assert.deepEqual(problems.map((p) => [p.row, p.column]), [[2, 'website'], [2, 'minimum_age'], [2, 'opening_times']]);
  });

  it('a table naming an organisation that is not in organizations.csv', async () => {
    const zip = await collect((out) => exportOrukTablesZip(t.db, t.council.id, out));
    const files = (await csvFilesOf({ name: 'directory.zip', data: zip })).map((f) =>
      f.name === 'organizations.csv' ? { ...f, data: Buffer.from(f.data.toString('utf8').split('\n')[0] + '\n') } : f,
    );
    const problems = await problemsOf(importCsv(t.db, fresh.id, files));
    assert.ok(problems.some((p) => p.file === 'organization_identifiers.csv' && p.column === 'organization_id'), 'identifiers of the missing organisations are named too');
    const services = problems.filter((p) => p.file === 'services.csv');
    assert.equal(services.length, await serviceCount(t, t.council.id), 'each service is named');
    for (const p of services) {
      assert.equal(p.file, 'services.csv');
      assert.equal(p.column, 'organization_id');
      assert.match(p.reason, /which is not in organizations\.csv/);
      assert.equal(typeof p.row, 'number');
    }
  });

  it('a malformed file, a wrong encoding and an unknown column', async () => {
    const malformed = await problemsOf(importCsv(t.db, fresh.id, [{ name: 'services-flat.csv', data: Buffer.from('organisation_name,service_name\n"Unclosed,quote\n') }]));
    assert.equal(malformed.length, 1);
    assert.match(malformed[0].reason, /is not well-formed CSV/);
    const latin1 = Buffer.concat([Buffer.from('organisation_name,service_name\nCaf'), Buffer.from([0xe9]), Buffer.from(',Lunch\n')]);
    const encoding = await problemsOf(importCsv(t.db, fresh.id, [{ name: 'services-flat.csv', data: latin1 }]));
    assert.deepEqual(encoding.map((p) => p.file), ['services-flat.csv']);
    assert.match(encoding[0].reason, /is not UTF-8 text.*CSV UTF-8/);
    const unknown = await problemsOf(importCsv(t.db, fresh.id, [{ name: 'services-flat.csv', data: Buffer.from('organisation_name,service_name,colour\nA,B,red\n') }]));
    assert.deepEqual(unknown, [{ file: 'services-flat.csv', row: 1, column: 'colour', reason: 'is not a column of the flat services sheet' }]);
  });

  it('a UTF-8 byte-order mark is accepted', async () => {
    const council = await addCouncil(t.db, { slug: 'bomford', name: 'Bomford Council' });
    const sheet = flatSheet([{ organisation_name: 'Cymdeithas Gŵyl', service_name: 'Clwb cinio' }]);
    const result = await importCsv(t.db, council.id, [{ ...sheet, data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sheet.data]) }]);
    assert.equal(result.total, 1);
    assert.equal((await orukJson(t, council.id))[0].organization.name, 'Cymdeithas Gŵyl');
  });

  it('a file over the limit is refused with a clear message, before it is read', async () => {
    const huge = { name: 'services-flat.csv', data: Buffer.alloc(MAX_CSV_BYTES + 1, 0x41) };
    const problems = await problemsOf(csvFilesOf(huge));
    assert.equal(problems.length, 1);
    assert.match(problems[0].reason, /is larger than the 20 MB an import may be/);
  });
});
