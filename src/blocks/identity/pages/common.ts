import type { FastifyRequest } from 'fastify';
import type { RouteAccess } from '../../../platform/http/access.js';
import { CSRF_FIELD } from '../../../platform/web/csrf.js';

/** Route options of identity pages: HTML, with who may use them. */
export const page = (access: RouteAccess, rateLimit?: { bucket: string; max: number; windowSeconds: number }) => ({
  config: { html: true, access, ...(rateLimit ? { rateLimit } : {}) },
});

/** Per address: a council office behind one address has many staff signing in. */
export const SIGN_IN_LIMIT = { bucket: 'sign-in', max: 30, windowSeconds: 15 * 60 };

export { EMAIL, MAX_EMAIL, UUID } from '../formats.js';

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;

/** A same-site path to return to after signing in (never another site, never `//host`). */
export function safeReturn(request: FastifyRequest, value: unknown): string {
  const fallback = `${request.basePath}/account`;
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || /[\\\r\n]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://hearth.invalid');
    return url.host === 'hearth.invalid' ? url.pathname + url.search : fallback;
  } catch {
    return fallback;
  }
}

export function formatWhen(request: FastifyRequest, date: Date | string | null): string {
  if (!date) return '';
  return new Intl.DateTimeFormat(request.locale === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(date));
}

export { CSRF_FIELD };
