import type { FastifyReply, FastifyRequest } from 'fastify';
import { sameSitePath } from '../../../platform/http/return-path.js';

/** Options of every resident page: HTML (errors become GOV.UK error pages), open to anyone. */
export const HTML = { config: { html: true, access: 'public' } } as const;

export function notFoundPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

/**
 * Where to send someone back to after a form: a path of this council's pages only (never
 * another site, never `//host`), else the fallback.
 */
export function safeReturnPath(basePath: string, value: unknown, fallback: string): string {
  return sameSitePath(value, { under: basePath }) ?? fallback;
}

/** The path and query of this request, to come back to after a form. */
export function currentPath(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://hearth.invalid');
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A web address as people read it: without the scheme or a trailing slash. */
export const displayUrl = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '');
