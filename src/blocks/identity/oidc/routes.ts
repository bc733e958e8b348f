import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { readCookie, setCookie } from '../../../platform/http/cookies.js';
import { publicOrigin } from '../../../platform/http/openapi.js';
import { HttpProblem } from '../../../platform/http/problem.js';
import { page, safeReturn, SIGN_IN_LIMIT, str, bodyOf } from '../pages/common.js';
import { endSessionsForOidc, findOrCreatePersonForLogin, sessionClock, startSession } from '../sessions/service.js';
import { insertPending, rememberLogoutJti, takePending } from '../sql/oidc.js';
import { OidcClient, OidcRefused } from './client.js';
import type { OidcSettings } from './settings.js';

const PENDING_COOKIE = 'hearth_oidc';
const PENDING_MS = 10 * 60 * 1000;
const HANDLE = /^[A-Za-z0-9_-]{43}$/;
const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

const clients = new WeakMap<PlatformContext, OidcClient>();
/** One client per running Hearth (discovery and keys are cached in it). */
export function oidcClient(ctx: PlatformContext, settings: OidcSettings): OidcClient {
  let client = clients.get(ctx);
  if (!client) clients.set(ctx, (client = new OidcClient(settings)));
  return client;
}

/**
 * Sign-in through the configured OpenID Connect provider (GOV.UK One Login or another):
 * /sign-in/oidc starts it, /sign-in/oidc/callback finishes it, /oidc/backchannel-logout lets
 * the provider end sessions. Every refusal is a clear page (or a 400 for the provider) and a
 * log line with the reason; never a 500.
 */
export function registerOidcRoutes(app: FastifyInstance, ctx: PlatformContext, settings: OidcSettings): void {
  const client = oidcClient(ctx, settings);
  const secure = ctx.config.production;
  const callbackUrl = (request: FastifyRequest) => `${publicOrigin(request, ctx.config.publicUrl)}${request.basePath}/sign-in/oidc/callback`;

  function refused(request: FastifyRequest, reply: FastifyReply, reason: string, key: 'failed' | 'confidence' | 'expired' | 'disabled' | 'no_email') {
    request.log.warn({ reason }, 'OIDC sign-in refused');
    const { t } = request;
    return reply.code(key === 'disabled' ? 403 : 400).page('identity-link-problem.njk', {
      title: t(`identity.oidc.${key}.title`, { provider: settings.providerName }),
      body: t(`identity.oidc.${key}.body`, { provider: settings.providerName }),
      signInHref: `${request.basePath}/sign-in`,
    });
  }

  app.get('/sign-in/oidc', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const returnTo = safeReturn(request, (request.query as Record<string, unknown>).return);
    let start;
    try {
      start = await client.begin(callbackUrl(request), request.locale);
    } catch (e) {
      return refused(request, reply.code(502), `cannot reach the provider: ${(e as Error).message}`, 'failed');
    }
    const handle = randomBytes(32).toString('base64url');
    await insertPending(ctx.db, {
      handleHash: hash(handle),
      councilId: request.council.id,
      state: start.state,
      nonce: start.nonce,
      codeVerifier: start.codeVerifier,
      returnTo,
      expiresAt: new Date(sessionClock.now().getTime() + PENDING_MS),
    });
    setCookie(reply, PENDING_COOKIE, handle, { secure, maxAge: PENDING_MS / 1000 });
    return reply.redirect(start.url.href, 303);
  });

  app.get('/sign-in/oidc/callback', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const handle = readCookie(request, PENDING_COOKIE);
    setCookie(reply, PENDING_COOKIE, '', { secure, maxAge: 0 });
    const pending = handle && HANDLE.test(handle) ? await takePending(ctx.db, hash(handle), request.council.id, sessionClock.now()) : undefined;
    if (!pending) return refused(request, reply, 'no pending sign-in on this browser (expired, used, or never started here)', 'expired');
    let signedIn;
    try {
      const url = new URL(callbackUrl(request));
      url.search = new URL(request.url, 'http://x').search;
      signedIn = await client.complete(url, { state: pending.state, nonce: pending.nonce, codeVerifier: pending.code_verifier });
    } catch (e) {
      if (e instanceof OidcRefused) return refused(request, reply, e.message, e.page);
      return refused(request, reply, `unexpected: ${(e as Error).message}`, 'failed');
    }
    let person;
    try {
      person = await findOrCreatePersonForLogin(ctx.db, { issuer: signedIn.issuer, subject: signedIn.subject, email: signedIn.email, emailVerified: signedIn.emailVerified });
    } catch (e) {
      return refused(request, reply, (e as Error).message, 'no_email');
    }
    if (person.disabled) return refused(request, reply, `person ${person.personId} is disabled`, 'disabled');
    await startSession(ctx, request, reply, person.personId, { method: 'oidc', oidc: { issuer: signedIn.issuer, sid: signedIn.sid, idToken: signedIn.idToken } });
    request.log.info({ person: person.personId }, 'signed in through OIDC');
    return reply.redirect(safeReturn(request, pending.return_to), 303);
  });

  // The provider calls this directly (no browser, no cookies, no CSRF token): the signed token is the proof.
  app.post('/oidc/backchannel-logout', { config: { access: 'public' }, schema: { hide: true } as object }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = str(bodyOf(request).logout_token);
    if (!token) throw new HttpProblem(400, 'Bad request', 'logout_token is missing', [{ name: 'logout_token', reason: 'is required' }]);
    let logout;
    try {
      logout = await client.verifyLogoutToken(token);
    } catch (e) {
      request.log.warn({ reason: (e as Error).message }, 'back-channel logout refused');
      throw new HttpProblem(400, 'Bad request', (e as Error).message, [{ name: 'logout_token', reason: (e as Error).message }]);
    }
    if (!(await rememberLogoutJti(ctx.db, logout.issuer, logout.jti, logout.expiresAt))) {
      request.log.warn({ jti: logout.jti }, 'back-channel logout refused: replayed');
      throw new HttpProblem(400, 'Bad request', 'this logout token was used before', [{ name: 'logout_token', reason: 'was used before' }]);
    }
    const ended = await endSessionsForOidc(ctx.db, logout);
    request.log.info({ ended }, 'back-channel logout');
    return reply.code(200).send({ ended });
  });
}

/** After signing out here, where to send a browser whose session came from the provider: its end-session endpoint. */
export async function providerLogoutUrl(ctx: PlatformContext, settings: OidcSettings, request: FastifyRequest, idToken: string): Promise<string | undefined> {
  try {
    const url = await oidcClient(ctx, settings).logoutUrl(idToken, `${publicOrigin(request, ctx.config.publicUrl)}${request.basePath}/signed-out`);
    return url?.href;
  } catch (e) {
    request.log.warn({ reason: (e as Error).message }, 'provider logout skipped');
    return undefined;
  }
}
