import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { Config } from '../config.js';
import type { Council } from '../councils.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../http/form-once.js';
import { CSRF_FIELD, csrfToken } from '../web/csrf.js';
import type { Messages, Translate } from '../web/i18n.js';
import { ADMIN_PAGE } from './admin-pages.js';
import { characterCountTexts } from './character-count.js';
import { csvDocument } from './csv.js';
import { formatWhen } from './html.js';
import { feedbackPage, insertFeedback, SATISFACTION, type Satisfaction } from './sql.js';

/**
 * The phase banner's "tell us what you think": a form whose answers are kept for the council
 * (and emailed to its contact address, when it has one), and the admin's list of them. The form
 * carries a one-time id (http/form-once.ts): sent twice (a double click), it is kept and emailed
 * once, and the second lands on the same confirmation.
 */

export const MAX_DETAILS = 1200;
const MAX_EMAIL = 254;
const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]{2,}$/;
const PER_PAGE = 50;
const CSV_ROWS = 100_000;

/**
 * Per address, beyond the platform's limit on every write: each answer may email the council,
 * so one address cannot send more than a person would.
 */
export const FEEDBACK_LIMIT = { bucket: 'site-feedback', max: 10, windowSeconds: 10 * 60 };

const FORM = { config: { html: true, access: 'public' as const, rateLimit: FEEDBACK_LIMIT } };
const PUBLIC = { config: { html: true, access: 'public' as const } };

interface Values {
  satisfaction: string;
  details: string;
  email: string;
}

/**
 * The page the person came from, as a path of this council's site without its query (a
 * search's words and postcode are nobody else's business); undefined if it is anything else.
 */
export function fromPath(basePath: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value || value.length > 500) return undefined;
  const path = value.split(/[?#]/)[0];
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(path)) return undefined;
  if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  return path;
}

export function checkFeedback(t: Translate, values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(SATISFACTION as readonly string[]).includes(values.satisfaction)) errors.satisfaction = t('site.feedback.error.satisfaction');
  if ([...values.details].length > MAX_DETAILS) errors.details = t('site.feedback.error.details_long', { max: MAX_DETAILS });
  if (values.email && (values.email.length > MAX_EMAIL || !EMAIL.test(values.email))) errors.email = t('site.feedback.error.email');
  return errors;
}

/** Where staff read feedback, as an absolute address from configuration (never from the request). */
function adminAddress(council: Council, config: Config): string {
  if (council.hosts[0]) return `https://${council.hosts[0]}/admin/feedback`;
  return config.publicUrl ? `${config.publicUrl}/c/${council.slug}/admin/feedback` : '';
}

export interface FeedbackOptions {
  messages: Messages;
}

