import { CommanderError, type Command } from 'commander';
import { failureText } from './context.js';
import { buildProgram } from './program.js';
import { withTerminal, type Terminal } from './terminal.js';

/**
 * Run one `hearth` command in this process, writing to `terminal` rather than to the process's
 * own stdout and stderr, and resolve to the exit code the command would have ended with. The
 * control socket runs commands inside the server with it (control-socket.ts); tests run commands
 * in-process with it, on a database they opened once, instead of spawning `hearth` for each.
 */
export async function runCommand(args: string[], t: Terminal): Promise<number> {
  const program = buildProgram();
  // Commander copies these settings only to commands made after them: set them on every one.
  const redirect = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => t.stdout.write(s), writeErr: (s) => t.stderr.write(s) });
    command.commands.forEach(redirect);
  };
  redirect(program);
  try {
    await withTerminal(t, () => program.parseAsync(['node', 'hearth', ...args]));
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    t.stderr.write(failureText(error));
    return 1;
  }
}
