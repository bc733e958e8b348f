import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { registerStaffBases } from './bases.js';
import { registerStaffRequests } from './requests.js';
import { registerStaffResidents, teamsOfPerson } from './residents.js';

/** The staff pages of the vault (`/admin/vault/...`): a team's residents, asking for access, statutory bases. */
export function registerStaffPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerStaffResidents(app, ctx);
  registerStaffRequests(app, ctx);
  registerStaffBases(app, ctx);
}

/** On `/admin`: offered to whoever acts for a team that may read the vault (a request handler), not to every signed-in person. */
export const STAFF_ADMIN_PAGE: AdminPage = {
  key: 'vault-staff',
  path: '/admin/vault',
  titleKey: 'vault.staff.admin.title',
  descriptionKey: 'vault.staff.admin.description',
  offer: (request) => teamsOfPerson(request).length > 0,
};
