/**
 * Child process for the "killed mid-import" test: imports an ORUK file into a database and
 * reports progress on stdout, so the test can SIGKILL it while the import's transaction is open.
 *
 *   node --import tsx test/support/oruk-import-child.ts <pglite-data-dir | postgres-url> <file> <batch size>
 */
import { join } from 'node:path';
import { addCouncil, listCouncils } from '../../src/platform/councils.js';
import { openDatabase } from '../../src/platform/db/open.js';
import { migrate } from '../../src/platform/migrate.js';
import { directoryBlock } from '../../src/blocks/directory/index.js';
import { importOruk } from '../../src/blocks/directory/oruk/import.js';

const [target, file, batchSize] = process.argv.slice(2);
const db = await openDatabase(/^postgres(ql)?:/.test(target) ? { databaseUrl: target, dataDir: '' } : { dataDir: target });
await migrate(db, [{ owner: 'platform', dir: join(process.cwd(), 'src', 'platform', 'migrations') }, directoryBlock.migrations]);
const council = (await listCouncils(db)).find((c) => c.slug === 'killed') ?? (await addCouncil(db, { slug: 'killed', name: 'Killed Import Council' }));
process.stdout.write(`ready ${council.id}\n`);
await importOruk(db, council.id, file, {
  batchSize: Number(batchSize),
  onProgress: (done) => {
    if (done > 0) process.stdout.write(`progress ${done}\n`);
  },
});
process.stdout.write('finished\n');
await db.close();
