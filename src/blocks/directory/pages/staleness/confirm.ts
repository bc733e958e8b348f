import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { newFormId, ONCE_FIELD, submitOnce } from '../../../../platform/http/form-once.js';
import { formatDate } from '../format.js';
import { notFoundPage } from '../common.js';
import { serviceForReport } from '../../sql/feedback.js';
import { UUID } from '../../../../platform/uuid.js';

import type { LinkState } from '../../sql/staleness.js';
import { checkLinkState, confirmStillCorrect } from '../../staleness/confirm.js';

const LIMIT = { bucket: 'still-correct', max: 60, windowSeconds: 15 * 60 };
/** Open to anyone: the token in the link is the credential. A GET never changes anything. */
const LINK_PAGE = { config: { html: true, access: 'public' as const, rateLimit: LIMIT } };
/**
 * The button's POST carries no CSRF token: it needs no cookie and no session, and the only
 * thing that authorises it is the token in the form, which a forging site cannot know. (Not
 * `html: true`, which asks the platform for the session-bound CSRF check; a browser still gets
 * HTML error pages.)
 */
const CONFIRM = { config: { access: 'public' as const, rateLimit: LIMIT } };

const tokenOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * `/still-correct?token=…` (the link in a nudge): which listing, and one button that confirms
 * it is still correct. The POST spends the link; a used, expired or unknown link gets a page
 * that says so and what to do instead.
 */
export function registerStillCorrect(app: FastifyInstance, ctx: PlatformContext, clock: () => Date = () => new Date()): void {
  function problem(request: FastifyRequest, reply: FastifyReply, state: Exclude<LinkState, { state: 'ok' }>) {
    const { t, basePath } = request;
    return reply.code(state.state === 'unknown' ? 404 : 410).page('directory-stale-link-problem.njk', {
      title: t(`directory.staleness.link.${state.state}.title`),
      body: t(`directory.staleness.link.${state.state}.body`, {
        service: 'serviceName' in state ? state.serviceName : '',
        date: state.state === 'used' ? formatDate(t, state.confirmedAt)! : '',
      }),
      signInHref: `${basePath}/sign-in`,
    });
  }

  app.get('/still-correct', LINK_PAGE, async (request, reply) => {
    // The address holds a live token: no cache or history keeps the page.
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const token = tokenOf((request.query as Record<string, unknown>).token);
    const state = await checkLinkState(ctx.db, request.council.id, token, clock());
    if (state.state !== 'ok') return problem(request, reply, state);
    const { t, basePath } = request;
    return reply.page('directory-stale-confirm.njk', {
      title: t('directory.staleness.confirm.title', { service: state.serviceName }),
      serviceName: state.serviceName,
      organisationName: state.organizationName,
      lastChecked: state.lastChecked ? formatDate(t, state.lastChecked) : undefined,
      serviceHref: `${basePath}/services/${state.serviceId}`,
      token,
      onceField: ONCE_FIELD,
      formId: newFormId(),
      formAction: `${basePath}/still-correct`,
      signInHref: `${basePath}/sign-in`,
    });
  });

  app.post('/still-correct', CONFIRM, async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const now = clock();
    // The button pressed twice (a double click): the second lands where the first did, rather
    // than on "this link has already been used". Without the first's answer, it is tried (and
    // finds the link spent, or spends it).
    const done = await submitOnce<Exclude<LinkState, { state: 'ok' }>>(ctx.db, request, body, { answers: tokenOf(body.token) }, async () => {
      const state = await confirmStillCorrect(ctx.db, request, tokenOf(body.token), now);
      // After the POST, a page of its own: a reload does not post again (and find the link spent).
      return state.state === 'ok' ? { answer: `${request.basePath}/still-correct/done?service=${state.serviceId}` } : { failed: state };
    });
    if ('failed' in done) return problem(request, reply, done.failed);
    return reply.redirect(done.answer, 303);
  });

  app.get('/still-correct/done', { config: { html: true, access: 'public' as const } }, async (request, reply) => {
    const { t, basePath } = request;
    const id = (request.query as Record<string, unknown>).service;
    const service = typeof id === 'string' && UUID.test(id) ? await serviceForReport(ctx.db, request.council.id, id.toLowerCase()) : undefined;
    if (!service) return notFoundPage(request, reply);
    return reply.page('directory-stale-confirmed.njk', {
      title: t('directory.staleness.confirmed.title'),
      serviceName: service.name,
      serviceHref: `${basePath}/services/${id}`,
    });
  });
}
