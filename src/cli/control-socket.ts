import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Hearth } from '../main.js';
import { failureText } from './context.js';
import { SERVER_COMMANDS } from './program.js';
import { runCommand } from './run-command.js';

/**
 * The control socket: how `hearth import`, `export`, `councils`, `people`, `reindex` and
 * `migrate` work while the server runs on the embedded database. PGlite's data folder can be
 * open in one process only, so instead of opening it the command passes its arguments to the
 * server, which runs the very same command on its own open database and streams the output
 * back. Nothing to stop, no downtime.
 *
 * Only the user who runs the server can use it: the socket lives in a folder beside the data
 * folder (`<data folder>.control/`) that only that user may enter (0700), and is itself 0600.
 *
 * The protocol is JSON lines. The caller sends one line, `{"args": [...], "cwd": "/path"}`;
 * the server answers with `{"out": text}` and `{"err": text}` lines and a last `{"exit": code}`.
 */

const MAX_REQUEST = 64 * 1024;

/**
 * Beside the data folder, not in it: a backup copies the data folder whole, and a socket is no
 * file to copy.
 */
export function controlFolder(dataDir: string): string {
  return `${resolve(dataDir)}.control`;
}

export function controlSocketPath(dataDir: string): string {
  return join(controlFolder(dataDir), 'hearth.sock');
}

export interface ControlRequest {
  args: string[];
  cwd: string;
}

function parseRequest(line: string): ControlRequest | undefined {
  try {
    const value = JSON.parse(line) as Partial<ControlRequest>;
    if (!Array.isArray(value.args) || !value.args.every((a) => typeof a === 'string') || typeof value.cwd !== 'string') return undefined;
    return { args: value.args, cwd: value.cwd };
  } catch {
    return undefined;
  }
}

/** A stream that sends what is written to it as `{"<name>": text}` lines, waiting while the socket is full. */
function frameStream(socket: Socket, name: 'out' | 'err'): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (socket.destroyed) return done();
      const line = `${JSON.stringify({ [name]: chunk.toString() })}\n`;
      if (socket.write(line)) return done();
      // Wait for room, or for the caller to go away (then the rest is dropped and the command ends).
      const resume = () => {
        socket.off('drain', resume);
        socket.off('close', resume);
        done();
      };
      socket.on('drain', resume);
      socket.on('close', resume);
    },
  });
}

/** Run one command as the terminal would, inside this server; resolves to its exit code. */
async function runInServer(hearth: Hearth, request: ControlRequest, stdout: Writable, stderr: Writable): Promise<number> {
  const name = request.args.find((a) => !a.startsWith('-'));
  if (name && SERVER_COMMANDS.has(name)) {
    stderr.write(`hearth: Hearth is already running on this data folder; "${name}" would start a second server.\n`);
    return 1;
  }
  try {
    return await runCommand(request.args, { stdout, stderr, sharedDb: hearth.db, cwd: request.cwd });
  } finally {
    // A council added or changed by the command is served at once.
    await hearth.councils.reload().catch(() => {});
  }
}

function handle(hearth: Hearth, socket: Socket): void {
  let buffered = '';
  socket.setEncoding('utf8');
  const onData = (chunk: string) => {
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end < 0) {
      if (buffered.length > MAX_REQUEST) socket.destroy();
      return;
    }
    socket.off('data', onData);
    const request = parseRequest(buffered.slice(0, end));
    const stdout = frameStream(socket, 'out');
    const stderr = frameStream(socket, 'err');
    const finish = (code: number) => {
      hearth.log.info({ command: request?.args.slice(0, 2), exitCode: code }, 'control socket command finished');
      if (!socket.destroyed) socket.end(`${JSON.stringify({ exit: code })}\n`);
    };
    if (!request) {
      stderr.write('hearth: the control socket expects one JSON line {"args": [...], "cwd": "..."}\n');
      return finish(2);
    }
    hearth.log.info({ command: request.args.slice(0, 2) }, 'control socket command');
    runInServer(hearth, request, stdout, stderr).then(finish, (error) => {
      stderr.write(failureText(error));
      finish(1);
    });
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

/**
 * Listen on the data folder's control socket. Call only while this process holds the data
 * folder's lock, which makes any socket already there a dead server's.
 */
export async function openControlSocket(hearth: Hearth, dataDir: string): Promise<{ path: string; close(): Promise<void> }> {
  const path = controlSocketPath(dataDir);
  const folder = controlFolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  rmSync(path, { force: true });
  const server: Server = createServer((socket) => handle(hearth, socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}
