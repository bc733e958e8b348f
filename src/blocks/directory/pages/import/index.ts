import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { auditActor, recordAudit } from '../../../identity/index.js';
import { TEMPLATES } from '../../api/downloads.js';
import { importCsv, type CsvImportResult } from '../../csv/import.js';
import { CsvImportError, problemsCsv, type CsvProblem } from '../../csv/problems.js';
import { csvFilesOf, MAX_CSV_BYTES } from '../../csv/read.js';
import { TEMPLATES_GUIDE_PATH } from '../open-data/index.js';

/**
 * `/admin/directory/import`: a directory manager uploads a CSV (the flat services sheet) or a
 * ZIP of the ORUK tables. The import is all or nothing; when a row has a problem, the page lists
 * every problem by file, row and column in the GOV.UK error summary and a table, and offers the
 * list as CSV to download and work through.
 */

export const IMPORT_ADMIN_PATH = '/admin/directory/import';
const ACCESS: RouteAccess = { action: 'directory.manage' };
const PAGE = { config: { html: true, access: ACCESS } };
/** Problems shown on the page; the CSV report always has all of them. */
const SHOWN = 100;

export const importAdminPage: AdminPage = {
  key: 'directory-import',
  path: IMPORT_ADMIN_PATH,
  titleKey: 'directory.import.admin_title',
  descriptionKey: 'directory.import.admin_description',
};

interface Upload {
  name: string;
  data: Buffer;
}

export async function registerImportAdmin(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  await app.register(async (scope) => {
    // Only this page takes multipart bodies. The file is read to memory, at most one byte over
    // the import limit: a longer one is cut there and refused by csvFilesOf as too large.
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_CSV_BYTES + 1, files: 1, fields: 4, parts: 6 },
      async onFile(part) {
        (part as unknown as { value: Upload }).value = { name: part.filename, data: await part.toBuffer() };
      },
    });

    const render = (request: FastifyRequest, reply: FastifyReply, state: { problems?: CsvProblem[]; report?: string; result?: CsvImportResult; fileName?: string; chooseError?: string } = {}) => {
      const { t, basePath } = request;
      const problems = state.problems ?? [];
      const where = (p: CsvProblem) =>
        [p.file, p.row !== undefined ? t('directory.import.row', { row: p.row }) : '', p.column ? t('directory.import.column', { column: p.column }) : ''].filter(Boolean).join(', ');
      reply.header('cache-control', 'no-store');
      if (problems.length || state.chooseError) reply.code(400);
      return reply.page('directory-import.njk', {
        title: t('directory.import.title'),
        errors: state.chooseError
          ? [{ text: state.chooseError, href: '#file' }]
          : problems.slice(0, SHOWN).map((p) => ({ text: `${where(p)}: ${p.reason}`, href: '#problems' })),
        chooseError: state.chooseError,
        problems: problems.slice(0, SHOWN).map((p) => ({ file: p.file, row: p.row ?? '', column: p.column ?? '', reason: p.reason })),
        more: Math.max(0, problems.length - SHOWN),
        total: problems.length,
        report: state.report,
        fileName: state.fileName,
        result: state.result,
        formAction: `${basePath}${IMPORT_ADMIN_PATH}`,
        templates: { flat: `${basePath}${TEMPLATES.flat.path}`, tables: `${basePath}${TEMPLATES.tables.path}`, guide: `${basePath}${TEMPLATES_GUIDE_PATH}` },
        backHref: `${basePath}/admin`,
        limit: Math.round(MAX_CSV_BYTES / 1024 / 1024),
        csrfField: CSRF_FIELD,
        csrfToken: csrfToken(request, reply),
      });
    };

    scope.get(IMPORT_ADMIN_PATH, PAGE, async (request, reply) => render(request, reply));

    scope.post(IMPORT_ADMIN_PATH, PAGE, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const upload = body.file as Upload | undefined;
      if (!upload || typeof upload !== 'object' || !Buffer.isBuffer(upload.data) || upload.data.length === 0 || !upload.name) {
        return render(request, reply, { chooseError: request.t('directory.import.choose_file') });
      }
      try {
        const files = await csvFilesOf({ name: upload.name, data: upload.data });
        // Who imported what, in the import's own transaction: no entry without the change, nor the change without it.
        const result = await importCsv(ctx.db, request.council.id, files, {
          beforeCommit: (tx, done) =>
            recordAudit(tx, { ...auditActor(request), action: 'directory.csv.imported', target: upload.name, detail: { total: done.total, created: done.created, updated: done.updated } }),
        });
        request.log.info({ shape: result.shape, services: result.total }, 'directory CSV imported');
        return render(request, reply, { result, fileName: upload.name });
      } catch (error) {
        if (!(error instanceof CsvImportError)) throw error;
        // The report travels in the page itself (a data: link), so nothing about a failed
        // upload is kept on the server.
        const report = `data:text/csv;charset=utf-8;base64,${Buffer.from(`\uFEFF${problemsCsv(error.problems)}`).toString('base64')}`;
        return render(request, reply, { problems: error.problems, report, fileName: upload.name });
      }
    });
  });
}
