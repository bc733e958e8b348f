import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { CSRF_FIELD, csrfToken } from '../../../platform/web/csrf.js';
import { councilBaseUrl } from '../../../platform/http/public-origin.js';
import { getFullServices } from '../sql/oruk-read.js';
import { HTML, displayUrl, escapeHtml, safeReturnPath } from './common.js';
import { MAX_LIST, isUuid, parseIds } from './my-list-cookie.js';
import { removeId, saveId, saveIds, savedIds } from './my-list-store.js';
import { serviceView, type OrukServiceLike } from './service-view.js';

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

/**
 * "My list": services a person saved, kept in their browser (or, signed in, where
 * `my-list-store.ts` says), printable, and shareable as a
 * link (`/my-list?ids=...`) that shows the same list to anyone.
 */
export function registerMyList(app: FastifyInstance, ctx: PlatformContext): void {
  // Forms: the platform checks every page's POST for the CSRF token.
  const protect = HTML;

  app.get('/my-list', HTML, async (request, reply) => {
    const { t, locale, basePath } = request;
    const query = request.query as Record<string, unknown>;
    const sharedRaw = typeof query.ids === 'string' ? query.ids : Array.isArray(query.ids) ? query.ids.join(',') : undefined;
    const shared = sharedRaw !== undefined;
    const { ids, dropped } = shared ? parseIds(sharedRaw, /[,\s]+/) : { ids: await savedIds(ctx, request, reply), dropped: 0 };

    const found = new Map(
      ((await getFullServices(ctx.db, request.council.id, ids)) as unknown as OrukServiceLike[]).map((s) => [s.id, s]),
    );
    const services = [];
    for (const id of ids) {
      const service = found.get(id);
      if (!service) continue;
      const view = serviceView(service, t, locale);
      const place = view.locations.find((l) => l.addressLines.length);
      services.push({
        ...view,
        hours: view.hours.length ? view.hours : (place?.hours ?? []),
        address: place ? place.addressLines.join(', ') : undefined,
        websiteText: view.website ? displayUrl(view.website) : undefined,
        nameHtml: escapeHtml(view.name),
      });
    }
    const sharePath = `${basePath}/my-list?ids=${services.map((s) => s.id).join(',')}`;
    return reply.page('directory-my-list.njk', {
      title: shared ? t('directory.my_list.shared_heading') : t('directory.my_list.heading'),
      services,
      shared,
      sharedIds: ids.join(','),
      missing: ids.length - services.length + dropped,
      full: query.full === '1',
      maxList: MAX_LIST,
      shareHref: sharePath,
      shareUrl: `${councilBaseUrl(ctx.config, request)}${sharePath.slice(basePath.length)}`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply, { secure: ctx.config.production }),
    });
  });

  app.post('/my-list/add', protect, async (request, reply) => {
    const { basePath } = request;
    const body = bodyOf(request);
    const back = safeReturnPath(basePath, body.return_to, `${basePath}/my-list`);
    const id = typeof body.service_id === 'string' ? body.service_id.toLowerCase() : '';
    if (!isUuid(id)) return reply.code(400).page('error.njk', { title: request.t('error.bad_request_title'), body: request.t('directory.my_list.bad_id') });
    if (!(await saveId(ctx, request, reply, id))) return reply.redirect(`${basePath}/my-list?full=1`, 303);
    return reply.redirect(back, 303);
  });

  app.post('/my-list/remove', protect, async (request, reply) => {
    const { basePath } = request;
    const body = bodyOf(request);
    const back = safeReturnPath(basePath, body.return_to, `${basePath}/my-list`);
    const id = typeof body.service_id === 'string' ? body.service_id.toLowerCase() : '';
    await removeId(ctx, request, reply, id);
    return reply.redirect(back, 303);
  });

  // Keep a list someone shared: added to any list this browser already has.
  app.post('/my-list/save', protect, async (request, reply) => {
    const { basePath } = request;
    const body = bodyOf(request);
    const incoming = parseIds(typeof body.ids === 'string' ? body.ids : '', /[,\s]+/).ids;
    const full = await saveIds(ctx, request, reply, incoming);
    return reply.redirect(`${basePath}/my-list${full ? '?full=1' : ''}`, 303);
  });
}
