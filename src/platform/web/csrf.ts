import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { duplicatedCookie, securityCookieName } from '../http/cookies.js';
import { HttpProblem } from '../http/problem.js';

/**
 * Cross-site request forgery protection, through @fastify/csrf-protection (over @fastify/cookie).
 *
 * - A secret lives in an HttpOnly cookie (`__Host-hearth_csrf` in production, so a sibling
 *   subdomain cannot plant one); every form carries a token made from that secret and bound to
 *   the signed-in session (the plugin's `getUserInfo`: the session's id; forms of people not
 *   signed in are bound to the secret alone). A token from another session, or made before
 *   signing in or out, is refused.
 * - The secret is renewed when a session starts (`renewCsrf`, from the identity block), so a
 *   secret and token planted before sign-in are worthless after it.
 * - Every unsafe method on a route a browser's cookies can authorise (every page, and every
 *   route that needs a signed-in person) also checks where the request comes from: `Origin`
 *   must be one of the council's public origins, or absent with `Sec-Fetch-Site: same-origin`
 *   or `none`; `Sec-Fetch-Site: cross-site` is refused. Partner APIs (bearer tokens) and public
 *   machine endpoints (the OAuth token endpoint, back-channel logout) take no cookies and are
 *   not checked.
 * - Two cookies of the secret's name (one planted) count as none.
 *
 * Refusals are the GOV.UK 403 page in the reader's language, never a 500.
 *
 * In a template: `<input type="hidden" name="{{ csrfField }}" value="{{ csrfToken }}">`, with
 * `csrfToken` from `csrfToken(request, reply)`.
 */
export const CSRF_COOKIE = 'hearth_csrf';
export const CSRF_FIELD = '_csrf';
/** The header a script may send the token in, instead of the form field. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ANONYMOUS = 'anonymous';
/**
 * The plugin needs an HMAC key to bind tokens to a session. It need not be secret (and is the
 * same in every process, so any process checks another's tokens): a token can only be made
 * with the browser's secret cookie, which scripts and other sites cannot read, and for the
 * session's id, which only that browser holds.
 */
const HMAC_KEY = 'hearth-csrf-token-bound-to-session';

declare module 'fastify' {
  interface FastifyReply {
    /** Replace the CSRF secret (when a session starts): tokens issued before are refused. */
    renewCsrf(): void;
  }
}

export interface CsrfSettings {
  production: boolean;
  /** The origins this request's council may post from (its public origins). */
  allowedOrigins(request: FastifyRequest): string[];
  /** Also accept the request's own origin (development without HEARTH_PUBLIC_URL, where any host serves). */
  acceptOwnOrigin: boolean;
}

/** What a token is bound to: the signed-in session, or nothing but the secret. */
function boundTo(request: FastifyRequest): string {
  const principal = request.principal;
  return principal?.kind === 'person' ? `session:${principal.sessionId}` : ANONYMOUS;
}

// One token per response, so every form on a page (the header's sign-out button too) carries
// one made from the same secret: the plugin would mint a second secret on a second call.
const issued = new WeakMap<FastifyRequest, string>();

/** The token to put in this page's forms. (The options are no longer needed: production decides `Secure`.) */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, _options?: { secure?: boolean }): string {
  let token = issued.get(request);
  if (!token) {
    issued.set(request, (token = reply.generateCsrf({ userInfo: boundTo(request) })));
  }
  return token;
}

/** Replace this browser's CSRF secret (a session started or ended). */
export function renewCsrf(reply: FastifyReply): void {
  reply.renewCsrf();
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/** Why the request cannot have come from one of the council's own pages; undefined when it can. */
function wrongOrigin(request: FastifyRequest, settings: CsrfSettings): string | undefined {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return 'Sec-Fetch-Site: cross-site';
  const origin = request.headers.origin;
  if (origin === undefined) {
    return fetchSite === 'same-origin' || fetchSite === 'none' ? undefined : 'no Origin and no Sec-Fetch-Site: same-origin';
  }
  const allowed = settings.allowedOrigins(request).map(originOf);
  if (settings.acceptOwnOrigin) allowed.push(originOf(`${request.protocol}://${request.host}`));
  const given = originOf(origin);
  return given && allowed.includes(given) ? undefined : 'Origin is not one of the council’s addresses';
}

/** Whether a route can be authorised by a browser's cookies (and so can be forged by another site). */
function cookieAuthorised(request: FastifyRequest): boolean {
  const config = request.routeOptions.config;
  const access = config?.access;
  if (access && typeof access === 'object' && 'partnerScope' in access) return false;
  return config?.html === true || (access !== undefined && access !== 'public');
}

/** Install the plugin and the check of every unsafe request to a cookie-authorised route. */
export async function registerCsrf(app: FastifyInstance, settings: CsrfSettings): Promise<void> {
  const cookieKey = securityCookieName(CSRF_COOKIE, settings.production);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: settings.production },
    getUserInfo: boundTo,
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | null | undefined;
      const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
      const header = request.headers[CSRF_HEADER];
      return typeof field === 'string' ? field : typeof header === 'string' ? header : undefined;
    },
    csrfOpts: { userInfo: true, hmacKey: HMAC_KEY },
  });

  app.decorateReply('renewCsrf', function renew(this: FastifyReply) {
    // The next token this request makes (and every later one) comes from a new secret.
    if (this.request.cookies) delete this.request.cookies[cookieKey];
    issued.delete(this.request);
    this.generateCsrf({ userInfo: ANONYMOUS });
  });

  // A planted second secret must not be the one tokens are made from: make a fresh one.
  app.addHook('preHandler', async (request) => {
    if (request.cookies && duplicatedCookie(request, cookieKey)) delete request.cookies[cookieKey];
  });

  /** The plugin's own verification. It answers a failure with `reply.send(error)`; we want our own page, so it reports to us instead. */
  const tokenValid = (request: FastifyRequest): boolean => {
    let valid = false;
    const reporter = { send: () => undefined } as unknown as FastifyReply;
    app.csrfProtection(request, reporter, () => {
      valid = true;
    });
    return valid;
  };

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method) || !cookieAuthorised(request)) return;
    const reason =
      wrongOrigin(request, settings) ??
      (duplicatedCookie(request, cookieKey) ? 'two CSRF cookies' : undefined) ??
      (tokenValid(request) ? undefined : 'missing or mismatched token');
    if (!reason) return;
    request.log.info({ reason: 'csrf', detail: reason }, 'form refused');
    throw new HttpProblem(403, request.t('error.csrf_title'), request.t('error.csrf_body'));
  });
}
