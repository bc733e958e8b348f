import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import type { Translate } from '../../../../platform/web/i18n.js';
import type { FieldError } from './values.js';

/** What the resident's record pages share: who the resident is, rendering, problems in words. */

/** The resident's own pages: anyone signed in, about themselves. */
export const RESIDENT_PAGE = { config: { html: true, access: { signedIn: true } as RouteAccess } };

export { UUID } from '../../../../platform/uuid.js';

/** The signed-in person, whose record this is (undefined for anyone else, who gets 403). */
export const residentOf = (request: FastifyRequest): string | undefined => (request.principal?.kind === 'person' ? request.principal.personId : undefined);

export const recordPath = (request: FastifyRequest, rest = '') => `${request.basePath}/my-record${rest}`;

export const bodyOf = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});

/** A personal page: never kept by a cache, its forms carrying the anti-forgery token. */
export function render(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  reply.header('cache-control', 'no-store');
  return reply.code(status).page(view, { ...data, csrfField: CSRF_FIELD, csrfToken: csrfToken(request, reply, { secure: ctx.config.production }) });
}

export function notFound(request: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

export function forbidden(request: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
  return reply.code(403).page('error.njk', { title: request.t('vault.record.not_a_resident_title'), body: request.t('vault.record.not_a_resident_body') });
}

export interface Problems {
  /** For the error summary: each links to its field. */
  list: Array<{ text: string; href: string }>;
  /** Each field's message, shown with it. */
  byField: Record<string, string>;
}

/** Where the error summary's link for a field goes: a group of radios or checkboxes to its first input, a date to its day. */
const anchorOf = (field: string, firstOf: Record<string, string>) => `#${firstOf[field] ?? field}`;

export function problemsOf(t: Translate, errors: FieldError[], firstOf: Record<string, string> = {}): Problems {
  const list = errors.map((e) => ({ text: t(`vault.record.error.${e.field}.${e.reason}`), href: anchorOf(e.field, firstOf) }));
  const byField: Record<string, string> = {};
  errors.forEach((e, i) => {
    byField[e.field] ??= list[i].text;
  });
  return { list, byField };
}