export function registerFeedback(app: FastifyInstance, ctx: PlatformContext, { messages }: FeedbackOptions): void {
  const secure = ctx.config.production;
  // The council's staff read the email: in English, the language of the admin pages' defaults.
  const english = messages.translator('en');

  function render(request: FastifyRequest, reply: FastifyReply, from: string | undefined, values: Values, fieldErrors: Record<string, string>) {
    const { t, basePath } = request;
    return reply.page('site-feedback.njk', {
      title: t('site.feedback.title'),
      errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` })),
      fieldErrors,
      values,
      from: from ?? '',
      backHref: from,
      satisfaction: SATISFACTION.map((value) => ({ value, text: t(`site.feedback.satisfaction.${value}`), checked: values.satisfaction === value })),
      maxDetails: MAX_DETAILS,
      count: characterCountTexts(t),
      formAction: `${basePath}/feedback`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    });
  }

  /** Tell the council, when it has an address to tell; the answer is kept whatever happens to the email. */
  async function notifyCouncil(request: FastifyRequest, id: string, satisfaction: Satisfaction, details: string, email: string | null, from: string | undefined) {
    const { council } = request;
    if (!council.contactEmail) return;
    if (ctx.config.notify && !ctx.config.notify.templateIds['feedback-received']) {
      request.log.info('feedback kept, not emailed: HEARTH_NOTIFY_TEMPLATE_FEEDBACK is not set');
      return;
    }
    try {
      await ctx.notifications.send({
        councilId: council.id,
        template: 'feedback-received',
        to: { email: council.contactEmail },
        personalisation: {
          council: council.name,
          satisfaction: english(`site.feedback.satisfaction.${satisfaction}`),
          details: details || english('site.feedback.email.no_details'),
          page: from ?? english('site.feedback.email.no_page'),
          reply_to: email ?? english('site.feedback.email.no_reply'),
          language: english(`site.language.${request.locale}`),
          link: adminAddress(council, ctx.config),
        },
        reference: `feedback-${id}`,
      });
    } catch (error) {
      request.log.error({ err: error }, 'feedback kept, but emailing the council failed');
    }
  }

  app.get('/feedback', PUBLIC, async (request, reply) =>
    render(request, reply, fromPath(request.basePath, (request.query as Record<string, unknown>).from), { satisfaction: '', details: '', email: '' }, {}),
  );

  app.post('/feedback', FORM, async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const values: Values = { satisfaction: str('satisfaction'), details: str('details').replace(/\r\n?/g, '\n').trim(), email: str('email').trim() };
    const from = fromPath(request.basePath, body.from);
    const fieldErrors = checkFeedback(request.t, values);
    if (Object.keys(fieldErrors).length) return render(request, reply.code(400), from, values, fieldErrors);
    const satisfaction = values.satisfaction as Satisfaction;
    const email = values.email || null;
    const query = new URLSearchParams({ ...(from ? { from } : {}), ...(email ? { reply: '1' } : {}) }).toString();
    const answer = `${request.basePath}/feedback/sent${query ? `?${query}` : ''}`;
    // The same form sent twice (a double click) would be kept, and emailed to the council, twice;
    // sent again with other words (Back, then more to say) it is new feedback.
    const done = await submitOnce(ctx.db, request, body, { answers: [values, from ?? null], fallback: answer }, async () => {
      const id = await insertFeedback(ctx.db, { councilId: request.council.id, satisfaction, details: values.details, email, fromPath: from ?? null, locale: request.locale });
      await notifyCouncil(request, id, satisfaction, values.details, email, from);
      return { answer };
    });
    return reply.redirect(done.answer, 303);
  });

  app.get('/feedback/sent', PUBLIC, async (request, reply) => {
    const { t, basePath } = request;
    const query = request.query as Record<string, unknown>;
    return reply.page('site-feedback-sent.njk', {
      title: t('site.feedback.sent_title'),
      backHref: fromPath(basePath, query.from) ?? (basePath || '/'),
      reply: query.reply === '1',
    });
  });

  app.get('/admin/feedback', ADMIN_PAGE, async (request, reply) => {
    const { t, basePath, locale } = request;
    const raw = (request.query as Record<string, unknown>).page;
    const number = raw === undefined ? 1 : typeof raw === 'string' && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : undefined;
    reply.header('cache-control', 'no-store');
    if (!number) return reply.code(400).page('error.njk', { title: t('error.bad_request_title'), body: t('site.feedback_admin.error.page') });
    const { rows, total } = await feedbackPage(ctx.db, request.council.id, PER_PAGE, (number - 1) * PER_PAGE);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const href = (n: number) => `${basePath}/admin/feedback${n > 1 ? `?page=${n}` : ''}`;
    return reply.page('site-admin-feedback.njk', {
      title: t('site.feedback_admin.title'),
      total,
      rows: rows.map((r) => ({
        when: formatWhen(r.created_at, locale),
        satisfaction: t(`site.feedback.satisfaction.${r.satisfaction}`),
        details: r.details,
        page: r.from_path ?? '',
        email: r.email ?? '',
        language: t(`site.language.${r.locale}`),
      })),
      pagination:
        pages > 1
          ? {
              landmarkLabel: t('site.pagination.label'),
              previous: number > 1 ? { href: href(number - 1), text: t('site.pagination.previous') } : undefined,
              next: number < pages ? { href: href(number + 1), text: t('site.pagination.next') } : undefined,
              items: Array.from({ length: pages }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === pages || Math.abs(n - number) <= 2)
                .flatMap((n, i, shown) => [...(i > 0 && n - shown[i - 1] > 1 ? [{ ellipsis: true }] : []), { number: String(n), href: href(n), current: n === number, visuallyHiddenText: t('site.pagination.page', { number: n }) }]),
            }
          : undefined,
      csvHref: `${basePath}/admin/feedback.csv`,
      pageNumber: number,
      pages,
    });
  });

  app.get('/admin/feedback.csv', ADMIN_PAGE, async (request, reply) => {
    const { rows } = await feedbackPage(ctx.db, request.council.id, CSV_ROWS, 0);
    const document = csvDocument(
      ['when', 'satisfaction', 'details', 'page', 'reply_to', 'language'],
      rows.map((r) => [r.created_at, r.satisfaction, r.details, r.from_path, r.email, r.locale]),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="feedback-${request.council.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(document);
  });
}
