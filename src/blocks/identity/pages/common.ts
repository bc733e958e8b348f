import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { RouteAccess } from '../../../platform/http/access.js';
import { hit, RateLimited } from '../../../platform/http/rate-limit.js';
import { sameSitePath } from '../../../platform/http/return-path.js';
import { CSRF_FIELD } from '../../../platform/web/csrf.js';
import { rateLimitKey } from '../email.js';

/** Route options of identity pages: HTML, with who may use them. */
export const page = (access: RouteAccess, rateLimit?: { bucket: string; max: number; windowSeconds: number }) => ({
  config: { html: true, access, ...(rateLimit ? { rateLimit } : {}) },
});

/** Per address: a council office behind one address has many staff signing in. */
export const SIGN_IN_LIMIT = { bucket: 'sign-in', max: 30, windowSeconds: 15 * 60 };

/** Links sent to one address: a mailbox is not flooded, whoever asks. */
const PER_EMAIL_LIMIT = { bucket: 'sign-in-email', max: 5, windowSeconds: 15 * 60 };

/**
 * Counts a request for a link to this (canonical) address; false once over the limit. Counted
 * by `rateLimitKey`, so `+tag` and dotted variants of one mailbox share one count.
 */
export async function underAddressLimit(ctx: PlatformContext, canonical: string): Promise<boolean> {
  try {
    await hit(ctx.db, PER_EMAIL_LIMIT, rateLimitKey(canonical));
    return true;
  } catch (error) {
    if (error instanceof RateLimited) return false;
    throw error;
  }
}

/** Sending failed: say so (not "check your email"), with the way to try again. */
export function sendFailed(request: FastifyRequest, reply: FastifyReply, againHref: string) {
  return reply.code(503).page('identity-send-failed.njk', { title: request.t('identity.send_failed.title'), againHref });
}

export { EMAIL, MAX_EMAIL, UUID } from '../formats.js';

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const bodyOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;

/** A same-site path to return to after signing in (never another site: see sameSitePath), else the account page. */
export function safeReturn(request: FastifyRequest, value: unknown): string {
  return sameSitePath(value) ?? `${request.basePath}/account`;
}

export function formatWhen(request: FastifyRequest, date: Date | string | null): string {
  if (!date) return '';
  return new Intl.DateTimeFormat(request.locale === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(date));
}

export { CSRF_FIELD };
