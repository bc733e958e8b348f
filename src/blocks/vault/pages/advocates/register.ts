import type { FastifyInstance } from 'fastify';
import type { AdminPage, PlatformContext } from '../../../../platform/block.js';
import { maxAdvocacyDays } from '../../advocates/limits.js';
import { teamsOfPerson } from '../staff/residents.js';
import { registerActingGrantPages } from './acting-grants.js';
import { registerActingPages } from './acting.js';
import { registerAppointPages } from './appoint.js';
import { registerInvitationPages } from './invitation.js';
import { registerLegalPages } from './legal.js';

/**
 * Advocates' pages: the resident appoints and ends them (`/my-record/advocates`), the advocate
 * answers the invitation (`/advocacy/invitation`) and acts (`/acting-for`), and a team records a
 * legal appointment (`/admin/vault/advocates`).
 */
export function registerAdvocatePages(app: FastifyInstance, ctx: PlatformContext): void {
  // Read once, at start: a bad HEARTH_VAULT_MAX_ADVOCACY_DAYS stops the start, named.
  const maxDays = maxAdvocacyDays(ctx.config.env);
  registerAppointPages(app, ctx, maxDays);
  registerInvitationPages(app, ctx);
  registerActingPages(app, ctx);
  registerActingGrantPages(app, ctx);
  registerLegalPages(app, ctx, maxDays);
}

/** On `/admin`: offered to whoever acts for a team that may read the vault. */
export const ADVOCATES_ADMIN_PAGE: AdminPage = {
  key: 'vault-advocates',
  path: '/admin/vault/advocates',
  titleKey: 'vault.advocates.admin.title',
  descriptionKey: 'vault.advocates.admin.description',
  offer: (request) => teamsOfPerson(request).length > 0,
};
