import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { feedOwnerOf } from '../../sql/feed-owned.js';
import { listingsPath, organisationIdOf, renderPage, serviceIdOf } from './common.js';

/**
 * A listing that came from another directory's feed is kept there: the next pull would
 * overwrite any change made here, so no editor or manager changes it through these pages.
 * A hook on every route under `/admin/listings/:organisationId` (after the access rule, so
 * only those who may open the page learn where it comes from): reading shows a page naming
 * the source with a link to it; posting anything is refused with 409 and the same page.
 */
export function refuseFeedListings(ctx: PlatformContext) {
  return async function refuse(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const serviceId = serviceIdOf(request);
    const organisationId = organisationIdOf(request);
    if (!serviceId && !organisationId) return undefined;
    const owner = await feedOwnerOf(ctx.db, request.council.id, { serviceId: serviceId || undefined, organisationId: organisationId || undefined });
    if (!owner) return undefined;
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const { t } = request;
    return renderPage(ctx, request, reply, 'directory-edit-feed-owned.njk', {
      title: t('directory.edit.feed_owned.title'),
      name: owner.listing_name,
      source: owner.feed_name,
      sourceHref: new URL(owner.feed_url).origin,
      backHref: listingsPath(request),
    }, reading ? 200 : 409);
  };
}
