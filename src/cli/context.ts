import { inspect } from 'node:util';
import { ConfigError, readConfig, type Config } from '../platform/config.js';
import { DataDirLockedError } from '../platform/db/lock.js';
import type { Db } from '../platform/db/db.js';
import { openDatabase } from '../platform/db/open.js';
import { hasKeyRing, keyRingOf, useKeyRing } from '../platform/crypto/key-ring.js';
import { migrate } from '../platform/migrate.js';
import { enabledBlocks, migrationSets } from '../main.js';
import { listCouncils, type Council } from '../platform/councils.js';
import { terminal } from './terminal.js';

/** An error whose message is meant for the person at the terminal, without a stack trace. */
export class CliError extends Error {}

/** What a failed command says on stderr: the message of an error meant for people, else the whole error. */
export function failureText(error: unknown): string {
  const known = error instanceof CliError || error instanceof ConfigError || error instanceof DataDirLockedError;
  const named = error instanceof Error && /ImportError$/.test(error.name);
  if (known || named) return `hearth: ${(error as Error).message}\n`;
  return `hearth: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}\n`;
}

export function reportFailure(error: unknown): never {
  process.stderr.write(failureText(error));
  process.exit(1);
}

/** The server's database as a command sees it: everything but close, which stays the server's. */
function withoutClose(db: Db): Db {
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'close') return async () => {};
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  // The server's key ring opens what its database holds, through the proxy as well.
  if (hasKeyRing(db)) useKeyRing(proxy, keyRingOf(db));
  return proxy;
}

/** Open the configured database and bring its schema up to date, for commands without a server. */
export async function openMigratedDb(config: Config = readConfig()): Promise<{ db: Db; config: Config; applied: string[] }> {
  // Inside a running server (a command passed over its control socket): its database, already
  // migrated, which the command must not close.
  const shared = terminal().sharedDb;
  if (shared) return { db: withoutClose(shared), config, applied: [] };
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db, migrationSets(enabledBlocks(config)));
    return { db, config, applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The council named by `--council`, or the default council. */
export async function chooseCouncil(db: Db, slug?: string): Promise<Council> {
  const councils = await listCouncils(db);
  const council = slug ? councils.find((c) => c.slug === slug) : councils.find((c) => c.isDefault);
  if (!council) {
    if (slug) throw new CliError(`There is no council "${slug}". Known: ${councils.map((c) => c.slug).join(', ') || 'none'}.`);
    throw new CliError('There is no council yet. Add one with `hearth councils add`, or run `hearth demo`.');
  }
  return council;
}
