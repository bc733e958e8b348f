import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from '../http/cookies.js';

/**
 * Cross-site request forgery protection for HTML forms, by double submission: a random token
 * lives in a cookie and in a hidden field of every form that changes something, and a POST is
 * accepted only when the two match. Another site can make a browser send the cookie but can
 * neither read it nor set it, so it cannot fill in the field. No session is needed, so pages
 * for people who are not signed in can use it; SameSite=Lax on the cookie is a second wall.
 *
 * In a template: `<input type="hidden" name="{{ csrfField }}" value="{{ csrfToken }}">`, with
 * `csrfToken` from `csrfToken(request, reply)`; on the route: `preHandler: csrfProtection(...)`.
 */
export const CSRF_COOKIE = 'hearth_csrf';
export const CSRF_FIELD = '_csrf';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface CsrfCookieOptions {
  /** Add `Secure` (production, behind HTTPS). */
  secure?: boolean;
}

/** The token the browser holds, when it holds a well-formed one. */
function cookieToken(request: FastifyRequest): string | undefined {
  const value = readCookie(request, CSRF_COOKIE);
  return value && TOKEN.test(value) ? value : undefined;
}

// Tokens set by this response, so that every form on one page carries the same one.
const issued = new WeakMap<FastifyRequest, string>();

/**
 * The token to put in this page's forms: the browser's own, or a new one that this response
 * sets. Call it once per response that renders a form.
 */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, options: CsrfCookieOptions = {}): string {
  const existing = cookieToken(request) ?? issued.get(request);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(reply, CSRF_COOKIE, token, { secure: options.secure });
  issued.set(request, token);
  return token;
}

/** Compare in constant time; hashing first makes the lengths equal. */
function same(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Whether a submitted form carries the token held in the browser's cookie. */
export function csrfValid(request: FastifyRequest): boolean {
  const cookie = cookieToken(request);
  const body = request.body as Record<string, unknown> | undefined | null;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  if (!cookie || typeof field !== 'string' || !TOKEN.test(field)) return false;
  return same(cookie, field);
}

/**
 * A preHandler for routes that accept forms: requests without a matching token are answered
 * by `refuse` (each block renders its own 403 page, in the reader's language) and go no
 * further.
 */
export function csrfProtection(refuse: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>) {
  return async function checkCsrf(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (csrfValid(request)) return undefined;
    request.log.info({ reason: 'csrf' }, 'form refused: missing or mismatched token');
    return refuse(request, reply.code(403));
  };
}
