import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { countPendingChanges } from '../../sql/changes.js';
import { pendingListingRequests } from '../../sql/listing-requests.js';
import { MANAGE, staffPage, staffRender } from './common.js';

/**
 * The directory's staff pages a manager may find here, in the order shown. Others' pages are
 * listed only when their route exists on this server and lets this person in (the landing never
 * links to a 404 or a 403), so a page added later needs only its line here and its messages.
 */
const PAGES = [
  { key: 'changes', path: '/admin/directory/changes' },
  { key: 'requests', path: '/admin/directory/requests' },
  { key: 'organisations', path: '/admin/directory/organisations' },
  { key: 'staleness', path: '/admin/directory/staleness' },
  { key: 'reports', path: '/admin/directory/reports' },
  { key: 'feeds', path: '/admin/directory/feeds' },
  { key: 'import', path: '/admin/directory/import' },
  { key: 'thesaurus', path: '/admin/directory/thesaurus' },
  { key: 'unmet_need', path: '/admin/insight/unmet-need' },
  { key: 'crisis_help', path: '/admin/directory/crisis-help' },
] as const;

function mayOpen(request: FastifyRequest, path: string): boolean {
  const access = request.server.declaredAccess(path);
  if (access === undefined) return false;
  if (access === 'public') return true;
  if ('signedIn' in access) return true;
  return 'action' in access && !access.scope && request.may(access.action);
}

/** `/admin/directory`: the managers' landing for the directory, offered on `/admin`. */
export function registerDirectoryAdminLanding(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/admin/directory', staffPage(MANAGE), async (request, reply) => {
    const { t } = request;
    const councilId = request.council.id;
    const [changes, requests] = await Promise.all([countPendingChanges(ctx.db, councilId), pendingListingRequests(ctx.db, councilId, 0, 0)]);
    const counts: Record<string, string> = {
      changes: t('changes.landing.changes.count', { count: changes }),
      requests: t('changes.landing.requests.count', { count: requests.total }),
    };
    return staffRender(request, reply, ctx, 'directory-admin-landing.njk', {
      title: t('changes.landing.title'),
      entries: PAGES.filter((p) => mayOpen(request, p.path)).map((p) => ({
        href: `${request.basePath}${p.path}`,
        title: t(`changes.landing.${p.key}.title`),
        description: t(`changes.landing.${p.key}.description`),
        count: counts[p.key],
      })),
      adminHref: `${request.basePath}/admin`,
    });
  });
}
