import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openMigratedDb } from '../../src/cli/context.js';
import { runCommand } from '../../src/cli/run-command.js';
import { readConfig } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/db.js';

/**
 * `hearth` commands for the tests of test/cli/. Spawning `bin/hearth.js` costs seconds a
 * command (Node, tsx, opening the database, the migration check), so most run in this process
 * instead, as the control socket runs them inside a server: on one database opened (and
 * migrated) once, with the file's environment in `process.env` while the command runs. A few
 * spawn the real binary, to prove that it works as a process: exit code, stderr, no stack trace.
 */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const bin = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));

/** Exit code 1, each message on stderr, and no stack trace. */
export function assertRefused(result: CliResult, ...messages: RegExp[]): void {
  assert.equal(result.code, 1, result.stderr);
  for (const message of messages) assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
}

/** Run the real `hearth` in its own process with this environment (on top of this process's, with HEARTH_DATABASE_URL emptied and LOG_LEVEL silenced unless given). */
export function spawnHearth(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    }),
  );
}

/** Run a command in this process with this environment, capturing what it writes; on `sharedDb`, else on the database it opens itself. */
async function capture(args: string[], env: Record<string, string>, sharedDb?: Db): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _encoding, done) => (write(chunk.toString()), done()) });
  const code = await withEnv(env, () => runCommand(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), sharedDb, cwd: process.cwd() }));
  return { code, stdout, stderr };
}

/**
 * Run a command in this process that opens no database (`keys generate`, `--help`), or that
 * should open (and migrate, and close) it itself, as the binary would; whatever its exit code.
 */
export function runHearth(args: string[], env: Record<string, string>): Promise<CliResult> {
  return capture(args, { HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', ...env });
}

/** Set these variables on process.env while `work` runs, then put back what was there. */
async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

export interface Cli {
  /** Run a command in this process, on the open database; it must succeed (exit code 0), as it must for execFile. */
  run(...args: string[]): Promise<CliResult>;
  /** Run a command in this process and say how it ended, whatever its exit code. */
  attempt(...args: string[]): Promise<CliResult>;
  /** `attempt`, with these variables added to the environment for this one command. */
  attemptWith(extra: Record<string, string>, ...args: string[]): Promise<CliResult>;
  /** Run a command in this process and check that it is refused (see assertRefused). */
  refused(args: string[], messages: RegExp | RegExp[], extra?: Record<string, string>): Promise<CliResult>;
  /** Run the real binary in its own process; the database is closed first, as PGlite's folder is one process's at a time. */
  spawn(args: string[], extra?: Record<string, string>): Promise<CliResult>;
  /** The open database (opened again when closed, for instance by `spawn`). */
  db(): Promise<Db>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Close the database (the next command or query opens it again). */
  close(): Promise<void>;
}

/**
 * Commands on the configuration `env` (HEARTH_DATA_DIR and the like; HEARTH_DATABASE_URL is
 * emptied and LOG_LEVEL silenced unless given), on its database opened and migrated once, as
 * `hearth` would. With `options.db`, on that database instead, which is left open.
 */
export function hearthCli(env: Record<string, string>, options: { db?: Db } = {}): Cli {
  const fileEnv = { HEARTH_DATABASE_URL: '', LOG_LEVEL: 'silent', ...env };
  let opened: Promise<Db> | undefined = options.db ? Promise.resolve(options.db) : undefined;
  const db = () => (opened ??= withEnv(fileEnv, async () => (await openMigratedDb(readConfig(process.env))).db));
  const close = async () => {
    if (options.db || !opened) return;
    const open = opened;
    opened = undefined;
    await (await open).close();
  };
  const attemptWith = async (extra: Record<string, string>, ...args: string[]): Promise<CliResult> => {
    const sharedDb = await db();
    return capture(args, { ...fileEnv, ...extra }, sharedDb);
  };
  return {
    async run(...args) {
      const result = await attemptWith({}, ...args);
      assert.equal(result.code, 0, `hearth ${args.join(' ')} failed: ${result.stderr}`);
      return result;
    },
    attempt: (...args) => attemptWith({}, ...args),
    attemptWith,
    async refused(args, messages, extra = {}) {
      const result = await attemptWith(extra, ...args);
      assertRefused(result, ...[messages].flat());
      return result;
    },
    async spawn(args, extra = {}) {
      await close();
      return spawnHearth(args, { ...fileEnv, ...extra });
    },
    db,
    query: async <T>(sql: string, params?: unknown[]) => (await (await db()).query<T>(sql, params)).rows,
    close,
  };
}
