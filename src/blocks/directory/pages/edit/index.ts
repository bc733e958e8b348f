import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { refuseFeedListings } from './feed-owned.js';
import { registerLocationPages } from './locations.js';
import { offersListings, registerOrganisationPages } from './organisation.js';
import { registerServicePages } from './service.js';
import { registerWithdrawPages } from './withdraw.js';

/**
 * Organisation editors' pages: "Your listings" (`/admin/listings`), an organisation's details,
 * each service's summary with a form per part, its locations, adding a service, and the
 * confirmation after each change is handed to the approval workflow (`editing/changes.ts`).
 */
export async function registerEditPages(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  // In a scope of their own, so the hook that refuses another directory's listings covers
  // every one of these routes, and only these.
  await app.register(async (scope) => {
    scope.addHook('preHandler', refuseFeedListings(ctx));
    registerOrganisationPages(scope, ctx);
    registerServicePages(scope, ctx);
    registerLocationPages(scope, ctx);
    registerWithdrawPages(scope, ctx);
  });
}

/** Offered on `/admin` to organisation editors and directory managers (the route itself is open to anyone signed in). */
export const listingsAdminPage: AdminPage = {
  key: 'listings',
  path: '/admin/listings',
  titleKey: 'directory.edit.admin.title',
  descriptionKey: 'directory.edit.admin.description',
  offer: offersListings,
};
