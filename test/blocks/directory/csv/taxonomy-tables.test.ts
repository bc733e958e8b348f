import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportOrukTablesZip } from '../../../../src/blocks/directory/csv/export-tables.js';
import { importCsv } from '../../../../src/blocks/directory/csv/import.js';
import { CsvImportError } from '../../../../src/blocks/directory/csv/problems.js';
import { csvFilesOf, type CsvFile } from '../../../../src/blocks/directory/csv/read.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { listTaxonomies } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { migratedDatabase, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ORUK JSON built for the test */

const LGSL = {
  id: 'a7400000-0000-4000-8000-000000000001',
  name: 'Local Government Services List (LGSL)',
  description: "The LGA's list of council services.",
  uri: 'http://id.esd.org.uk/list/englishAndWelshServices',
  version: '2026-07-08',
};

async function zipOf(t: MigratedDb, councilId: string): Promise<CsvFile[]> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await exportOrukTablesZip(t.db, councilId, out);
  return csvFilesOf({ name: 'directory.zip', data: Buffer.concat(chunks) });
}

const rowsOf = (files: CsvFile[], name: string): Record<string, string>[] =>
  parse(files.find((f) => f.name === name)!.data, { columns: true, bom: true }) as Record<string, string>[];

describe('the ORUK tables carry taxonomies and their terms', () => {
  let t: MigratedDb;
  before(async () => {
    t = await migratedDatabase();
    const [service] = richServices() as any[];
    service.attributes = [
      {
        id: 'a7500000-0000-4000-8000-000000000001',
        link_type: 'service',
        taxonomy_term_id: 'a7600000-0000-4000-8000-000000000001',
        taxonomy_term: {
          id: 'a7600000-0000-4000-8000-000000000001',
          name: 'Food banks',
          description: 'Food banks',
          taxonomy: LGSL.name,
          taxonomy_id: LGSL.id,
          term_uri: 'http://id.esd.org.uk/service/1818',
          term: '1818',
        },
      },
    ];
    await importOruk(t.db, t.council.id, [service], { taxonomies: [LGSL] });
  });
  after(() => t?.close());

  it('exports taxonomies.csv beside taxonomy_terms.csv, and imports both into another council', async () => {
    const files = await zipOf(t, t.council.id);
    assert.deepEqual(rowsOf(files, 'taxonomies.csv'), [{ ...LGSL }]);
    const term = rowsOf(files, 'taxonomy_terms.csv').find((r) => r.id === 'a7600000-0000-4000-8000-000000000001')!;
    assert.equal(term.taxonomy_id, LGSL.id);
    assert.equal(term.term_uri, 'http://id.esd.org.uk/service/1818');

    await importCsv(t.db, t.other.id, files);
    const page = await listTaxonomies(t.db, t.other.id, { page: 1, perPage: 10 });
    assert.deepEqual(page.contents, [LGSL]);
    assert.deepEqual(rowsOf(await zipOf(t, t.other.id), 'taxonomies.csv'), rowsOf(files, 'taxonomies.csv'));
  });

  it('names the row and column of a taxonomy that is not valid ORUK, and imports nothing', async () => {
    const files = await zipOf(t, t.council.id);
    const bad = files.map((f) =>
      f.name === 'taxonomies.csv' ? { ...f, data: Buffer.from(`id,name,description,uri\n${LGSL.id},LGSL,The list,not a uri\n`) } : f,
    );
    const before = await listTaxonomies(t.db, t.other.id, { page: 1, perPage: 10 });
    await assert.rejects(importCsv(t.db, t.other.id, bad), (error) => {
      assert.ok(error instanceof CsvImportError);
      assert.deepEqual(
        error.problems.map((p) => [p.file, p.row, p.column]),
        [['taxonomies.csv', 2, 'uri']],
      );
      return true;
    });
    assert.deepEqual(await listTaxonomies(t.db, t.other.id, { page: 1, perPage: 10 }), before);
  });
});
