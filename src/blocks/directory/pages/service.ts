import type { FastifyInstance } from 'fastify';
import { serviceSources } from '../federation/sources.js';
import type { PlatformContext } from '../../../platform/block.js';
import { CSRF_FIELD, csrfToken } from '../../../platform/web/csrf.js';
import { getFullService } from '../sql/oruk-read.js';
import { HTML, currentPath, displayUrl, notFoundPage } from './common.js';
import { checkedLongAgo, joinList } from './format.js';
import { stalenessSettings } from '../staleness/settings.js';
import { staleWarning } from '../staleness/flag.js';
import { exitRedirectUrl, isSensitiveSearch, namesSensitiveNeed } from './exit-this-page.js';
import { resultsPathFrom } from './search-links.js';
import { isUuid } from './my-list-cookie.js';
import { savedIds } from './my-list-store.js';
import { lastCheckedOf, serviceTermIds, serviceView, type OrukServiceLike } from './service-view.js';

/** One service, in full: what, who for, cost, when, where, how to get in touch, who runs it. */
export function registerService(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/services/:id', HTML, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) return notFoundPage(request, reply);
    const service = (await getFullService(ctx.db, request.council.id, id.toLowerCase())) as unknown as OrukServiceLike | undefined;
    if (!service) return notFoundPage(request, reply);
    const { t, locale, basePath } = request;
    const now = new Date();
    const view = serviceView(service, t, locale, now);
    // Back to the results the resident came from: only this council's own search page.
    const from = resultsPathFrom(basePath, (request.query as Record<string, unknown>).from);
    const fromSearch = from ? new URL(from, 'http://hearth.invalid').searchParams : undefined;
    const sensitive =
      namesSensitiveNeed(serviceTermIds(service)) || (fromSearch !== undefined && isSensitiveSearch(fromSearch.get('q') ?? undefined, fromSearch.getAll('taxonomy_term')));
    return reply.page('directory-service.njk', {
      title: view.name,
      s: { ...view, websiteText: view.website ? displayUrl(view.website) : undefined, languagesText: joinList(t, view.languages) },
      saved: (await savedIds(ctx, request, reply)).includes(view.id),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
      returnTo: currentPath(request),
      resultsHref: from,
      // Flagged past the council's limit (HEARTH_STALE_FLAG_MONTHS), never hidden.
      stale: checkedLongAgo(lastCheckedOf(service), now, stalenessSettings(ctx.config).flagMonths),
      staleText: staleWarning(t, stalenessSettings(ctx.config).flagMonths),
      exitThisPage: sensitive ? { redirectUrl: exitRedirectUrl() } : undefined,
      // Where a listing from another directory's feed comes from, and other directories listing it too.
      sources: (await serviceSources(ctx.db, request.council.id, [view.id])).get(view.id) ?? [],
    });
  });
}
