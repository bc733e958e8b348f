import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readConfig } from '../platform/config.js';
import { listCouncils } from '../platform/councils.js';
import { openPglite } from '../platform/db/pglite.js';
import { migrate } from '../platform/migrate.js';
import { enabledBlocks, migrationSets } from '../main.js';
import { CliError, openMigratedDb } from './context.js';
import { callerPath, out, terminal } from './terminal.js';

const POSTGRES_BACKUP = 'HEARTH_DATABASE_URL names a PostgreSQL server: back it up and restore it with pg_dump and pg_restore (see the README, "Backup and restore").';

/**
 * Backup and restore of the embedded database. `backup` runs while Hearth serves (passed to the
 * server over its control socket, it copies the data folder between two statements); `restore`
 * fills a new, empty data folder, which a server is then started on.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Copy the embedded (PGlite) database to a file while Hearth runs. On PostgreSQL use pg_dump.')
    .argument('<file>', 'the file to write, e.g. hearth-2026-12-02.tar.gz')
    .action(async (file: string) => {
      const { db } = await openMigratedDb();
      try {
        if (!db.snapshot) throw new CliError(POSTGRES_BACKUP);
        const target = callerPath(file);
        const bytes = Buffer.from(await (await db.snapshot()).arrayBuffer());
        // Written beside and renamed, so a backup file is never half-written.
        await writeFile(`${target}.partial`, bytes, { mode: 0o600 }); // it holds people's data
        await rename(`${target}.partial`, target);
        out(`Backed up the embedded database to ${file} (${(bytes.length / 1e6).toFixed(1)} MB).\n`);
      } finally {
        await db.close();
      }
    });

  program
    .command('restore')
    .description('Fill an empty HEARTH_DATA_DIR from a file made by `hearth backup` (PGlite), then start Hearth on it. On PostgreSQL use pg_restore.')
    .argument('<file>', 'a file made by hearth backup')
    .action(async (file: string) => {
      if (terminal().sharedDb) {
        throw new CliError('Hearth is running on this data folder. Restore into a new folder (HEARTH_DATA_DIR=/new/folder hearth restore …), then start Hearth on it.');
      }
      const config = readConfig();
      if (config.databaseUrl) throw new CliError(POSTGRES_BACKUP);
      if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
        throw new CliError(`The data folder ${config.dataDir} is not empty: restore into a new folder, then point HEARTH_DATA_DIR at it.`);
      }
      let tarball: Buffer;
      try {
        tarball = await readFile(callerPath(file));
      } catch {
        throw new CliError(`There is no backup file ${file}`);
      }
      let db;
      try {
        db = await openPglite(config.dataDir, new Blob([new Uint8Array(tarball)]));
      } catch (error) {
        // Leave no half-filled folder for a server to start on.
        rmSync(config.dataDir, { recursive: true, force: true });
        throw new CliError(`${file} could not be restored: it is not a backup made by hearth backup (${(error as Error).message}).`);
      }
      try {
        // A backup from an older Hearth is brought up to this one's schema.
        const applied = await migrate(db, migrationSets(enabledBlocks(config)));
        const councils = await listCouncils(db);
        out(`Restored ${file} into ${config.dataDir}: ${councils.length} councils (${councils.map((c) => c.slug).join(', ') || 'none'})${applied.length ? `, ${applied.length} migrations applied` : ''}.\n`);
      } finally {
        await db.close();
      }
    });
}
