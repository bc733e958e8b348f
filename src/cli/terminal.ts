import { AsyncLocalStorage } from 'node:async_hooks';
import { isAbsolute, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Db } from '../platform/db/db.js';

/**
 * Where a command writes, and which database it uses. A command typed at the terminal writes
 * to this process's stdout and stderr and opens the database itself. The same command passed
 * to a running server over its control socket (see control-socket.ts) runs inside the server:
 * it writes to the socket and uses the server's open database, because PGlite's data folder
 * can be held by one process only.
 */
export interface Terminal {
  stdout: Writable;
  stderr: NodeJS.WriteStream | Writable;
  /** The server's open database, for a command run inside the server. */
  sharedDb?: Db;
  /** The directory relative paths are resolved against (the caller's, for a forwarded command). */
  cwd: string;
}

const current = new AsyncLocalStorage<Terminal>();

export function terminal(): Terminal {
  return current.getStore() ?? { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** Run `work` with this terminal as the one every command inside it writes to. */
export function withTerminal<T>(t: Terminal, work: () => Promise<T>): Promise<T> {
  return current.run(t, work);
}

export const out = (text: string): void => void terminal().stdout.write(text);
export const err = (text: string): void => void terminal().stderr.write(text);

/** A file named on the command line, relative to the caller's directory (not the server's, for a command passed to it). */
export const callerPath = (file: string): string => (isAbsolute(file) ? file : resolve(terminal().cwd, file));
