import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { readConfig } from '../platform/config.js';
import { dataDirHolder } from '../platform/db/lock.js';
import { controlSocketPath } from './control-socket.js';
import { SERVER_COMMANDS } from './program.js';

/**
 * When a Hearth server holds the embedded database's data folder, pass this command to it over
 * its control socket and relay what it writes. Resolves to the command's exit code, or to
 * undefined when there is no server to pass it to (then the command runs here as usual).
 */
export async function forwardToRunningServer(args: string[]): Promise<number | undefined> {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name || name === 'help' || SERVER_COMMANDS.has(name)) return undefined;
  const config = readConfig();
  if (config.databaseUrl) return undefined; // PostgreSQL: any number of processes may connect
  if (dataDirHolder(config.dataDir) === undefined) return undefined;
  const path = controlSocketPath(config.dataDir);
  if (!existsSync(path)) return undefined;
  return new Promise((resolve) => {
    const socket = connect(path);
    let buffered = '';
    let exitCode: number | undefined;
    let answered = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ args, cwd: process.cwd() })}\n`));
    socket.on('data', (chunk: string) => {
      answered = true;
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const frame = JSON.parse(buffered.slice(0, end)) as { out?: string; err?: string; exit?: number };
        buffered = buffered.slice(end + 1);
        if (frame.out !== undefined) process.stdout.write(frame.out);
        if (frame.err !== undefined) process.stderr.write(frame.err);
        if (frame.exit !== undefined) exitCode = frame.exit;
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server that is starting or stopping: run here, which names the lock's holder if it still holds it.
      if (!answered) resolve(undefined);
      else {
        process.stderr.write(`hearth: the running server stopped answering: ${error.message}\n`);
        resolve(1);
      }
    });
    socket.on('close', () => {
      if (!answered) return resolve(undefined);
      if (exitCode === undefined) process.stderr.write('hearth: the running server ended the command without an exit code\n');
      resolve(exitCode ?? 1);
    });
  });
}
