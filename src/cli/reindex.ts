import type { Command } from 'commander';
import { progressBar } from '../platform/progress.js';
import { reindexCouncil } from '../blocks/directory/index.js';
import { listCouncils } from '../platform/councils.js';
import { chooseCouncil, openMigratedDb } from './context.js';
import { out, terminal } from './terminal.js';

export function registerReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description(
      'Rebuild the directory search index of one council, or of every council, from its ORUK tables. ' +
        'Run it nightly (cron or a scheduled task): schedules with an end date drop out of "open now", and a change to a venue shared by ' +
        'several services reaches all of their search filters. Searches keep working while it runs; it commits in one transaction.',
    )
    .option('--council <slug>', 'only this council (default: every council)')
    .action(async (options: { council?: string }) => {
      const { db } = await openMigratedDb();
      try {
        const councils = options.council ? [await chooseCouncil(db, options.council)] : await listCouncils(db);
        for (const council of councils) {
          const bar = progressBar(`Reindexing ${council.slug}`, 'services', terminal().stderr);
          try {
            const done = await reindexCouncil(db, council.id, (n) => bar.update(n));
            bar.stop();
            out(`Reindexed ${done} services of ${council.name}.\n`);
          } catch (error) {
            bar.stop();
            throw error;
          }
        }
      } finally {
        await db.close();
      }
    });
}
