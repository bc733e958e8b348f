import { Command, InvalidArgumentError } from 'commander';
import { registerCouncilCommands } from './councils.js';
import { registerImportExportCommands } from './import-export.js';
import { registerServeCommands } from './serve.js';
import { registerMigrateCommand } from './migrate.js';
import { registerReindexCommand } from './reindex.js';
import { registerPeopleCommands } from './people.js';
import { reportFailure } from './context.js';

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

const program = new Command()
  .name('hearth')
  .description('Hearth: open building blocks for local public services.\nConfiguration comes from environment variables (see the README).')
  .showHelpAfterError();

registerServeCommands(program);
registerMigrateCommand(program);
registerImportExportCommands(program);
registerCouncilCommands(program);
registerReindexCommand(program);
registerPeopleCommands(program);

program.parseAsync(process.argv).catch(reportFailure);
