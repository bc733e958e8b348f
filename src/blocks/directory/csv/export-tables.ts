import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { useReadSnapshot } from '../sql/oruk-read.js';
import { iterateTableRows } from '../sql/csv-tables.js';
import { ORUK_TABLES, type OrukTable } from './tables.js';

/** One table as CSV text: the header, then each page of rows as it is read. */
async function* tableCsv(db: Queryable, councilId: string, table: OrukTable, inTransaction: boolean, onRows?: (n: number) => void): AsyncGenerator<string> {
  yield stringify([table.columns as string[]]);
  for await (const page of iterateTableRows(db, councilId, table, { inTransaction })) {
    yield stringify(page);
    onRows?.(page.length);
  }
}

/**
 * Write the council's directory to `out` as a ZIP of ORUK tables, one CSV per table (tables.ts),
 * in constant memory: the ZIP's entries are written one after another, each read page by page
 * only as the ZIP asks for more. `out` is not ended (the caller owns it). On PostgreSQL every
 * table is read in one REPEATABLE READ snapshot, so the tables agree with each other even while
 * the directory changes; PGlite's one connection cannot be held for a download, as in exportOruk.
 */
export async function exportOrukTablesZip(db: Db, councilId: string, out: NodeJS.WritableStream, options: { onRows?: (n: number) => void } = {}): Promise<void> {
  const run = async (q: Queryable, inTransaction: boolean) => {
    const zip = new yazl.ZipFile();
    const failed = new Promise<never>((_resolve, reject) => {
      zip.on('error', reject);
    });
    for (const table of ORUK_TABLES) {
      const entry = Readable.from(tableCsv(q, councilId, table, inTransaction, options.onRows));
      entry.on('error', (error) => zip.emit('error', error));
      zip.addReadStream(entry, table.file, { mtime: new Date() });
    }
    zip.end();
    await Promise.race([pipeline(zip.outputStream, out as NodeJS.WritableStream, { end: false }), failed]);
  };
  if (db.engine !== 'postgres') return run(db, false);
  return db.transaction(async (tx) => {
    await useReadSnapshot(tx);
    await run(tx, true);
  });
}
