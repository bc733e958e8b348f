import type { Db } from '../../../platform/db/db.js';
import { importOruk } from '../oruk/import.js';
import { upsertTaxonomies, vacuumAfterBulkLoad } from '../sql/oruk-write.js';
import { DEFAULT_SERVICE_COUNT, generateDemoServices } from './generator.js';
import { orukTaxonomies } from './taxonomy.js';

/** Services per import: each chunk is validated and written in its own transaction. */
const CHUNK = 5000;

/**
 * Seed a council with the demo directory: the three taxonomies (needs, delivery methods,
 * accessibility) and `services` generated services, through the same import path as real
 * data (validation, search indexing, outbox events). Chunked so a million services never
 * sit in memory at once.
 */
export async function seedDemoDirectory(
  db: Db,
  councilId: string,
  options: { services?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const total = options.services ?? DEFAULT_SERVICE_COUNT;
  await db.transaction((tx) => upsertTaxonomies(tx, councilId, orukTaxonomies()));
  let chunk: unknown[] = [];
  let done = 0;
  const flush = async () => {
    const base = done;
    await importOruk(db, councilId, chunk, { onProgress: (n) => options.onProgress?.(base + n, total) });
    done += chunk.length;
    options.onProgress?.(done, total);
    chunk = [];
  };
  for (const service of generateDemoServices({ services: total })) {
    chunk.push(service);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length) await flush();
  // Without this, PGlite plans from empty-table statistics and deep feed pages read dead
  // tuples (about six times slower).
  await vacuumAfterBulkLoad(db);
  return done;
}
