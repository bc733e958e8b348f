import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { registerChangeQueue } from './changes.js';
import { registerHistory } from './history.js';
import { registerDirectoryAdminLanding } from './landing.js';
import { registerListingRequests } from './listing-requests.js';
import { registerOrganisationPages } from './organisations.js';

/**
 * The directory managers' pages: the landing, the queue of proposed changes, listings'
 * history, organisations (trust, first editor), and requests to be listed (with the public
 * form that sends them).
 */
export function registerDirectoryAdminPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerDirectoryAdminLanding(app, ctx);
  registerChangeQueue(app, ctx);
  registerHistory(app, ctx);
  registerOrganisationPages(app, ctx);
  registerListingRequests(app, ctx);
}

/** What the directory offers on `/admin`: its managers' landing (the rest is reached from there). */
export const DIRECTORY_ADMIN_PAGES: AdminPage[] = [
  { key: 'directory', path: '/admin/directory', titleKey: 'changes.admin_entry.title', descriptionKey: 'changes.admin_entry.description' },
];
