import { once } from 'node:events';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { countServices, iterateFullServices, useReadSnapshot } from '../sql/oruk-read.js';
import { withRecognisedTerms } from '../taxonomy/recognise.js';

export interface ExportOptions {
  /** Services written so far, of the council's total. */
  onProgress?(done: number, total?: number): void;
  /** Services read per statement. */
  batchSize?: number;
  /**
   * Where the council's need terms live (`needsBaseUrl`): each need term then carries its
   * resolving URI and the external terms it maps to (taxonomy/recognise.ts). Without it the
   * terms are written as stored.
   */
  needsBaseUrl?: string;
}

/**
 * Write every service of a council to `out` as ORUK 3.0 JSON: an array of full services, one
 * per line, in id order — the format `importOruk` takes. Streamed batch by batch (never one
 * giant string), respecting back-pressure. `out` is not ended: the caller owns it. Returns the
 * number of services written.
 *
 * On PostgreSQL the reads share one REPEATABLE READ snapshot, so the file is consistent even
 * while the directory is being edited. PGlite has one connection per process, which a long
 * transaction would hold from the web server, so there each batch is consistent on its own.
 */
export async function exportOruk(db: Db, councilId: string, out: NodeJS.WritableStream, options: ExportOptions = {}): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const run = async (q: Queryable) => {
    const total = await countServices(q, councilId);
    options.onProgress?.(0, total);
    let done = 0;
    await write('[');
    for await (const batch of iterateFullServices(q, councilId, options.batchSize ?? 500)) {
      const base = options.needsBaseUrl;
      const out = base ? batch.map((s) => withRecognisedTerms(s, base)) : batch;
      await write((done ? ',\n' : '\n') + out.map((s) => JSON.stringify(s)).join(',\n'));
      done += batch.length;
      options.onProgress?.(done, total);
    }
    await write(done ? '\n]\n' : ']\n');
    return done;
  };
  if (db.engine !== 'postgres') return run(db);
  return db.transaction(async (tx) => {
    await useReadSnapshot(tx);
    return run(tx);
  });
}
