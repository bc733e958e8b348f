import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Cookies go through @fastify/cookie (registered by the server: it parses `request.cookies` and
 * writes `Set-Cookie`). This wrapper adds Hearth's defaults and its rules for the cookies that
 * guard a session or a form:
 *
 * - every cookie is `Path=/`, `SameSite=Lax` (a cross-site POST never carries them) and
 *   `HttpOnly` unless asked otherwise; `Secure` in production;
 * - a security cookie (the session, the CSRF secret, a pending OIDC sign-in) is named with the
 *   `__Host-` prefix in production, so the browser accepts it only from this very host, over
 *   https, for the whole site, and a sibling subdomain cannot plant one; and a request that
 *   carries two of the same name (one planted for a narrower path or a parent domain) is
 *   treated as carrying none, rather than trusting whichever came first.
 */
export interface CookieOptions {
  /** Seconds; absent: until the browser closes. 0 deletes the cookie. */
  maxAge?: number;
  /** Add `Secure` (production, behind HTTPS). */
  secure?: boolean;
  /** Not readable by scripts (default true). */
  httpOnly?: boolean;
}

/** The name a security cookie has: `__Host-{name}` in production, `{name}` otherwise. */
export function securityCookieName(name: string, production: boolean): string {
  return production ? `__Host-${name}` : name;
}

/** One cookie of the request (decoded); undefined when absent. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  return request.cookies?.[name];
}

/** How many times the request's Cookie header names `name`. */
function occurrences(request: FastifyRequest, name: string): number {
  const header = request.headers.cookie;
  if (!header) return 0;
  let count = 0;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) count++;
  }
  return count;
}

/** Whether the request carries more than one cookie named `name` (one of them planted). */
export function duplicatedCookie(request: FastifyRequest, name: string): boolean {
  return occurrences(request, name) > 1;
}

/** A security cookie (see above): its value when the request carries exactly one; otherwise undefined. */
export function readSecurityCookie(request: FastifyRequest, name: string, production: boolean): string | undefined {
  const full = securityCookieName(name, production);
  return duplicatedCookie(request, full) ? undefined : readCookie(request, full);
}

/** Set a cookie with Hearth's defaults (see above). */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions = {}): void {
  reply.setCookie(name, value, {
    path: '/',
    sameSite: 'lax',
    httpOnly: options.httpOnly !== false,
    secure: Boolean(options.secure),
    ...(options.maxAge !== undefined ? { maxAge: Math.max(0, Math.floor(options.maxAge)) } : {}),
  });
}

/** Set a security cookie: `__Host-` and Secure in production, Path=/, no Domain, HttpOnly. */
export function setSecurityCookie(reply: FastifyReply, name: string, value: string, options: { production: boolean; maxAge?: number }): void {
  setCookie(reply, securityCookieName(name, options.production), value, { secure: options.production, maxAge: options.maxAge });
}
