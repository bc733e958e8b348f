import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { teamsOfPerson } from '../staff/residents.js';
import { registerTeamNotices } from './team-notices.js';
import { registerToldPage } from './told.js';

/** Tell us once, on pages: the resident's "who we told" and each team's list of changes. */
export function registerTellUsOncePages(app: FastifyInstance, ctx: PlatformContext): void {
  registerToldPage(app, ctx);
  registerTeamNotices(app, ctx);
}

/** On `/admin`: offered to whoever acts for a team that may read the vault. */
export const NOTICES_ADMIN_PAGE: AdminPage = {
  key: 'vault-notices',
  path: '/admin/vault/notices',
  titleKey: 'vault.told.admin.title',
  descriptionKey: 'vault.told.admin.description',
  offer: (request) => teamsOfPerson(request).length > 0,
};
