import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../platform/http/form-once.js';
import { councilBaseUrl } from '../../../platform/http/public-origin.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { csrfToken } from '../../../platform/web/csrf.js';
import { ensurePerson, personByEmail } from '../sql/people.js';
import { consumeEmailLink, insertEmailLink, peekEmailLink, withdrawEmailLink } from '../sql/sessions.js';
import { canonicalEmail } from '../email.js';
import { endSession, sessionClock, startSession } from '../sessions/service.js';
import { providerLogoutUrl } from '../oidc/routes.js';
import { readOidcSettings } from '../oidc/settings.js';
import { bodyOf, CSRF_FIELD, MAX_EMAIL, page, safeReturn, sendFailed, SIGN_IN_LIMIT, str, underAddressLimit } from './common.js';

/** One-time sign-in links: single use, 15 minutes. */
export const LINK_LIFETIME_MS = 15 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
/**
 * Sign-in by email link, for residents, community editors and staff of councils without an
 * OIDC provider. The answer to "send me a link" is the same whether or not the address is
 * known, so nobody can find out who has an account. The link opens a page with a button:
 * signing in takes a POST, so mail scanners that follow links do not use it up.
 */
export function registerSignIn(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const oidcName = readOidcSettings(ctx.config.env)?.providerName;

  function form(request: FastifyRequest, reply: FastifyReply, values: { email: string; returnTo: string }, error?: string) {
    const { t } = request;
    return reply.page('identity-sign-in.njk', {
      title: t('identity.sign_in.title'),
      errors: error ? [{ text: error, href: '#email' }] : [],
      error,
      values,
      oidcName,
      oidcHref: `${request.basePath}/sign-in/oidc?return=${encodeURIComponent(values.returnTo)}`,
      formAction: `${request.basePath}/sign-in`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
      onceField: ONCE_FIELD,
      formId: newFormId(),
    });
  }

  app.get('/sign-in', page('public'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return form(request, reply, { email: '', returnTo: safeReturn(request, query.return) });
  });

  app.post('/sign-in', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const body = bodyOf(request);
    const typed = str(body.email).trim();
    const returnTo = safeReturn(request, body.return);
    const { t } = request;
    if (!typed) return form(request, reply.code(400), { email: typed, returnTo }, t('identity.sign_in.error.email_missing'));
    const email = typed.length <= MAX_EMAIL ? canonicalEmail(typed) : undefined;
    if (!email) return form(request, reply.code(400), { email: typed, returnTo }, t('identity.sign_in.error.email_invalid'));
    // The form sent twice (a double click) would email two links and count twice against the
    // address's limit: the second goes where the first went. One whose first has no answer yet
    // after a few seconds (or another's) is handled as a form without an id.
    // The one answer to "send me a link", whatever happened (sent, unknown, disabled, over the limit).
    const checkEmailPath = `${request.basePath}/sign-in/check-email`;
    const done = await submitOnce<'not_sent'>(ctx.db, request, body, { answers: [email, returnTo] }, async () => {
      // Over the per-address limit, send nothing and say the same as always: a refusal would tell
      // whoever flooded the address that it worked, and lock its owner out. Links sent before keep working.
      if (!(await underAddressLimit(ctx, email))) {
        request.log.warn({ reason: 'per-address limit' }, 'sign-in link not sent');
        return { answer: checkEmailPath };
      }
      const person = await personByEmail(ctx.db, email);
      if (person?.disabled_at) {
        request.log.warn({ person: person.id }, 'sign-in link not sent: account disabled');
        return { answer: checkEmailPath };
      }
      // To the address Hearth has for the person (or, for someone new, the canonical address the
      // person created by the link will have): never to a look-alike of it the form was given.
      const to = person?.email ?? email;
      const token = randomBytes(32).toString('base64url');
      const tokenHash = hashToken(token);
      const now = sessionClock.now();
      await insertEmailLink(ctx.db, {
        tokenHash,
        councilId: request.council.id,
        email: to,
        returnTo,
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
      });
      // From configuration only, never the Host header: a link built from a forged host mails the token to its sender.
      const link = `${councilBaseUrl(ctx.config, request)}/sign-in/link?token=${token}`;
      try {
        await ctx.notifications.send({
          councilId: request.council.id,
          template: 'sign-in-link',
          to: { email: to },
          personalisation: { council: request.council.name, link, minutes: '15' },
          reference: 'sign-in',
        });
      } catch (error) {
        if (!(error instanceof NotificationFailed)) throw error;
        // A link nobody received must not stay usable (it may be sitting in a provider's logs).
        await withdrawEmailLink(ctx.db, tokenHash);
        return { failed: 'not_sent' };
      }
      return { answer: checkEmailPath };
    });
    // Nothing sent: the form sent again is a first submission, not a repeat of this one.
    if ('failed' in done) return sendFailed(request, reply, `${request.basePath}/sign-in`);
    return reply.redirect(done.answer, 303);
  });

  app.get('/sign-in/check-email', page('public'), async (request, reply) =>
    reply.page('identity-check-email.njk', { title: request.t('identity.check_email.title'), signInHref: `${request.basePath}/sign-in` }),
  );

  function linkProblem(request: FastifyRequest, reply: FastifyReply, state: string) {
    request.log.info({ reason: `sign-in link ${state}` }, 'sign-in link refused');
    const { t } = request;
    return reply.code(400).page('identity-link-problem.njk', {
      title: t(`identity.link.${state}.title`),
      body: t(`identity.link.${state}.body`),
      signInHref: `${request.basePath}/sign-in`,
    });
  }

  app.get('/sign-in/link', page('public'), async (request, reply) => {
    // The address holds a live token: no cache or history keeps the page.
    reply.header('cache-control', 'no-store');
    const token = str((request.query as Record<string, unknown>).token);
    if (!TOKEN.test(token)) return linkProblem(request, reply, 'unknown');
    const state = await peekEmailLink(ctx.db, hashToken(token), request.council.id, sessionClock.now());
    if (state !== 'ok') return linkProblem(request, reply, state === 'other_council' ? 'unknown' : state);
    return reply.page('identity-link.njk', {
      title: request.t('identity.link.title'),
      token,
      formAction: `${request.basePath}/sign-in/link`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post('/sign-in/link', page('public', SIGN_IN_LIMIT), async (request, reply) => {
    const token = str(bodyOf(request).token);
    if (!TOKEN.test(token)) return linkProblem(request, reply, 'unknown');
    const used = await consumeEmailLink(ctx.db, hashToken(token), request.council.id, sessionClock.now());
    if (used.state !== 'ok') return linkProblem(request, reply, used.state === 'other_council' ? 'unknown' : used.state);
    const person = await ensurePerson(ctx.db, used.email);
    if (person.disabled_at) {
      request.log.warn({ person: person.id }, 'sign-in refused: account disabled');
      return linkProblem(request, reply, 'disabled');
    }
    await startSession(ctx, request, reply, person.id, { method: 'email' });
    request.log.info({ person: person.id }, 'signed in by email link');
    return reply.redirect(safeReturn(request, used.returnTo), 303);
  });

  app.post('/sign-out', page('public'), async (request, reply) => {
    const ended = await endSession(ctx, request, reply);
    // A session from the provider ends there too (RP-initiated logout with id_token_hint).
    const oidc = readOidcSettings(ctx.config.env);
    const atProvider = ended.oidc && oidc ? await providerLogoutUrl(ctx, oidc, request, ended.oidc.idToken) : undefined;
    return reply.redirect(atProvider ?? `${request.basePath}/signed-out`, 303);
  });

  app.get('/signed-out', page('public'), async (request, reply) =>
    reply.page('identity-signed-out.njk', { title: request.t('identity.signed_out.title'), signInHref: `${request.basePath}/sign-in` }),
  );
}
