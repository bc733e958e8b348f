import { randomUUID } from 'node:crypto';
import { keyRingOf } from '../crypto/key-ring.js';
import { sealSecret } from './secrets.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { RouteAccess } from '../http/access.js';
import { formatWhen } from '../site/html.js';
import { escapeHtml } from '../site/markup.js';
import { CSRF_FIELD, csrfToken } from '../web/csrf.js';
import { claimSubmission, newFormId, ONCE_FIELD, rememberAnswer, releaseSubmission } from '../http/form-once.js';
import { holdShownOnce, takeShownOnce, type ShownOnce } from '../http/shown-once.js';
import type { CookieDeclaration } from '../http/cookie-list.js';
import { readEndpointForm, MAX_DESCRIPTION, type EndpointInputs } from './form.js';
import { newSigningSecret } from './signing.js';
import {
  deleteEndpoint,
  deliveriesOf,
  endpointById,
  endpointsOf,
  insertEndpoint,
  replayDelivery,
  setEndpointPaused,
  setEndpointSecret,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './sql.js';
import { UUID } from '../uuid.js';

/**
 * `/admin/webhooks`: a council admin registers the partner systems told of the council's
 * events, sees each signing secret once (when made and when rotated), pauses, resumes or
 * deletes an endpoint, and follows its deliveries, replaying one that failed (or any other).
 *
 * Registering and making a new secret answer with a redirect to a page that shows the secret
 * once (post/redirect/get, the secret held meanwhile as http/shown-once.ts says): a reload
 * neither registers a second endpoint (which would get every message twice) nor makes another
 * secret, and the forms carry a one-time id so a double click does neither either.
 */

export const WEBHOOKS_ADMIN: RouteAccess = { action: 'webhooks.manage' };
const PAGE = { config: { html: true, access: WEBHOOKS_ADMIN } };
const PAGE_SIZE = 25;

/** The platform cannot write the identity block's audit log: staff changes go to the log, named. */
function logChange(request: FastifyRequest, action: string, endpointId: string, extra: Record<string, unknown> = {}) {
  const p = request.principal;
  request.log.info(
    { audit: action, council: request.council.slug, person: p?.kind === 'person' ? p.personId : undefined, email: p?.kind === 'person' ? p.email : undefined, endpoint: endpointId, ...extra },
    'webhook endpoint changed',
  );
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).page('error.njk', { title: request.t('error.not_found_title'), body: request.t('error.not_found_body') });
}

/** A delivery's state in words: delivered, retrying (failed at least once, will try again), waiting, or failed (dead-lettered). */
function deliveryState(d: WebhookDelivery): 'delivered' | 'retrying' | 'waiting' | 'failed' {
  if (d.status === 'delivered') return 'delivered';
  if (d.status === 'failed') return 'failed';
  return d.attempts > 0 && d.lastAttemptAt ? 'retrying' : 'waiting';
}

const TAG: Record<ReturnType<typeof deliveryState>, string> = { delivered: 'govuk-tag--green', retrying: 'govuk-tag--yellow', waiting: 'govuk-tag--grey', failed: 'govuk-tag--red' };

/** Carries a new signing secret from the form that makes it to the page that shows it once (http/shown-once.ts). */
export const WEBHOOK_SECRET_COOKIE = 'hearth_webhook_secret';

/** The cookies these pages set, for the cookies page (`Block.cookies` of the pages' block-shaped object). */
export const WEBHOOK_COOKIES: CookieDeclaration[] = [
  { name: WEBHOOK_SECRET_COOKIE, purposeKey: 'cookies.hearth_webhook_secret.purpose', expiryKey: 'cookies.hearth_webhook_secret.expiry', essential: true },
];

