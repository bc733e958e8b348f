import type { FastifyReply, FastifyRequest } from 'fastify';

/** One cookie of the request, undecoded; undefined when absent. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  /** Seconds; absent: until the browser closes. 0 deletes the cookie. */
  maxAge?: number;
  /** Add `Secure` (production, behind HTTPS). */
  secure?: boolean;
  /** Not readable by scripts (default true). */
  httpOnly?: boolean;
}

/**
 * Set a cookie (Fastify adds each Set-Cookie header beside the others). Always Path=/ and
 * SameSite=Lax: a cross-site POST never carries Hearth's cookies.
 */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions = {}): void {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}
