import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { feedOwnerOf } from '../../sql/feed-owned.js';
import { listingsPath, organisationIdOf, renderPage, serviceIdOf } from './common.js';

/**
 * A listing that came from another directory's feed is kept there: the next pull would
 * overwrite any change made here, so no editor or manager changes it through these pages.
 */

/**
 * If another directory's feed keeps this service or organisation, answer with a page naming the
 * source and linking to it (with `status`) and return true. (A boolean, not the reply: a reply
 * is thenable, and awaiting one that has been sent gives undefined.)
 */
export async function answerIfFeedOwned(
  ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply,
  ids: { serviceId?: string; organisationId?: string }, status: number, backHref = listingsPath(request),
): Promise<boolean> {
  if (!ids.serviceId && !ids.organisationId) return false;
  const owner = await feedOwnerOf(ctx.db, request.council.id, ids);
  if (!owner) return false;
  await renderPage(ctx, request, reply, 'directory-edit-feed-owned.njk', {
    title: request.t('directory.edit.feed_owned.title'),
    name: owner.listing_name,
    source: owner.feed_name,
    sourceHref: new URL(owner.feed_url).origin,
    backHref,
  }, status);
  return true;
}

/**
 * A hook on every route under `/admin/listings/:organisationId` (after the access rule, so only
 * those who may open the page learn where it comes from): reading shows the page naming the
 * source; posting anything is refused with 409 and the same page.
 */
export function refuseFeedListings(ctx: PlatformContext) {
  return async function refuse(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const ids = { serviceId: serviceIdOf(request) || undefined, organisationId: organisationIdOf(request) || undefined };
    if (await answerIfFeedOwned(ctx, request, reply, ids, reading ? 200 : 409)) return reply;
    return undefined;
  };
}
