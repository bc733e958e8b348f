import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { iterateFullServices, useReadSnapshot } from '../sql/oruk-read.js';
import { FLAT_COLUMNS, flatRowValues, serviceToFlatRows } from './flat.js';

/**
 * Write the council's directory to `out` as the flat services sheet: a header, then one row per
 * service at a location. Streamed a batch of services at a time (iterateFullServices), respecting
 * back-pressure; `out` is not ended. A UTF-8 byte-order mark comes first so spreadsheet programs
 * read Welsh letters (ŵ, ŷ) correctly; the importer accepts it. Returns the number of services.
 */
export async function exportFlatCsv(db: Db, councilId: string, out: NodeJS.WritableStream, options: { onServices?: (n: number) => void } = {}): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const run = async (q: Queryable) => {
    await write(`\uFEFF${stringify([FLAT_COLUMNS as unknown as string[]])}`);
    let done = 0;
    for await (const batch of iterateFullServices(q, councilId, 500)) {
      await write(stringify(batch.flatMap(serviceToFlatRows).map(flatRowValues)));
      done += batch.length;
      options.onServices?.(batch.length);
    }
    return done;
  };
  if (db.engine !== 'postgres') return run(db);
  return db.transaction(async (tx) => {
    await useReadSnapshot(tx);
    return run(tx);
  });
}
