import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import type { RouteAccess } from '../../../../platform/http/access.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import type { Locale } from '../../../../platform/web/i18n.js';
import { auditActor, recordAudit } from '../../../identity/index.js';
import { pullFeed } from '../../federation/pull.js';
import { addFeed, pauseFeed, removeFeed, splitMatchedService, MAX_FEED_NAME, MAX_FEED_URL } from '../../federation/subscriptions.js';
import { getFeed, listFeeds, listMatches, makeFeedDue, type FeedRow, type MatchRow } from '../../sql/feeds.js';
import { notFoundPage } from '../common.js';
import { UUID } from '../../../../platform/uuid.js';

/**
 * `/admin/directory/feeds`: a directory manager's subscriptions to other directories' ORUK 3.0
 * feeds. Add one (the address is checked at once and refused in words when it is not ORUK 3.0),
 * see each feed's state (last successful pull, services held, the last error in words, the next
 * retry, services skipped), pull now, pause, remove (after a question, with the services it
 * brought), and the listings shown once because they are the same service, each of which can be
 * split. Every action works without JavaScript (forms posting back) and is audited.
 */

export const FEEDS_ACCESS: RouteAccess = { action: 'directory.manage' };
export const FEEDS_PATH = '/admin/directory/feeds';
const PAGE = { config: { html: true, access: FEEDS_ACCESS } };
const MATCHES_PER_PAGE = 20;

export const feedsAdminPage: AdminPage = {
  key: 'directory-feeds',
  path: FEEDS_PATH,
  titleKey: 'directory.feeds.admin_title',
  descriptionKey: 'directory.feeds.admin_description',
};

const when = (date: Date | null, locale: Locale) =>
  date
    ? new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(date))
    : undefined;

/** Pulls started from the page, by feed: one at a time, and never awaited by the request. */
const started = new Map<string, Promise<unknown>>();

