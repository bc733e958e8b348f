import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { auditSentence } from '../audit/sentences.js';
import { auditRows, type AuditFilter, type AuditRow } from '../sql/audit.js';
import { adminEntries } from './admin.js';
import { formatWhen, page, str } from './common.js';
import { CouncilOrganisations } from './organisations.js';

const SHOWN = 200;
/** What the filter offers, as prefixes of action codes (any other code typed into the address still filters). */
const ACTION_FILTERS = ['session.started', 'role.', 'person.', 'platform_admin.', 'partner_', 'council.'] as const;
const CSV_ROWS = 100_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Read the filter from the query; bad dates are named in the error summary. */
function filterOf(request: FastifyRequest): { filter: AuditFilter; values: Record<string, string>; errors: Record<string, string> } {
  const q = request.query as Record<string, unknown>;
  const values = { actor: str(q.actor).trim().slice(0, 200), action: str(q.action).trim().slice(0, 100), from: str(q.from).trim(), to: str(q.to).trim() };
  const errors: Record<string, string> = {};
  const filter: AuditFilter = {};
  if (values.actor) filter.actor = values.actor;
  if (values.action) filter.action = values.action;
  for (const key of ['from', 'to'] as const) {
    if (!values[key]) continue;
    const date = DATE.test(values[key]) ? new Date(`${values[key]}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime())) errors[key] = request.t(`identity.audit.error.${key}`);
    // `to` is the last day shown: everything before the next midnight.
    else filter[key] = key === 'to' ? new Date(date.getTime() + 86_400_000) : date;
  }
  return { filter, values, errors };
}

/**
 * A CSV cell: quoted, and text a spreadsheet would run as a formula (=, +, -, @, tab, return)
 * prefixed with an apostrophe, so an exported log cannot attack whoever opens it.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const CSV_COLUMNS: [string, (r: AuditRow) => unknown][] = [
  ['when', (r) => r.at],
  ['who', (r) => r.actor_email ?? r.actor_client_id],
  ['action', (r) => r.action],
  ['target', (r) => r.target],
  ['detail', (r) => r.detail],
  ['ip', (r) => r.ip],
  ['user_agent', (r) => r.user_agent],
];

/**
 * The audit log for council admins: each entry as a sentence in the reader's language, with its
 * raw fields behind a disclosure; filter by who, what and when; export as CSV (the raw fields).
 */
export function registerAudit(app: FastifyInstance, ctx: PlatformContext): void {
  const READ = page({ action: 'audit.read' });
  const organisations = CouncilOrganisations.of(ctx);

  app.get('/admin/audit', READ, async (request, reply) => {
    const { filter, values, errors } = filterOf(request);
    const rows = Object.keys(errors).length ? [] : await auditRows(ctx.db, request.council.id, filter, SHOWN);
    const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
    const scopes = rows.filter((r) => r.detail?.role === 'organisation_editor' && typeof r.detail.scope === 'string').map((r) => r.detail.scope as string);
    const names = { organisations: organisations ? await organisations.names(request.council.id, scopes) : new Map<string, string>() };
    const { t } = request;
    reply.header('cache-control', 'no-store');
    return reply.code(Object.keys(errors).length ? 400 : 200).page('identity-audit.njk', {
      title: request.t('identity.audit.title'),
      errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors: errors,
      values,
      actionItems: [
        { value: '', text: t('identity.audit.filter.all') },
        ...ACTION_FILTERS.map((value) => ({ value, text: t(`identity.audit.filter.${value.replace(/[._]$/, '')}`), selected: values.action === value })),
        // An action code from an older link or typed into the address: offered as it is.
        ...(values.action && !(ACTION_FILTERS as readonly string[]).includes(values.action) ? [{ value: values.action, text: values.action, selected: true }] : []),
      ],
      shown: SHOWN,
      rows: rows.map((r) => ({
        when: formatWhen(request, r.at),
        sentence: auditSentence(t, r, names),
        // The raw record, for whoever needs the codes (as the CSV has them).
        raw: [
          { key: t('identity.audit.raw.action'), value: r.action },
          { key: t('identity.audit.raw.who'), value: r.actor_email ?? r.actor_client_id ?? '' },
          { key: t('identity.audit.raw.target'), value: r.target ?? '' },
          { key: t('identity.audit.raw.detail'), value: Object.keys(r.detail ?? {}).length ? JSON.stringify(r.detail) : '' },
          { key: t('identity.audit.raw.ip'), value: r.ip ?? '' },
          { key: t('identity.audit.raw.user_agent'), value: r.user_agent ?? '' },
        ].filter((f) => f.value),
      })),
      adminNav: adminEntries(request),
      csvHref: `${request.basePath}/admin/audit.csv${query ? `?${query}` : ''}`,
      base: request.basePath,
    });
  });

  app.get('/admin/audit.csv', READ, async (request, reply) => {
    const { filter, errors } = filterOf(request);
    if (Object.keys(errors).length) {
      return reply.code(400).page('error.njk', { title: request.t('identity.audit.error.title'), body: Object.values(errors).join(' ') });
    }
    const rows = await auditRows(ctx.db, request.council.id, filter, CSV_ROWS);
    const lines = [CSV_COLUMNS.map(([name]) => csvCell(name)).join(','), ...rows.map((r) => CSV_COLUMNS.map(([, get]) => csvCell(get(r))).join(','))];
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${request.council.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(`${lines.join('\r\n')}\r\n`);
  });
}
