import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../platform/block.js';
import type { RouteAccess } from '../../../platform/http/access.js';
import { page } from './common.js';

/**
 * The staff pages the landing page can offer, in the order shown. Each is listed only when its
 * route exists on this server (its block is on, its page built) and what the route declares in
 * `config.access` allows the person in this council: the landing page never offers a link
 * that would answer 403, and needs no change when a page's rule changes. A new staff page gets
 * a line here and its title and description in the `identity.admin.<key>` messages.
 */
const ENTRIES = [
  { key: 'people', path: '/admin/people' },
  { key: 'invitations', path: '/admin/invitations' },
  { key: 'audit', path: '/admin/audit' },
  { key: 'partners', path: '/admin/partners' },
  { key: 'council', path: '/admin/council' },
  { key: 'site', path: '/admin/site' },
  { key: 'feedback', path: '/admin/feedback' },
] as const;

export interface AdminEntry {
  key: string;
  href: string;
  title: string;
  description: string;
}

/**
 * Whether a route's declaration lets this person in. Only action rules count: a page open to
 * anyone signed in is not a staff page, and a scoped rule (an organisation's own page) needs
 * the organisation from the address, so it cannot be offered from here.
 */
function lets(request: FastifyRequest, access: RouteAccess | undefined): boolean {
  return typeof access === 'object' && 'action' in access && !access.scope && request.may(access.action);
}

const OWN_PAGES: AdminPage[] = ENTRIES.map((e) => ({ key: e.key, path: e.path, titleKey: `identity.admin.${e.key}.title`, descriptionKey: `identity.admin.${e.key}.description` }));

/** Whether this person may open this staff page here (it exists on this server, and its rule lets them in). */
function offered(request: FastifyRequest, page: AdminPage): boolean {
  const access = request.server.declaredAccess(page.path);
  return access !== undefined && (page.offer ? page.offer(request) : lets(request, access));
}

/** Whether this person may open any staff page here (the header's "Admin" link, on every page: stops at the first). */
export function hasAdminEntry(request: FastifyRequest): boolean {
  return OWN_PAGES.some((page) => offered(request, page)) || request.server.adminPages.some((page) => offered(request, page));
}

/** The staff pages this person may open in this council (none for someone with no staff role): identity's own, then other blocks' (`Block.adminPages`). */
export function adminEntries(request: FastifyRequest): AdminEntry[] {
  const { t } = request;
  return [...OWN_PAGES, ...request.server.adminPages]
    .filter((page) => offered(request, page))
    .map((e) => ({
      key: e.key,
      href: `${request.basePath}${e.path}`,
      title: t(e.titleKey),
      description: t(e.descriptionKey, { council: request.council.name }),
    }));
}

/** `/admin`: what the signed-in person may do here, as a list of links (the GOV.UK pattern). */
export function registerAdminHome(app: FastifyInstance, _ctx: PlatformContext): void {
  app.get('/admin', page({ signedIn: true }), async (request, reply) => {
    const { t } = request;
    const entries = adminEntries(request);
    reply.header('cache-control', 'no-store');
    if (!entries.length) {
      const person = request.principal?.kind === 'person' ? request.principal : undefined;
      // Someone with a role here that no staff page serves yet is told so, not that they have none.
      const roles = [...new Set((person?.grants ?? []).filter((g) => g.councilId === request.council.id && g.role !== 'resident').map((g) => t(`identity.role.${g.role}`)))];
      return reply.code(403).page('identity-admin-none.njk', {
        title: t('identity.admin.none.title'),
        body: roles.length
          ? t('identity.admin.none.body_roles', { email: person?.email ?? '', council: request.council.name, roles: roles.join(', ') })
          : t('identity.admin.none.body', { email: person?.email ?? '', council: request.council.name }),
        accountHref: `${request.basePath}/account`,
        homeHref: request.basePath || '/',
      });
    }
    return reply.page('identity-admin.njk', { title: t('identity.admin.title'), entries });
  });
}