export function registerWebhookPages(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const form = (request: FastifyRequest, reply: FastifyReply) => ({ csrfField: CSRF_FIELD, csrfToken: csrfToken(request, reply, { secure }), onceField: ONCE_FIELD, formId: newFormId() });
  const shownOnce: ShownOnce = { cookie: WEBHOOK_SECRET_COOKIE, purpose: 'webhook signing secret, shown once', secure };
  const secretPage = (request: FastifyRequest, id: string, rotated: boolean) => `${request.basePath}/admin/webhooks/${id}/${rotated ? 'new-secret' : 'added'}`;

  /** The endpoint named in the path, of this council (another council's id is not found). */
  async function endpointOf(request: FastifyRequest): Promise<WebhookEndpoint | undefined> {
    const { id } = request.params as { id?: string };
    return id && UUID.test(id) ? endpointById(ctx.db, request.council.id, id) : undefined;
  }

  app.get('/admin/webhooks', PAGE, async (request, reply) => {
    const { t, basePath, locale } = request;
    const endpoints = await endpointsOf(ctx.db, request.council.id);
    const deleted = (request.query as Record<string, unknown>).deleted === '1';
    reply.header('cache-control', 'no-store');
    return reply.page('webhooks-list.njk', {
      title: t('webhooks.list.title'),
      banner: deleted ? t('webhooks.list.deleted') : undefined,
      addHref: `${basePath}/admin/webhooks/new`,
      endpoints: endpoints.map((e) => ({
        url: e.url,
        description: e.description,
        eventTypes: e.eventTypes.join(', '),
        state: t(e.paused ? 'webhooks.state.paused' : 'webhooks.state.active'),
        stateClass: e.paused ? 'govuk-tag--grey' : 'govuk-tag--green',
        counts: t('webhooks.list.counts', { pending: e.pending, failed: e.failed }),
        created: formatWhen(e.createdAt, locale),
        href: `${basePath}/admin/webhooks/${e.id}`,
      })),
    });
  });

  function renderForm(request: FastifyRequest, reply: FastifyReply, inputs: EndpointInputs, errors: Record<string, string> = {}) {
    const { t, basePath } = request;
    reply.header('cache-control', 'no-store');
    return reply.page('webhooks-form.njk', {
      title: t('webhooks.form.title'),
      errors: Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` })),
      fieldErrors: errors,
      inputs,
      maxDescription: MAX_DESCRIPTION,
      publishedEvents: ctx.events.published.list().join(', '),
      formAction: `${basePath}/admin/webhooks`,
      backHref: `${basePath}/admin/webhooks`,
      ...form(request, reply),
    });
  }

  app.get('/admin/webhooks/new', PAGE, async (request, reply) => renderForm(request, reply, { url: '', description: '', eventTypes: 'directory.service.*' }));

  /**
   * After adding an endpoint, or making it a new secret: the secret, the one time this session
   * asks. Without it (a reload, another browser, too late) the page says it was shown once.
   */
  for (const rotated of [false, true]) {
    app.get(`/admin/webhooks/:id/${rotated ? 'new-secret' : 'added'}`, PAGE, async (request, reply) => {
      const endpoint = await endpointOf(request);
      if (!endpoint) return notFound(request, reply);
      const held = takeShownOnce(request, reply, shownOnce, endpoint.id);
      const { t, basePath } = request;
      // Never kept by a browser or a proxy.
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return reply.page('webhooks-secret.njk', {
        title: t(!held ? 'webhooks.secret.gone_title' : rotated ? 'webhooks.secret.rotated_title' : 'webhooks.secret.title'),
        url: endpoint.url,
        secret: held?.secret,
        endpointHref: `${basePath}/admin/webhooks/${endpoint.id}`,
      });
    });
  }

  app.post('/admin/webhooks', PAGE, async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    // The same form sent twice (a double click, a resend) would add two endpoints: every message twice.
    const claim = await claimSubmission(ctx.db, request, body);
    if (!claim.first) return reply.redirect(claim.answer ?? `${request.basePath}/admin/webhooks`, 303);
    const read = readEndpointForm(request.t, body, ctx.events.published);
    if (!read.form) {
      await releaseSubmission(ctx.db, claim.formId);
      return renderForm(request, reply.code(400), read.inputs, read.errors);
    }
    const secret = newSigningSecret();
    const p = request.principal;
    const id = randomUUID();
    const endpoint = await insertEndpoint(ctx.db, { id, councilId: request.council.id, ...read.form, secret: sealSecret(keyRingOf(ctx.db), id, secret), createdBy: p?.kind === 'person' ? p.email : null });
    logChange(request, 'webhooks.endpoint.created', endpoint.id, { url: endpoint.url, eventTypes: endpoint.eventTypes });
    holdShownOnce(request, reply, shownOnce, endpoint.id, { secret, rotated: false });
    const answer = secretPage(request, endpoint.id, false);
    await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });

  app.get('/admin/webhooks/:id', PAGE, async (request, reply) => {
    const endpoint = await endpointOf(request);
    if (!endpoint) return notFound(request, reply);
    const { t, basePath, locale } = request;
    const query = request.query as Record<string, unknown>;
    const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(String(query.page ?? '1'), 10) || 1));
    const { deliveries, total } = await deliveriesOf(ctx.db, endpoint.id, { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const base = `${basePath}/admin/webhooks/${endpoint.id}`;
    const done = typeof query.done === 'string' && ['paused', 'resumed', 'replayed'].includes(query.done) ? t(`webhooks.endpoint.done.${query.done}`) : undefined;
    reply.header('cache-control', 'no-store');
    return reply.page('webhooks-endpoint.njk', {
      title: t('webhooks.endpoint.title'),
      banner: done,
      endpoint: {
        url: endpoint.url,
        description: endpoint.description,
        eventTypes: endpoint.eventTypes,
        state: t(endpoint.paused ? 'webhooks.state.paused' : 'webhooks.state.active'),
        paused: endpoint.paused,
        created: formatWhen(endpoint.createdAt, locale),
        createdBy: endpoint.createdBy ?? '',
        rotated: endpoint.secretRotatedAt ? formatWhen(endpoint.secretRotatedAt, locale) : '',
      },
      deliveries: deliveries.map((d) => {
        const state = deliveryState(d);
        const row = (key: string, value: string | number, classes?: string) => ({ key: { text: t(`webhooks.deliveries.${key}`) }, value: { text: String(value), classes } });
        return {
          eventType: d.eventType,
          created: formatWhen(d.createdAt, locale),
          rows: [
            { key: { text: t('webhooks.deliveries.status') }, value: { html: `<strong class="govuk-tag ${TAG[state]}">${escapeHtml(t(`webhooks.delivery.${state}`))}</strong>` } },
            row('created', formatWhen(d.createdAt, locale)),
            row('attempts', d.attempts),
            ...(d.lastStatus ? [row('response', d.lastStatus)] : d.lastError ? [row('response', t('webhooks.delivery.no_answer'))] : []),
            ...(d.status === 'pending' ? [row('next', formatWhen(d.nextAttemptAt, locale))] : []),
            ...(d.lastError ? [row('error', d.lastError, 'govuk-!-text-break-word')] : []),
          ],
          replayAction: d.status === 'pending' ? undefined : `${base}/deliveries/${d.id}/replay`,
        };
      }),
      total,
      pageNumber,
      pages,
      pagination:
        pages > 1
          ? {
              previous: pageNumber > 1 ? { href: `${base}?page=${pageNumber - 1}` } : undefined,
              next: pageNumber < pages ? { href: `${base}?page=${pageNumber + 1}` } : undefined,
            }
          : undefined,
      pauseAction: `${base}/${endpoint.paused ? 'resume' : 'pause'}`,
      rotateAction: `${base}/rotate`,
      deleteHref: `${base}/delete`,
      backHref: `${basePath}/admin/webhooks`,
      ...form(request, reply),
    });
  });

  for (const [path, paused] of [['pause', true], ['resume', false]] as const) {
    app.post(`/admin/webhooks/:id/${path}`, PAGE, async (request, reply) => {
      const endpoint = await endpointOf(request);
      if (!endpoint) return notFound(request, reply);
      await setEndpointPaused(ctx.db, request.council.id, endpoint.id, paused);
      logChange(request, paused ? 'webhooks.endpoint.paused' : 'webhooks.endpoint.resumed', endpoint.id);
      return reply.redirect(`${request.basePath}/admin/webhooks/${endpoint.id}?done=${paused ? 'paused' : 'resumed'}`, 303);
    });
  }

  app.post('/admin/webhooks/:id/rotate', PAGE, async (request, reply) => {
    const endpoint = await endpointOf(request);
    if (!endpoint) return notFound(request, reply);
    // Sent twice, the second secret would replace the first one shown.
    const claim = await claimSubmission(ctx.db, request, (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>);
    if (!claim.first) return reply.redirect(claim.answer ?? `${request.basePath}/admin/webhooks/${endpoint.id}`, 303);
    const secret = newSigningSecret();
    await setEndpointSecret(ctx.db, request.council.id, endpoint.id, sealSecret(keyRingOf(ctx.db), endpoint.id, secret));
    logChange(request, 'webhooks.endpoint.secret_rotated', endpoint.id);
    holdShownOnce(request, reply, shownOnce, endpoint.id, { secret, rotated: true });
    const answer = secretPage(request, endpoint.id, true);
    await rememberAnswer(ctx.db, claim.formId, answer);
    return reply.redirect(answer, 303);
  });

  app.get('/admin/webhooks/:id/delete', PAGE, async (request, reply) => {
    const endpoint = await endpointOf(request);
    if (!endpoint) return notFound(request, reply);
    const { t, basePath } = request;
    reply.header('cache-control', 'no-store');
    return reply.page('webhooks-delete.njk', {
      title: t('webhooks.delete.title'),
      url: endpoint.url,
      formAction: `${basePath}/admin/webhooks/${endpoint.id}/delete`,
      backHref: `${basePath}/admin/webhooks/${endpoint.id}`,
      ...form(request, reply),
    });
  });

  app.post('/admin/webhooks/:id/delete', PAGE, async (request, reply) => {
    const endpoint = await endpointOf(request);
    if (!endpoint) return notFound(request, reply);
    await deleteEndpoint(ctx.db, request.council.id, endpoint.id);
    logChange(request, 'webhooks.endpoint.deleted', endpoint.id, { url: endpoint.url });
    return reply.redirect(`${request.basePath}/admin/webhooks?deleted=1`, 303);
  });

  app.post('/admin/webhooks/:id/deliveries/:delivery/replay', PAGE, async (request, reply) => {
    const endpoint = await endpointOf(request);
    const { delivery } = request.params as { delivery?: string };
    if (!endpoint || !delivery || !UUID.test(delivery) || !(await replayDelivery(ctx.db, request.council.id, endpoint.id, delivery))) return notFound(request, reply);
    logChange(request, 'webhooks.delivery.replayed', endpoint.id, { delivery });
    return reply.redirect(`${request.basePath}/admin/webhooks/${endpoint.id}?done=replayed`, 303);
  });
}
