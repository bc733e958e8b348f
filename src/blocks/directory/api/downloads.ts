import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import send from '@fastify/send';
import yazl from 'yazl';
import type { PlatformContext } from '../../../platform/block.js';
import { exportFlatCsv } from '../csv/export-flat.js';
import { exportOrukTablesZip } from '../csv/export-tables.js';
import { FLAT_FILE } from '../csv/flat.js';
import { exportOruk } from '../oruk/export.js';
import { exportDir, latestSnapshot, SNAPSHOT_FILES, type SnapshotFile } from '../open-data/snapshot.js';
import { notFound } from '../../../platform/http/problem.js';
import { needsBaseUrl } from '../taxonomy/recognise.js';

/**
 * The whole directory, free to anyone: ORUK JSON, the ORUK tables as a ZIP of CSVs and the flat
 * services sheet, each streamed from the database as it is sent (constant memory, however big
 * the directory); and the CSV import templates. The open data page lists them.
 */

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../../data/templates', import.meta.url));
const TABLE_TEMPLATES_DIR = join(TEMPLATES_DIR, 'oruk-tables');

export interface Download {
  /** The address under the council's base path. */
  path: string;
  /** The file name a browser saves it as, before the council's slug. */
  name: (slug: string) => string;
  type: string;
}

export const DOWNLOADS = {
  json: { path: '/open-data/directory.json', name: (slug: string) => `${slug}-directory-oruk.json`, type: 'application/json; charset=utf-8' },
  tables: { path: '/open-data/directory-oruk-tables.zip', name: (slug: string) => `${slug}-directory-oruk-tables.zip`, type: 'application/zip' },
  flat: { path: '/open-data/directory-services.csv', name: (slug: string) => `${slug}-directory-services.csv`, type: 'text/csv; charset=utf-8; header=present' },
} satisfies Record<string, Download>;

export const TEMPLATES = {
  flat: { path: `/open-data/templates/${FLAT_FILE}`, name: () => FLAT_FILE, type: 'text/csv; charset=utf-8; header=present' },
  tables: { path: '/open-data/templates/oruk-tables.zip', name: () => 'oruk-tables-template.zip', type: 'application/zip' },
} satisfies Record<string, Download>;

const PUBLIC = { config: { access: 'public' as const } };
/**
 * A live export reads the whole directory: per client address, a few dozen an hour is plenty for
 * people, and keeps anyone from tying up the database with them. Aggregators use the snapshot.
 */
export const LIVE_EXPORT_LIMIT = { bucket: 'open-data-export', max: 30, windowSeconds: 3600 };
const LIVE = { config: { access: 'public' as const, rateLimit: LIVE_EXPORT_LIMIT } };

/** The nightly snapshot's address of each of its files. */
export const snapshotPath = (file: SnapshotFile) => `/open-data/snapshot/${file}`;
const SNAPSHOT_TYPES: Record<SnapshotFile, string> = {
  'directory-oruk.json': DOWNLOADS.json.type,
  'directory-oruk-tables.zip': DOWNLOADS.tables.type,
  'directory-services.csv': DOWNLOADS.flat.type,
};

function attachment(reply: FastifyReply, download: Download, slug: string): FastifyReply {
  return reply
    .header('content-type', download.type)
    .header('content-disposition', `attachment; filename="${download.name(slug)}"`)
    .header('x-content-type-options', 'nosniff');
}

/**
 * Send what `write` writes as it writes it. An error after the headers have gone can only cut
 * the download short (the client sees an incomplete file, never a wrong one); it is logged.
 */
function stream(request: FastifyRequest, reply: FastifyReply, write: (out: PassThrough) => Promise<unknown>): FastifyReply {
  const out = new PassThrough();
  write(out).then(
    () => out.end(),
    (error: unknown) => {
      request.log.error({ err: error }, 'directory download failed part way');
      out.destroy(error as Error);
    },
  );
  return reply.send(out);
}

/** The ORUK table templates as one ZIP: each table's header and an example row. */
async function tableTemplatesZip(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of (await readdir(TABLE_TEMPLATES_DIR)).filter((n) => n.endsWith('.csv')).sort()) {
    zip.addBuffer(await readFile(join(TABLE_TEMPLATES_DIR, name)), name, { mtime: new Date(0) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerDownloads(app: FastifyInstance, ctx: PlatformContext): void {
  // Everything is read afresh for each download: it is the directory as it is now. Aggregators
  // that poll should fetch the nightly snapshot, which answers conditional requests.
  const live = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=300');

  app.get(DOWNLOADS.json.path, LIVE, async (request, reply) =>
    stream(request, live(attachment(reply, DOWNLOADS.json, request.council.slug)), (out) => exportOruk(ctx.db, request.council.id, out, { needsBaseUrl: needsBaseUrl(ctx.config, request) })),
  );
  app.get(DOWNLOADS.tables.path, LIVE, async (request, reply) =>
    stream(request, live(attachment(reply, DOWNLOADS.tables, request.council.slug)), (out) => exportOrukTablesZip(ctx.db, request.council.id, out)),
  );
  app.get(DOWNLOADS.flat.path, LIVE, async (request, reply) =>
    stream(request, live(attachment(reply, DOWNLOADS.flat, request.council.slug)), (out) => exportFlatCsv(ctx.db, request.council.id, out)),
  );

  let tablesTemplate: Promise<Buffer> | undefined;
  app.get(TEMPLATES.flat.path, PUBLIC, async (_request, reply) =>
    attachment(reply, TEMPLATES.flat, '').header('cache-control', 'public, max-age=86400').send(await readFile(join(TEMPLATES_DIR, FLAT_FILE))),
  );
  app.get(TEMPLATES.tables.path, PUBLIC, async (_request, reply) => {
    tablesTemplate ??= tableTemplatesZip().catch((error: unknown) => {
      tablesTemplate = undefined;
      throw error;
    });
    return attachment(reply, TEMPLATES.tables, '').header('cache-control', 'public, max-age=86400').send(await tablesTemplate);
  });

  // The nightly snapshot, from the newest complete folder. @fastify/send answers If-None-Match
  // and If-Modified-Since with 304, and ranges, from the file's size and time.
  for (const file of SNAPSHOT_FILES) {
    app.get(snapshotPath(file), PUBLIC, async (request, reply) => {
      const latest = await latestSnapshot(exportDir(ctx), request.council);
      if (!latest) throw notFound('No snapshot of the directory has been saved yet: the first is saved tonight. The live downloads are on the open data page.');
      const sent = await send(request.raw, file, { root: latest.folder, etag: true, lastModified: true, cacheControl: false, dotfiles: 'deny' });
      if (sent.type !== 'file') throw notFound(`The snapshot has no ${file}.`);
      reply.code(sent.statusCode).headers(sent.headers);
      reply.header('content-type', SNAPSHOT_TYPES[file]);
      reply.header('content-disposition', `attachment; filename="${request.council.slug}-${file}"`);
      // Revalidate each time: cheap (a 304), and a new night's file is seen at once.
      reply.header('cache-control', 'public, max-age=0, must-revalidate');
      return reply.send(sent.stream);
    });
  }
}
