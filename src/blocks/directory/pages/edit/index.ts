import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { registerLocationPages } from './locations.js';
import { offersListings, registerOrganisationPages } from './organisation.js';
import { registerServicePages } from './service.js';

/**
 * Organisation editors' pages: "Your listings" (`/admin/listings`), an organisation's details,
 * each service's summary with a form per part, its locations, adding a service, and the
 * confirmation after each change is handed to the approval workflow (`editing/changes.ts`).
 */
export function registerEditPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerOrganisationPages(app, ctx);
  registerServicePages(app, ctx);
  registerLocationPages(app, ctx);
}

/** Offered on `/admin` to organisation editors and directory managers (the route itself is open to anyone signed in). */
export const listingsAdminPage: AdminPage = {
  key: 'listings',
  path: '/admin/listings',
  titleKey: 'directory.edit.admin.title',
  descriptionKey: 'directory.edit.admin.description',
  offer: offersListings,
};
