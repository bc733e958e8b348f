import type { Db } from '../../../platform/db/db.js';
import { recordAudit } from '../audit/service.js';
import type { AuditEntry } from '../sql/audit.js';
import { addGrant, ensurePerson, personByEmail, setPlatformAdmin, type PersonRow } from '../sql/people.js';
import { forgetCachedSessions } from '../sessions/service.js';
import { UUID } from '../formats.js';
import { isRole, SCOPED_ROLES, type Role } from '../policy.js';

/** Who gave a role and from where, as the audit log records it (a signed-in admin, or the command line). */
export type RoleActor = Pick<AuditEntry, 'actorPersonId' | 'actorEmail' | 'actorClientId' | 'ip' | 'userAgent'>;

/** The actor of a change made with the `hearth` command on the server. */
export const COMMAND_LINE: RoleActor = { actorPersonId: null, actorEmail: null, actorClientId: null, ip: null, userAgent: 'hearth command line' };

/** The longest scope (a team's name) a role may carry. */
export const MAX_SCOPE = 200;

/** Why a role and scope cannot be given: what the admin page and the command line each say in their own words. */
export type GrantProblem = 'role' | 'scope_missing' | 'scope_organisation_id' | 'scope_long';

/**
 * Check a role and scope as typed: the role must be one Hearth knows; a scoped role needs its
 * scope (an organisation editor an organisation id, a request handler a team). Returns the
 * scope as stored (an organisation id in lower case; none for an unscoped role).
 */
export function checkGrant(role: string, scope: string): { problem: GrantProblem } | { role: Role; scope: string } {
  if (!isRole(role)) return { problem: 'role' };
  const scopedBy = SCOPED_ROLES[role];
  if (scopedBy && !scope) return { problem: 'scope_missing' };
  if (scopedBy === 'organisationId' && !UUID.test(scope)) return { problem: 'scope_organisation_id' };
  if (scope.length > MAX_SCOPE) return { problem: 'scope_long' };
  return { role, scope: scopedBy ? (scopedBy === 'organisationId' ? scope.toLowerCase() : scope) : '' };
}

/**
 * Give a person (found or created by email) a role in a council, recorded in the audit log in
 * the same transaction. `role` and `scope` as `checkGrant` returns them. Returns whether the role
 * was new to them.
 */
export async function giveRole(
  db: Db,
  input: { councilId: string; email: string; role: Role; scope: string; actor: RoleActor },
): Promise<{ person: PersonRow; added: boolean }> {
  const result = await db.transaction(async (tx) => {
    const person = await ensurePerson(tx, input.email);
    const added = await addGrant(tx, { councilId: input.councilId, personId: person.id, role: input.role, scope: input.scope, grantedBy: input.actor.actorPersonId ?? null });
    if (added) {
      await recordAudit(tx, { ...input.actor, councilId: input.councilId, action: 'role.granted', target: person.email, detail: { role: input.role, scope: input.scope || undefined } });
    }
    return { person, added };
  });
  forgetCachedSessions();
  return result;
}

/**
 * Make a person a platform admin (every council), or stop them being one. Platform admins are
 * given only from the server's command line: no page can make one. Recorded in the audit log
 * without a council. Returns undefined when `on` is false and there is no such person.
 */
export async function setPlatformAdminByEmail(db: Db, email: string, on: boolean, actor: RoleActor): Promise<PersonRow | undefined> {
  const result = await db.transaction(async (tx) => {
    const person = on ? await ensurePerson(tx, email) : await personByEmail(tx, email);
    if (!person) return undefined;
    if (person.platform_admin !== on) {
      await setPlatformAdmin(tx, person.id, on);
      await recordAudit(tx, { ...actor, councilId: null, action: on ? 'platform_admin.granted' : 'platform_admin.revoked', target: person.email });
    }
    return person;
  });
  forgetCachedSessions();
  return result;
}
