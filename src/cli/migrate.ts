import type { Command } from 'commander';
import { openMigratedDb } from './context.js';
import { out } from './terminal.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations of the platform and every enabled block (also done at start).')
    .action(async () => {
      const { db, applied } = await openMigratedDb();
      await db.close();
      out(applied.length ? `Applied ${applied.length} migrations:\n  ${applied.join('\n  ')}\n` : 'The database is up to date.\n');
    });
}