export function registerFeedsAdmin(app: FastifyInstance, ctx: PlatformContext): void {
  const secure = ctx.config.production;
  const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const feedOf = async (request: FastifyRequest) => {
    const { id } = request.params as { id?: string };
    return id && UUID.test(id) ? getFeed(ctx.db, request.council.id, id) : undefined;
  };

  function describe(feed: FeedRow, request: FastifyRequest) {
    const { t, locale, basePath } = request;
    const state = feed.paused
      ? { tag: 'grey', text: t('directory.feeds.state.paused') }
      : feed.pulling_since
        ? { tag: 'blue', text: t('directory.feeds.state.pulling') }
        : feed.last_error
          ? { tag: 'red', text: t('directory.feeds.state.failing', { count: feed.consecutive_failures }) }
          : feed.last_success_at
            ? { tag: 'green', text: t('directory.feeds.state.ok') }
            : { tag: 'yellow', text: t('directory.feeds.state.new') };
    return {
      id: feed.id,
      name: feed.name,
      url: feed.url,
      state,
      lastSuccess: when(feed.last_success_at, locale) ?? t('directory.feeds.never'),
      held: String(feed.services_held),
      lastError: feed.last_error,
      nextRetry: feed.paused ? t('directory.feeds.next.paused') : feed.last_error ? when(feed.next_attempt_at, locale) : t('directory.feeds.next.scheduled'),
      skipped: feed.last_skipped.slice(0, 10),
      skippedCount: feed.last_skipped.length,
      paused: feed.paused,
      pullAction: `${basePath}${FEEDS_PATH}/${feed.id}/pull`,
      pauseAction: `${basePath}${FEEDS_PATH}/${feed.id}/pause`,
      removeHref: `${basePath}${FEEDS_PATH}/${feed.id}/remove`,
    };
  }

  function describeMatch(m: MatchRow, request: FastifyRequest) {
    const { t, basePath } = request;
    const e = m.evidence as { serviceSimilarity?: number; organisationSimilarity?: number; samePostcode?: boolean; distanceM?: number; samePhone?: boolean; sameWebsite?: boolean };
    const why = [
      t('directory.feeds.matches.names', { service: Math.round((e.serviceSimilarity ?? 0) * 100), organisation: Math.round((e.organisationSimilarity ?? 0) * 100) }),
      ...(e.samePostcode ? [t('directory.feeds.matches.same_postcode')] : e.distanceM !== undefined ? [t('directory.feeds.matches.distance', { metres: e.distanceM })] : []),
      ...(e.samePhone ? [t('directory.feeds.matches.same_phone')] : []),
      ...(e.sameWebsite ? [t('directory.feeds.matches.same_website')] : []),
    ].join('; ');
    return {
      hidden: m.service_name,
      hiddenSource: m.source_name ?? t('directory.feeds.matches.own'),
      kept: m.kept_name,
      keptHref: `${basePath}/services/${m.kept_service_id}`,
      keptSource: m.kept_source_name ?? t('directory.feeds.matches.own'),
      why,
      splitAction: `${basePath}${FEEDS_PATH}/matches/${m.service_id}/split`,
    };
  }

  async function renderList(request: FastifyRequest, reply: FastifyReply, form: { url: string; name: string } = { url: '', name: '' }, errors: Record<string, string> = {}) {
    const { t, basePath } = request;
    const query = request.query as Record<string, unknown>;
    const page = Math.min(Math.max(Number.parseInt(text(query.page), 10) || 1, 1), 10_000);
    const [feeds, matches] = await Promise.all([listFeeds(ctx.db, request.council.id), listMatches(ctx.db, request.council.id, MATCHES_PER_PAGE, (page - 1) * MATCHES_PER_PAGE)]);
    const pages = Math.max(1, Math.ceil(matches.total / MATCHES_PER_PAGE));
    const done = typeof query.done === 'string' && /^[a-z_]{1,20}$/.test(query.done) ? query.done : undefined;
    const doneName = typeof query.name === 'string' ? query.name.slice(0, MAX_FEED_NAME) : '';
    reply.header('cache-control', 'no-store');
    return reply.page('directory-feeds.njk', {
      title: t('directory.feeds.title'),
      banner: done && ['added', 'pulling', 'paused', 'resumed', 'removed', 'split'].includes(done) ? t(`directory.feeds.done.${done}`, { name: doneName }) : undefined,
      feeds: feeds.map((f) => describe(f, request)),
      matches: matches.rows.map((m) => describeMatch(m, request)),
      matchesTotal: matches.total,
      previousHref: page > 1 ? `${basePath}${FEEDS_PATH}?page=${page - 1}#matches` : undefined,
      nextHref: page < pages ? `${basePath}${FEEDS_PATH}?page=${page + 1}#matches` : undefined,
      pageOf: pages > 1 ? t('directory.feeds.matches.page_of', { page, pages }) : undefined,
      form,
      maxUrl: MAX_FEED_URL,
      errors: Object.entries(errors).map(([id, message]) => ({ text: message, href: `#${id}` })),
      fieldErrors: errors,
      addAction: `${basePath}${FEEDS_PATH}`,
      backHref: `${basePath}/admin`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  }

  const done = (request: FastifyRequest, reply: FastifyReply, what: string, name = '') =>
    reply.redirect(`${request.basePath}${FEEDS_PATH}?done=${what}${name ? `&name=${encodeURIComponent(name)}` : ''}`, 303);

  app.get(FEEDS_PATH, PAGE, (request, reply) => renderList(request, reply));

  app.post(FEEDS_PATH, PAGE, async (request, reply) => {
    const b = body(request);
    const form = { url: text(b.url).slice(0, MAX_FEED_URL * 2), name: text(b.name).slice(0, MAX_FEED_NAME * 2) };
    const { t } = request;
    if (!form.url.trim()) return renderList(request, reply.code(400), form, { url: t('directory.feeds.error.url_missing') });
    const result = await addFeed(ctx.db, request.council.id, form, auditActor(request));
    if ('problems' in result) {
      const errors: Record<string, string> = {};
      for (const p of result.problems) errors[p.field] = t('directory.feeds.error.problem', { reason: p.reason });
      return renderList(request, reply.code(400), form, errors);
    }
    return done(request, reply, 'added', result.feed.name);
  });

  app.post(`${FEEDS_PATH}/:id/pull`, PAGE, async (request, reply) => {
    const feed = await feedOf(request);
    if (!feed) return notFoundPage(request, reply);
    await recordAudit(ctx.db, { ...auditActor(request), action: 'directory.feed.pull_requested', target: feed.name, detail: { feedId: feed.id } });
    if (!started.has(feed.id)) {
      await makeFeedDue(ctx.db, feed.council_id, feed.id);
      // The pull runs on after the answer: a large feed takes minutes. Its outcome is the feed's state.
      const run = pullFeed(ctx.db, feed, { full: false })
        .catch((error: unknown) => ctx.log.error({ err: error, feedId: feed.id }, 'feed pull failed'))
        .finally(() => started.delete(feed.id));
      started.set(feed.id, run);
    }
    return done(request, reply, 'pulling', feed.name);
  });

  app.post(`${FEEDS_PATH}/:id/pause`, PAGE, async (request, reply) => {
    const feed = await feedOf(request);
    if (!feed) return notFoundPage(request, reply);
    const paused = text(body(request).paused) === 'true';
    await pauseFeed(ctx.db, request.council.id, feed.id, paused, auditActor(request));
    return done(request, reply, paused ? 'paused' : 'resumed', feed.name);
  });

  app.get(`${FEEDS_PATH}/:id/remove`, PAGE, async (request, reply) => {
    const feed = await feedOf(request);
    if (!feed) return notFoundPage(request, reply);
    const { t, basePath } = request;
    reply.header('cache-control', 'no-store');
    return reply.page('directory-feeds-remove.njk', {
      title: t('directory.feeds.remove.title', { name: feed.name }),
      feed: { name: feed.name, url: feed.url, held: feed.services_held },
      action: `${basePath}${FEEDS_PATH}/${feed.id}/remove`,
      backHref: `${basePath}${FEEDS_PATH}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure }),
    });
  });

  app.post(`${FEEDS_PATH}/:id/remove`, PAGE, async (request, reply) => {
    const feed = await feedOf(request);
    if (!feed) return notFoundPage(request, reply);
    await removeFeed(ctx.db, request.council.id, feed.id, auditActor(request));
    return done(request, reply, 'removed', feed.name);
  });

  app.post(`${FEEDS_PATH}/matches/:serviceId/split`, PAGE, async (request, reply) => {
    const { serviceId } = request.params as { serviceId?: string };
    if (!serviceId || !UUID.test(serviceId)) return notFoundPage(request, reply);
    if (!(await splitMatchedService(ctx.db, request.council.id, serviceId, auditActor(request)))) return notFoundPage(request, reply);
    return done(request, reply, 'split');
  });
}
