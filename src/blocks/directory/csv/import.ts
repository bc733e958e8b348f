import type { Db } from '../../../platform/db/db.js';
import { findPostcode } from '../../../platform/geo/postcodes-sql.js';
import { importOruk, OrukImportError, type ImportOptions, type ImportResult } from '../oruk/import.js';
import type { Service } from '../oruk/schemas.js';
import { termsByName } from '../sql/csv-tables.js';
import { FLAT_COLUMNS, flatLookups, flatRowsToServices, REQUIRED_FLAT_COLUMNS, type FlatRow } from './flat.js';
import { CsvImportError, type CsvProblem } from './problems.js';
import { csvRows, type CsvFile, type CsvRows } from './read.js';
import { tablesToServices } from './tables-import.js';

/**
 * Import CSV into a council's directory: the flat services sheet (one file whose header has
 * `service_name`), or the ORUK tables (several files, or one named as a table). The rows become
 * ORUK services and go through `importOruk`: one transaction, all or nothing, the same
 * validation and search indexing as a JSON import. Every problem is reported by file, row and
 * column in a `CsvImportError`; when there is one, nothing is written.
 */

export type CsvShape = 'flat' | 'tables';

export interface CsvImportResult extends ImportResult {
  shape: CsvShape;
}

export async function importCsv(db: Db, councilId: string, files: CsvFile[], options: ImportOptions = {}): Promise<CsvImportResult> {
  const problems: CsvProblem[] = [];
  const parsed: CsvRows[] = [];
  for (const file of files) {
    const rows = csvRows(file);
    if (Array.isArray(rows)) problems.push(...rows);
    else parsed.push(rows);
  }
  if (problems.length) throw new CsvImportError(problems);

  const flat = parsed.length === 1 && parsed[0].columns.includes('service_name');
  const shape: CsvShape = flat ? 'flat' : 'tables';
  const converted = flat ? await fromFlat(db, councilId, parsed[0]) : tablesToServices(parsed);
  if (converted.problems.length) throw new CsvImportError(converted.problems);
  if (!converted.services.length) throw new CsvImportError([{ file: parsed[0]?.file ?? 'the import', reason: 'has no services in it' }]);

  try {
    const taxonomies = flat ? [] : (converted as ReturnType<typeof tablesToServices>).taxonomies;
    return { shape, ...(await importOruk(db, councilId, converted.services, { ...options, taxonomies })) };
  } catch (error) {
    if (error instanceof OrukImportError) throw new CsvImportError(error.problems.map((p) => fromJsonPath(p.path, p.reason, converted.services, converted.rowOf, flat ? parsed[0].file : 'services.csv')));
    throw error;
  }
}

async function fromFlat(db: Db, councilId: string, file: CsvRows): Promise<{ services: Service[]; problems: CsvProblem[]; rowOf: Map<string, number> }> {
  const problems: CsvProblem[] = [];
  for (const c of file.columns) if (!(FLAT_COLUMNS as readonly string[]).includes(c)) problems.push({ file: file.file, row: 1, column: c, reason: 'is not a column of the flat services sheet' });
  for (const c of REQUIRED_FLAT_COLUMNS) if (!file.columns.includes(c)) problems.push({ file: file.file, row: 1, column: c, reason: 'is missing from the header row' });
  if (problems.length) return { services: [], problems, rowOf: new Map() };
  const rows = file.rows.map((r) => ({ row: r.row, values: r.values as FlatRow }));
  const { categories, postcodes } = flatLookups(rows.map((r) => r.values));
  const places = new Map<string, { lat: number; lng: number }>();
  for (const postcode of postcodes) {
    const found = await findPostcode(db, postcode);
    if (found) places.set(postcode, found);
  }
  return flatRowsToServices(file.file, rows, { terms: await termsByName(db, councilId, categories), places });
}

/**
 * The importer names problems by JSON path (`$[3].service_at_locations[0].location.name`); the
 * person fixing a sheet needs the file and row. The service's index gives its row; the rest of
 * the path is kept, as the column, so nothing is lost.
 */
function fromJsonPath(path: string, reason: string, services: Service[], rowOf: Map<string, number>, file: string): CsvProblem {
  const m = /^\$\[(\d+)\]\.?(.*)$/.exec(path);
  const service = m ? services[Number(m[1])] : undefined;
  const row = service ? rowOf.get(service.id) : undefined;
  return { file, ...(row !== undefined ? { row } : {}), ...(m?.[2] ? { column: m[2] } : {}), reason };
}
