import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import type { Letterhead, Manager } from '../../editing/decisions.js';
import { pageNumbers } from '../search-links.js';

/** Route options of the directory's staff pages: HTML, with who may use them. */
export const staffPage = (access: RouteAccess) => ({ config: { html: true, access } });

/** Directory managers (and council admins). */
export const MANAGE: RouteAccess = { action: 'directory.manage' };

export { UUID } from '../../../../platform/uuid.js';

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
export const paramsOf = (request: FastifyRequest) => request.params as Record<string, string>;

/** A page for one member of staff: never kept by a cache, with the form's CSRF field. */
export function staffRender(request: FastifyRequest, reply: FastifyReply, ctx: PlatformContext, template: string, data: Record<string, unknown>) {
  reply.header('cache-control', 'no-store');
  return reply.page(template, { csrfField: CSRF_FIELD, csrfToken: csrfToken(request, reply, { secure: ctx.config.production }), ...data });
}

/** The manager acting on this request, as the audit log records them. */
export function managerOf(request: FastifyRequest): Manager {
  const p = request.principal;
  const agent = request.headers['user-agent'];
  return {
    personId: p?.kind === 'person' ? p.personId : null,
    email: p?.kind === 'person' ? p.email : null,
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
  };
}

/** Where emails about this council point: its configured public address, never the request's Host. */
export function letterheadOf(request: FastifyRequest, ctx: PlatformContext): Letterhead {
  return { councilName: request.council.name, baseUrl: councilBaseUrl(ctx.config, request) };
}

/** One formatter per language: making an Intl.DateTimeFormat costs far more than using one. */
const WHEN = new Map<string, Intl.DateTimeFormat>();

/** "3 Dec 2026, 14:05" in the reader's language, London time. */
export function formatWhen(request: FastifyRequest, date: Date | string | null | undefined): string {
  if (!date) return '';
  const locale = request.locale === 'cy' ? 'cy-GB' : 'en-GB';
  let format = WHEN.get(locale);
  if (!format) WHEN.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' })));
  return format.format(new Date(date));
}

/** A page number from the query: a whole number from 1, else 1. */
export function pageNumberOf(value: unknown): number {
  const n = Number(str(value));
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** GOV.UK pagination for `total` items, `perPage` a page; undefined for one page. */
export function paginationOf(request: FastifyRequest, page: number, total: number, perPage: number, href: (page: number) => string) {
  const { t } = request;
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return undefined;
  return {
    landmarkLabel: t('changes.pagination.label'),
    previous: page > 1 ? { href: href(page - 1), html: t('changes.pagination.previous') } : undefined,
    next: page < pages ? { href: href(page + 1), html: t('changes.pagination.next') } : undefined,
    items: pageNumbers(Math.min(page, pages), pages).map((n) =>
      n === 'gap' ? { ellipsis: true } : { number: n, href: href(n), current: n === page, visuallyHiddenText: t('changes.pagination.page', { number: n }) },
    ),
  };
}
