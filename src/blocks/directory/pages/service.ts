import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { CSRF_FIELD, csrfToken } from '../../../platform/web/csrf.js';
import { getFullService } from '../sql/oruk-read.js';
import { HTML, currentPath, displayUrl, notFoundPage } from './common.js';
import { joinList } from './format.js';
import { isUuid, readList } from './my-list-cookie.js';
import { serviceView, type OrukServiceLike } from './service-view.js';

/** One service, in full: what, who for, cost, when, where, how to get in touch, who runs it. */
export function registerService(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/services/:id', HTML, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) return notFoundPage(request, reply);
    const service = (await getFullService(ctx.db, request.council.id, id.toLowerCase())) as unknown as OrukServiceLike | undefined;
    if (!service) return notFoundPage(request, reply);
    const { t, locale } = request;
    const view = serviceView(service, t, locale);
    return reply.page('directory-service.njk', {
      title: view.name,
      s: { ...view, websiteText: view.website ? displayUrl(view.website) : undefined, languagesText: joinList(t, view.languages) },
      saved: readList(request).includes(view.id),
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
      returnTo: currentPath(request),
    });
  });
}
