import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { PlatformContext } from '../../../platform/block.js';
import { ConfigError } from '../../../platform/config.js';
import { listCouncils, type Council } from '../../../platform/councils.js';
import type { Db } from '../../../platform/db/db.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { exportFlatCsv } from '../csv/export-flat.js';
import { exportOrukTablesZip } from '../csv/export-tables.js';
import { exportOruk } from '../oruk/export.js';
import { councilAddress } from '../../../platform/http/public-origin.js';
import { NEEDS_PATH } from '../taxonomy/recognise.js';

/**
 * The nightly snapshot: each council's directory written to files (ORUK JSON, the ORUK tables
 * ZIP, the flat sheet) that are served at fixed addresses with Last-Modified and ETag, so an
 * aggregator polling every hour costs a 304, not an export. Each night's files go in a folder
 * of their own, written under a temporary name and renamed when complete, so a reader never
 * sees half a snapshot; the last few folders are kept.
 *
 * Folder: HEARTH_EXPORT_DIR, or `exports` in the data folder; then `<council slug>/<time>/`.
 */

export const SNAPSHOT_FILES = ['directory-oruk.json', 'directory-oruk-tables.zip', 'directory-services.csv'] as const;
export type SnapshotFile = (typeof SNAPSHOT_FILES)[number];

const DEFAULT_KEPT = 7;
/** Folders being written start with a dot: never served, never counted as kept. */
const PARTIAL = '.partial-';
/** A snapshot folder's name: its UTC time, sortable, safe in any file system. */
const FOLDER = /^\d{8}T\d{6}\d{3}Z$/;

export function exportDir(ctx: Pick<PlatformContext, 'config'>): string {
  return resolve(ctx.config.env.HEARTH_EXPORT_DIR || join(ctx.config.dataDir, 'exports'));
}

/** How many nightly snapshots to keep (HEARTH_SNAPSHOTS_KEPT, 1 to 366, default 7). */
export function snapshotsKept(env: NodeJS.ProcessEnv): number {
  const raw = env.HEARTH_SNAPSHOTS_KEPT;
  if (raw === undefined || raw === '') return DEFAULT_KEPT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new ConfigError(`HEARTH_SNAPSHOTS_KEPT must be a whole number from 1 to 366; it is "${raw}"`);
  return n;
}

/** A council's own folder: by slug (slugs are lower-case letters, digits and hyphens), else by id. */
const councilDir = (root: string, council: Pick<Council, 'slug' | 'id'>) => join(root, /^[a-z0-9][a-z0-9-]*$/.test(council.slug) ? council.slug : council.id);

const folderName = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

async function writeFile(path: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<void> {
  const out = createWriteStream(path, { flags: 'wx' });
  try {
    await write(out);
  } finally {
    out.end();
  }
  await finished(out);
}

/**
 * Write one snapshot of the council's directory and drop the oldest beyond `kept`. Returns the
 * new folder. A failure leaves no partial folder behind and the previous snapshot served.
 */
export async function writeSnapshot(
  db: Db,
  root: string,
  council: Pick<Council, 'slug' | 'id'>,
  kept = DEFAULT_KEPT,
  now = new Date(),
  /** Where the council's need terms resolve, so the JSON carries their URIs and mapped terms (oruk/export.ts). */
  needsBaseUrl?: string,
): Promise<string> {
  const dir = councilDir(root, council);
  await mkdir(dir, { recursive: true });
  const name = folderName(now);
  const partial = join(dir, `${PARTIAL}${name}-${process.pid}`);
  await mkdir(partial);
  try {
    await writeFile(join(partial, 'directory-oruk.json'), (out) => exportOruk(db, council.id, out, { needsBaseUrl }));
    await writeFile(join(partial, 'directory-oruk-tables.zip'), (out) => exportOrukTablesZip(db, council.id, out));
    await writeFile(join(partial, 'directory-services.csv'), (out) => exportFlatCsv(db, council.id, out));
    await rename(partial, join(dir, name));
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  const folders = await snapshotFolders(dir);
  for (const old of folders.slice(0, Math.max(0, folders.length - kept))) await rm(join(dir, old), { recursive: true, force: true });
  // Partial folders older than a day are left by a process that died mid-write.
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith(PARTIAL)) continue;
    const info = await stat(join(dir, entry)).catch(() => undefined);
    if (info && now.getTime() - info.mtimeMs > 86_400_000) await rm(join(dir, entry), { recursive: true, force: true });
  }
  return join(dir, name);
}

/** Complete snapshot folders, oldest first. */
async function snapshotFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((e) => FOLDER.test(e)).sort();
}

/** The council's newest complete snapshot: its folder and when it was made; undefined before the first. */
export async function latestSnapshot(root: string, council: Pick<Council, 'slug' | 'id'>): Promise<{ folder: string; madeAt: Date } | undefined> {
  const dir = councilDir(root, council);
  const folders = await snapshotFolders(dir);
  const newest = folders.at(-1);
  if (!newest) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(newest)!;
  return { folder: join(dir, newest), madeAt: new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`) };
}

/** The scheduled job: every council's snapshot, at 03:30 London time (after the nightly reindex). */
export function nightlySnapshot(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.snapshot',
    pattern: '30 3 * * *',
    async run() {
      const root = exportDir(ctx);
      const kept = snapshotsKept(ctx.config.env);
      const failed: string[] = [];
      for (const council of await listCouncils(ctx.db)) {
        try {
          const folder = await writeSnapshot(ctx.db, root, council, kept, new Date(), `${councilAddress(ctx.config, council)}${NEEDS_PATH}`);
          ctx.log.info({ council: council.slug, folder }, 'directory snapshot written');
        } catch (error) {
          // One council's failure does not cost the others theirs.
          ctx.log.error({ council: council.slug, err: error }, 'directory snapshot failed');
          failed.push(council.slug);
        }
      }
      if (failed.length) throw new Error(`directory snapshot failed for ${failed.join(', ')}`);
    },
  };
}
