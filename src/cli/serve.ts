import type { Command } from 'commander';
import { readConfig } from '../platform/config.js';
import { addCouncil, listCouncils } from '../platform/councils.js';
import { importPostcodes } from '../platform/geo/import-postcodes.js';
import { countPostcodes } from '../platform/geo/postcodes-sql.js';
import { progressBar } from '../platform/progress.js';
import { createHearth, type Hearth } from '../main.js';
import { DEMO_POSTCODES_CSV, demoCouncil } from '../blocks/directory/index.js';
import { positiveInteger } from './program.js';
import { openControlSocket } from './control-socket.js';

/** Listen, and on SIGTERM/SIGINT drain requests, stop dispatch and close the database. */
async function serve(hearth: Hearth): Promise<void> {
  // The embedded database is this process's alone: other `hearth` commands run here, through the socket.
  const control = hearth.db.engine === 'pglite' ? await openControlSocket(hearth, hearth.config.dataDir) : undefined;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    hearth.log.info({ signal }, 'shutting down: draining requests');
    // A stuck connection must not keep the process (and the data folder lock) forever.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    Promise.resolve(control?.close())
      .then(() => hearth.close())
      .then(
        () => process.exit(0),
        (error) => {
          hearth.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const address = await hearth.app.listen({ port: hearth.config.port, host: hearth.config.host });
  const shown = address.replace('0.0.0.0', 'localhost');
  process.stderr.write(`\nHearth is running at ${shown}\n  ORUK feed: ${shown}/oruk/\n  API reference: ${shown}/api/docs\n\n`);
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run Hearth: migrate the database, then serve the site and APIs on PORT.')
    .action(async () => {
      const hearth = await createHearth(readConfig());
      await serve(hearth);
    });

  program
    .command('demo')
    .description('Seed the demo council, its services and postcodes when the database is empty, then serve.')
    .option('--services <n>', 'how many demo services to generate (up to 1,000,000 for benchmarks)', positiveInteger)
    .option('--no-serve', 'seed only, then exit')
    .action(async (options: { services?: number; serve: boolean }) => {
      const hearth = await createHearth(readConfig(), { dispatch: options.serve });
      try {
        if ((await countPostcodes(hearth.db)) === 0) {
          const bar = progressBar('Loading demo postcodes', 'bytes');
          await importPostcodes(hearth.db, DEMO_POSTCODES_CSV, (done, total) => bar.update(done, total));
          bar.stop();
        }
        if ((await listCouncils(hearth.db)).length === 0) {
          const council = await addCouncil(hearth.db, { ...demoCouncil, isDefault: true }, hearth.blocks);
          await hearth.councils.reload();
          for (const block of hearth.blocks) {
            if (!block.seedDemo) continue;
            const bar = progressBar(`Seeding ${block.name}`, 'services');
            await block.seedDemo(hearth.ctx, council, { services: options.services, onProgress: (done, total) => bar.update(done, total) });
            bar.stop();
          }
        } else if (options.services) {
          process.stderr.write('The database already has councils: not seeding again. Use an empty HEARTH_DATA_DIR or database to reseed.\n');
        }
      } catch (error) {
        await hearth.close();
        throw error;
      }
      if (options.serve) await serve(hearth);
      else await hearth.close();
    });
}
