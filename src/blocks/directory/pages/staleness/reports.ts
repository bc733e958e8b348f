import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { formatDate } from '../format.js';
import { notFoundPage } from '../common.js';
import { REPORT_STATUSES, reportById, reportsPage, type ReportRow, type ReportStatus } from '../../sql/reports.js';
import { changeReport, type ReportChange } from '../../staleness/reports.js';
import { pagination } from './paging.js';
import { UUID } from '../../../../platform/uuid.js';

const MANAGERS = { config: { html: true, access: { action: 'directory.manage' as const } } };
const PER_PAGE = 25;
export const MAX_NOTE = 2000;

/** What the page says after a save (the resident told, or why not). */
const SAVED = ['yes', 'no_email', 'already', 'not_resolved', 'failed'];

const isStatus = (value: unknown): value is ReportStatus => typeof value === 'string' && (REPORT_STATUSES as readonly string[]).includes(value);

/**
 * `/admin/directory/reports`: residents' "this is out of date" reports for managers — new, in
 * progress, resolved — each with its handling (status, a note for staff, what the resident is
 * told when it is resolved).
 */
export function registerReportPages(app: FastifyInstance, ctx: PlatformContext, clock: () => Date = () => new Date()): void {
  const secure = ctx.config.production;

  app.get('/admin/directory/reports', MANAGERS, async (request, reply) => {
    const { t, basePath } = request;
    const q = request.query as Record<string, unknown>;
    const status = q.status === undefined || q.status === '' ? 'new' : q.status;
    const pageRaw = typeof q.page === 'string' ? q.page : '1';
    const path = `${basePath}/admin/directory/reports`;
    if (!isStatus(status) && status !== 'all') return reply.code(400).page('error.njk', { title: t('error.bad_request_title'), body: t('directory.staleness.error.status') });
    if (!/^[1-9]\d{0,5}$/.test(pageRaw)) return reply.code(400).page('error.njk', { title: t('error.bad_request_title'), body: t('directory.staleness.error.page') });
    const page = Number(pageRaw);
    const { rows, total, counts } = await reportsPage(ctx.db, request.council.id, { status: isStatus(status) ? status : undefined }, PER_PAGE, (page - 1) * PER_PAGE);
    const href = (s: string, n = 1) => `${path}?status=${s}${n > 1 ? `&page=${n}` : ''}`;
    return reply.page('directory-stale-reports.njk', {
      title: t('directory.staleness.reports.title'),
      tabs: [...REPORT_STATUSES, 'all'].map((s) => ({
        status: s,
        href: href(s),
        current: s === status,
        text: t(`directory.staleness.reports.tab.${s}`, { count: s === 'all' ? counts.new + counts.in_progress + counts.resolved : counts[s as ReportStatus] }),
      })),
      caption: t(`directory.staleness.reports.tab.${status}`, { count: total }),
      rows: rows.map((r) => ({
        href: `${path}/${r.id}`,
        when: formatDate(t, r.created_at),
        service: r.service_name,
        organisation: r.organization_name,
        message: r.message.length > 160 ? `${r.message.slice(0, 160)}…` : r.message,
        status: t(`directory.staleness.status.${r.status}`),
        statusClass: { new: 'govuk-tag--blue', in_progress: 'govuk-tag--yellow', resolved: 'govuk-tag--green' }[r.status],
      })),
      pagination: pagination(t, page, Math.max(1, Math.ceil(total / PER_PAGE)), (n) => href(status as string, n)),
    });
  });

  async function render(request: FastifyRequest, reply: FastifyReply, report: ReportRow, values: ReportChange, errors: Record<string, string>, saved?: string) {
    const { t, basePath } = request;
    return reply.page('directory-stale-report.njk', {
      title: t('directory.staleness.report.title', { service: report.service_name }),
      errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors: errors,
      saved,
      report: {
        service: report.service_name,
        serviceHref: `${basePath}/services/${report.service_id}`,
        organisation: report.organization_name,
        when: formatDate(t, report.created_at),
        message: report.message,
        wantsReply: Boolean(report.reporter_email),
        toldOn: report.reporter_told_at ? formatDate(t, report.reporter_told_at) : undefined,
        updated: report.updated_at ? t('directory.staleness.report.updated', { date: formatDate(t, report.updated_at)!, by: report.updated_by ?? '' }) : undefined,
      },
      statusItems: REPORT_STATUSES.map((s) => ({ value: s, text: t(`directory.staleness.status.${s}`), checked: values.status === s })),
      values,
      maxNote: MAX_NOTE,
      backHref: `${basePath}/admin/directory/reports`,
      formAction: `${basePath}/admin/directory/reports/${report.id}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  async function reportFor(request: FastifyRequest): Promise<ReportRow | undefined> {
    const { id } = request.params as { id: string };
    return UUID.test(id) ? reportById(ctx.db, request.council.id, id.toLowerCase()) : undefined;
  }

  app.get('/admin/directory/reports/:id', MANAGERS, async (request, reply) => {
    const report = await reportFor(request);
    if (!report) return notFoundPage(request, reply);
    const saved = (request.query as Record<string, unknown>).saved;
    return render(request, reply, report, { status: report.status, note: report.note ?? '', reply: report.reply ?? '' }, {}, SAVED.includes(saved as string) ? (saved as string) : undefined);
  });

  app.post('/admin/directory/reports/:id', MANAGERS, async (request, reply) => {
    const { t } = request;
    const report = await reportFor(request);
    if (!report) return notFoundPage(request, reply);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).replace(/\r\n?/g, '\n').trim() : '');
    const values: ReportChange = { status: body.status as ReportStatus, note: text('note'), reply: text('reply') };
    const errors: Record<string, string> = {};
    if (!isStatus(body.status)) errors.status = t('directory.staleness.error.report_status');
    if ([...values.note].length > MAX_NOTE) errors.note = t('directory.staleness.error.note_long', { max: MAX_NOTE });
    if ([...values.reply].length > MAX_NOTE) errors.reply = t('directory.staleness.error.reply_long', { max: MAX_NOTE });
    if (Object.keys(errors).length) return render(request, reply.code(400), report, values, errors);
    const outcome = await changeReport(ctx, request, report.id, values, clock());
    if (!outcome.ok) return notFoundPage(request, reply);
    return reply.redirect(`${request.basePath}/admin/directory/reports/${report.id}?saved=${outcome.told}`, 303);
  });
}
