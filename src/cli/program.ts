import { Command, InvalidArgumentError } from 'commander';
import { registerCouncilCommands } from './councils.js';
import { registerImportExportCommands } from './import-export.js';
import { registerServeCommands } from './serve.js';
import { registerMigrateCommand } from './migrate.js';
import { registerReindexCommand } from './reindex.js';
import { registerPeopleCommands } from './people.js';
import { registerBackupCommands } from './backup.js';
import { registerFeedsCommands } from './feeds.js';
import { registerKeysCommands } from './keys.js';
import { registerVaultCommands } from './vault.js';

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

/** Commands that start a server themselves, so they are never passed to a running one. */
export const SERVER_COMMANDS = new Set(['serve', 'demo']);

/** The `hearth` command with every subcommand: built afresh for each run (a terminal, or a command passed to the server). */
export function buildProgram(): Command {
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
  registerBackupCommands(program);
  registerFeedsCommands(program);
  registerKeysCommands(program);
  registerVaultCommands(program);
  return program;
}
