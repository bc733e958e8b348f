import type { AccessScope, Action, PersonPrincipal } from '../../platform/http/access.js';

/**
 * What each role allows, in the council it was given in. A platform admin may do everything
 * everywhere. Scoped roles act only on what they name: an organisation editor on their own
 * organisations' listings, a request handler on their own team's requests.
 */
export const ROLES = ['resident', 'organisation_editor', 'directory_manager', 'request_handler', 'council_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles limited to named things, and what the scope names. */
export const SCOPED_ROLES: Partial<Record<Role, keyof AccessScope>> = {
  organisation_editor: 'organisationId',
  request_handler: 'team',
};

const ALLOWS: Record<Role, readonly Action[]> = {
  resident: [],
  organisation_editor: ['directory.edit_organisation'],
  directory_manager: ['directory.manage', 'directory.edit_organisation'],
  request_handler: ['requests.handle', 'vault.read'],
  council_admin: ['identity.admin', 'identity.partners.manage', 'audit.read', 'directory.manage', 'directory.edit_organisation', 'webhooks.manage'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Actions no one holds by being an administrator: a resident's vault is seen by a team a
 * resident (or the law) let in, so only a request handler of that team may act for it.
 */
const NOT_BY_ADMINISTRATION: readonly Action[] = ['vault.read'];

export function may(person: PersonPrincipal, action: Action, councilId: string, scope: AccessScope = {}): boolean {
  if (person.platformAdmin && !NOT_BY_ADMINISTRATION.includes(action)) return true;
  if (action === 'platform.admin') return false;
  return person.grants.some((g) => {
    if (g.councilId !== councilId || !isRole(g.role) || !ALLOWS[g.role].includes(action)) return false;
    const scopedBy = SCOPED_ROLES[g.role];
    // A scoped role acts only where the route names the same thing; an unscoped role acts on all.
    if (!scopedBy) return true;
    const asked = scope[scopedBy];
    return asked !== undefined && asked.toLowerCase() === (g.scope ?? '').toLowerCase();
  });
}
