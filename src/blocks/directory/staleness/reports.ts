import type { FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { Council } from '../../../platform/councils.js';
import type { Db } from '../../../platform/db/db.js';
import { listCouncils } from '../../../platform/councils.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { auditActor, organisationEditors, recordAudit } from '../../identity/index.js';
import { claimEditorsTold, markReporterTold, organisationEmail, reportById, reportsAwaitingEditors, unclaimEditorsTold, unmarkReporterTold, reportsPage, updateReport, type ReportRow, type ReportStatus } from '../sql/reports.js';
import { councilLinkBase, inLanguageOf } from './messages.js';

/**
 * Residents' "this is out of date" reports after they are made: the organisation's editors are
 * emailed soon after one arrives (a job every five minutes), managers work them (new, in progress, resolved, with a note), and a
 * resident who left an email is told the outcome when it is resolved.
 */

/**
 * A function for the organisation editor's own listings page: its organisation's reports,
 * newest first (open ones unless `status` says otherwise).
 */
export async function organisationReports(
  db: Db,
  councilId: string,
  organisationId: string,
  options: { status?: ReportStatus; limit?: number; offset?: number } = {},
): Promise<{ rows: Omit<ReportRow, 'reporter_email'>[]; total: number; counts: Record<ReportStatus, number> }> {
  const page = await reportsPage(db, councilId, { organizationId: organisationId, status: options.status }, options.limit ?? 20, options.offset ?? 0);
  // An editor sees what was said about their listing, not who said it.
  return { ...page, rows: page.rows.map(({ reporter_email: _hidden, ...row }) => row) };
}

/** Email the organisation's editors (or the organisation itself) about a new report. */
export async function tellEditorsOfReport(ctx: PlatformContext, council: Council, reportId: string): Promise<number> {
  const report = await reportById(ctx.db, council.id, reportId);
  if (!report) return 0; // the service went since; nothing to tell
  const editors = await organisationEditors(ctx.db, council.id, report.organization_id);
  const own = editors.length ? undefined : await organisationEmail(ctx.db, council.id, report.organization_id);
  const recipients = editors.length ? editors : own ? [{ email: own, locale: null }] : [];
  const base = councilLinkBase(ctx.config, council);
  for (const recipient of recipients) {
    const text = inLanguageOf(recipient.locale, (t) => ({
      subject: t('directory.staleness.report_email.subject', { service: report.service_name }),
      body: [
        t('directory.staleness.report_email.intro', { service: report.service_name, council: council.name }),
        t('directory.staleness.report_email.said'),
        report.message,
        t('directory.staleness.report_email.next', { link: `${base}/sign-in` }),
        t('directory.staleness.report_email.service', { link: `${base}/services/${report.service_id}` }),
      ].join('\n\n'),
    }));
    await ctx.notifications.send({
      councilId: council.id,
      template: 'message',
      to: { email: recipient.email },
      personalisation: { subject: text.subject, body: text.body },
      reference: `directory-report:${report.id}`,
    });
  }
  return recipients.length;
}

/** Reports older than this when the job first sees them are not emailed (they wait in the managers' list). */
const EMAIL_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Email the editors about every report not yet told. Each is claimed before its emails go (so
 * two runs never send the same one) and released if none could be sent (the next run tries
 * again). Not an outbox subscriber: a subscriber runs inside the dispatcher's transaction, where
 * on PGlite nothing else (the notification's own record) can write.
 */
export async function emailWaitingReports(ctx: PlatformContext, now: Date): Promise<{ sent: number; failed: number }> {
  const councils = new Map((await listCouncils(ctx.db)).map((c) => [c.id, c]));
  let sent = 0;
  let failed = 0;
  for (const report of await reportsAwaitingEditors(ctx.db, new Date(now.getTime() - EMAIL_WINDOW_MS), 500)) {
    const council = councils.get(report.council_id);
    if (!council || !(await claimEditorsTold(ctx.db, report.council_id, report.id, now))) continue;
    try {
      await tellEditorsOfReport(ctx, council, report.id);
      sent += 1;
    } catch (error) {
      ctx.log.error({ err: error, report: report.id }, 'report email to editors not sent');
      await unclaimEditorsTold(ctx.db, report.council_id, report.id);
      failed += 1;
    }
  }
  return { sent, failed };
}

/** Every five minutes: a report reaches the organisation's editors soon after it is made. */
export function reportEmailJob(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.report-emails',
    pattern: '*/5 * * * *',
    async run() {
      const { failed } = await emailWaitingReports(ctx, new Date());
      if (failed) throw new Error(`${failed} report email(s) to editors could not be sent; they will be tried again`);
    },
  };
}

export interface ReportChange {
  status: ReportStatus;
  note: string;
  reply: string;
}

export type ReportUpdate = { ok: true; told: 'yes' | 'no_email' | 'already' | 'not_resolved' | 'failed' } | { ok: false };

/**
 * A manager changes a report: saved with its audit entry and a `directory.feedback.updated`
 * event in one transaction; then, when it is resolved and the resident left an email, they are
 * told the outcome (once), in English and Welsh.
 */
export async function changeReport(ctx: PlatformContext, request: FastifyRequest, id: string, change: ReportChange, now: Date): Promise<ReportUpdate> {
  const council = request.council;
  const by = request.principal?.kind === 'person' ? request.principal.email : 'unknown';
  const before = await ctx.db.transaction(async (tx) => {
    const previous = await updateReport(tx, council.id, id, { status: change.status, note: change.note || null, reply: change.reply || null, by, at: now });
    if (!previous) return undefined;
    await recordAudit(tx, {
      ...auditActor(request),
      action: 'directory.report.updated',
      target: `report:${id}`,
      detail: { from: previous, to: change.status, note: change.note || undefined },
    });
    await recordEvent(tx, { councilId: council.id, type: 'directory.feedback.updated', subject: id, data: { feedback_id: id, status: change.status } });
    return previous;
  });
  if (!before) return { ok: false };
  if (change.status !== 'resolved') return { ok: true, told: 'not_resolved' };
  const report = (await reportById(ctx.db, council.id, id))!;
  if (!report.reporter_email) return { ok: true, told: 'no_email' };
  if (!(await markReporterTold(ctx.db, council.id, id, now))) return { ok: true, told: 'already' };
  const text = inLanguageOf(null, (t) => ({
    subject: t('directory.staleness.report_reply.subject', { service: report.service_name }),
    body: [
      t('directory.staleness.report_reply.intro', { service: report.service_name, council: council.name }),
      report.reply ?? t('directory.staleness.report_reply.default'),
      t('directory.staleness.report_reply.service', { link: `${councilLinkBase(ctx.config, council)}/services/${report.service_id}` }),
    ].join('\n\n'),
  }));
  try {
    await ctx.notifications.send({
      councilId: council.id,
      template: 'message',
      to: { email: report.reporter_email },
      personalisation: { subject: text.subject, body: text.body },
      reference: `directory-report-reply:${id}`,
    });
    return { ok: true, told: 'yes' };
  } catch {
    // Not told after all: a later save can try again.
    await unmarkReporterTold(ctx.db, council.id, id);
    return { ok: true, told: 'failed' };
  }
}
