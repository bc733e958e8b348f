import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { readSecurityCookie, setSecurityCookie } from '../../../platform/http/cookies.js';
import { councilBaseUrl } from '../../../platform/http/public-origin.js';
import { HttpProblem } from '../../../platform/http/problem.js';
import { bodyOf, CSRF_FIELD, page, safeReturn, sendFailed, SIGN_IN_LIMIT, str, underAddressLimit } from '../pages/common.js';
import { endSessionsForOidc, findOrCreatePersonForLogin, sessionClock, startSession } from '../sessions/service.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { insertLinkRequest, insertPending, peekLinkRequest, rememberLogoutJti, takeLinkRequest, takePending, withdrawLinkRequest } from '../sql/oidc.js';
import { linkLogin, personById, personForLogin, type PersonRow } from '../sql/people.js';
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
  const callbackUrl = (request: FastifyRequest) => `${councilBaseUrl(ctx.config, request)}/sign-in/oidc/callback`;

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
    setSecurityCookie(reply, PENDING_COOKIE, handle, { production: secure, maxAge: PENDING_MS / 1000 });
    return reply.redirect(start.url.href, 303);
  });

  app.get('/sign-in/oidc/callback', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const handle = readSecurityCookie(request, PENDING_COOKIE, secure);
    setSecurityCookie(reply, PENDING_COOKIE, '', { production: secure, maxAge: 0 });
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
    if (person.kind === 'confirm') {
      return askToConfirm(request, reply, { person: person.person, issuer: signedIn.issuer, subject: signedIn.subject, sid: signedIn.sid, idToken: signedIn.idToken, returnTo: pending.return_to });
    }
    if (person.disabled) return refused(request, reply, `person ${person.personId} is disabled`, 'disabled');
    await startSession(ctx, request, reply, person.personId, { method: 'oidc', oidc: { issuer: signedIn.issuer, sid: signedIn.sid, idToken: signedIn.idToken } });
    request.log.info({ person: person.personId }, 'signed in through OIDC');
    return reply.redirect(safeReturn(request, pending.return_to), 303);
  });

  /**
   * A login at the provider whose verified email is that of a person it was never linked to. The
   * provider's word is not enough to sign in as them: a link goes to the address Hearth has for
   * the person, and works only in this browser (its handle is in the cookie). So only someone
   * who holds both the provider login and the mailbox links the two; a person tricked into
   * opening the link in their own browser links nothing.
   */
  async function askToConfirm(
    request: FastifyRequest,
    reply: FastifyReply,
    login: { person: PersonRow; issuer: string; subject: string; sid?: string; idToken: string; returnTo: string | null },
  ) {
    const { person } = login;
    request.log.info({ person: person.id }, 'OIDC login matches a person it is not linked to: confirmation by email asked');
    const sentPage = () =>
      reply.page('identity-link-confirm-sent.njk', { title: request.t('identity.oidc.confirm_sent.title'), provider: settings.providerName });
    if (person.disabled_at) return refused(request, reply, `person ${person.id} is disabled`, 'disabled');
    if (!(await underAddressLimit(ctx, person.email))) {
      request.log.warn({ reason: 'per-address limit' }, 'OIDC confirmation link not sent');
      return sentPage();
    }
    const token = randomBytes(32).toString('base64url');
    const handle = randomBytes(32).toString('base64url');
    await insertLinkRequest(ctx.db, {
      tokenHash: hash(token),
      browserHash: hash(handle),
      councilId: request.council.id,
      personId: person.id,
      issuer: login.issuer,
      subject: login.subject,
      sid: login.sid,
      idToken: login.idToken,
      returnTo: login.returnTo,
      expiresAt: new Date(sessionClock.now().getTime() + PENDING_MS),
    });
    const link = `${councilBaseUrl(ctx.config, request)}/sign-in/oidc/confirm?token=${token}`;
    try {
      await ctx.notifications.send({
        councilId: request.council.id,
        template: 'sign-in-link',
        to: { email: person.email },
        personalisation: { council: request.council.name, link, minutes: String(PENDING_MS / 60_000) },
        reference: 'sign-in',
      });
    } catch (error) {
      if (!(error instanceof NotificationFailed)) throw error;
      await withdrawLinkRequest(ctx.db, hash(token));
      return sendFailed(request, reply, `${request.basePath}/sign-in`);
    }
    setSecurityCookie(reply, PENDING_COOKIE, handle, { production: secure, maxAge: PENDING_MS / 1000 });
    return sentPage();
  }

  function confirmProblem(request: FastifyRequest, reply: FastifyReply, state: string) {
    request.log.info({ reason: `OIDC confirmation link ${state}` }, 'OIDC confirmation refused');
    const { t } = request;
    // An expired confirmation is a sign-in with the provider that timed out: start again there.
    const key = state === 'other_browser' ? 'identity.oidc.other_browser' : state === 'expired' ? 'identity.oidc.expired' : `identity.link.${state}`;
    return reply.code(400).page('identity-link-problem.njk', {
      title: t(`${key}.title`, { provider: settings.providerName }),
      body: t(`${key}.body`, { provider: settings.providerName }),
      signInHref: `${request.basePath}/sign-in`,
    });
  }

  const browserHash = (request: FastifyRequest) => {
    const handle = readSecurityCookie(request, PENDING_COOKIE, secure);
    return handle && HANDLE.test(handle) ? hash(handle) : null;
  };

  app.get('/sign-in/oidc/confirm', page('public'), async (request, reply) => {
    // The address holds a live token: no cache or history keeps the page.
    reply.header('cache-control', 'no-store');
    const token = str((request.query as Record<string, unknown>).token);
    if (!HANDLE.test(token)) return confirmProblem(request, reply, 'unknown');
    const state = await peekLinkRequest(ctx.db, hash(token), browserHash(request), request.council.id, sessionClock.now());
    if (state !== 'ok') return confirmProblem(request, reply, state);
    return reply.page('identity-link-confirm.njk', {
      title: request.t('identity.oidc.confirm.title', { provider: settings.providerName }),
      provider: settings.providerName,
      token,
      formAction: `${request.basePath}/sign-in/oidc/confirm`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post('/sign-in/oidc/confirm', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const token = str(bodyOf(request).token);
    if (!HANDLE.test(token)) return confirmProblem(request, reply, 'unknown');
    const browser = browserHash(request);
    const now = sessionClock.now();
    const taken = browser ? await takeLinkRequest(ctx.db, hash(token), browser, request.council.id, now) : undefined;
    if (!taken) return confirmProblem(request, reply, await peekLinkRequest(ctx.db, hash(token), browser, request.council.id, now));
    setSecurityCookie(reply, PENDING_COOKIE, '', { production: secure, maxAge: 0 });
    const person = await personById(ctx.db, taken.person_id);
    if (!person || person.disabled_at) return refused(request, reply, `person ${taken.person_id} is disabled`, 'disabled');
    const linked = await ctx.db.transaction(async (tx) => {
      await linkLogin(tx, taken.issuer, taken.subject, taken.person_id);
      return personForLogin(tx, taken.issuer, taken.subject);
    });
    // Linked to someone else meanwhile (another confirmation of the same login): not this person's to take.
    if (linked !== taken.person_id) return refused(request, reply, 'the login was linked to another person meanwhile', 'failed');
    await startSession(ctx, request, reply, person.id, { method: 'oidc', oidc: { issuer: taken.issuer, sid: taken.oidc_sid ?? undefined, idToken: taken.oidc_id_token } });
    request.log.info({ person: person.id }, 'OIDC login linked by email confirmation; signed in');
    return reply.redirect(safeReturn(request, taken.return_to), 303);
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
    const url = await oidcClient(ctx, settings).logoutUrl(idToken, `${councilBaseUrl(ctx.config, request)}/signed-out`);
    return url?.href;
  } catch (e) {
    request.log.warn({ reason: (e as Error).message }, 'provider logout skipped');
    return undefined;
  }
}
