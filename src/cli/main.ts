import { reportFailure } from './context.js';
import { forwardToRunningServer } from './forward.js';
import { buildProgram } from './program.js';

// The reader went away (`hearth export oruk | head`): stop quietly, as other commands do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  // With the embedded database a running server holds the data folder: the command runs there.
  const exitCode = await forwardToRunningServer(process.argv.slice(2));
  // Not process.exit: that could cut off output still on its way to a pipe.
  if (exitCode !== undefined) process.exitCode = exitCode;
  else await buildProgram().parseAsync(process.argv);
} catch (error) {
  reportFailure(error);
}
