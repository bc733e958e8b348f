import type { Db } from '../../../platform/db/db.js';
import { recordAudit } from '../audit/service.js';
import type { AuditEntry } from '../sql/audit.js';
import { addGrant, ensurePerson, personByEmail, setPlatformAdmin, type PersonRow } from '../sql/people.js';
import { forgetCachedSessions } from '../sessions/service.js';
import type { Role } from '../policy.js';

/** Who gave a role and from where, as the audit log records it (a signed-in admin, or the command line). */
export type RoleActor = Pick<AuditEntry, 'actorPersonId' | 'actorEmail' | 'actorClientId' | 'ip' | 'userAgent'>;

/** The actor of a change made with the `hearth` command on the server. */
export const COMMAND_LINE: RoleActor = { actorPersonId: null, actorEmail: null, actorClientId: null, ip: null, userAgent: 'hearth command line' };

/**
 * Give a person (found or created by email) a role in a council, recorded in the audit log in
 * the same transaction. `scope` is already checked against the role (the organisation id of an
 * organisation editor, the team of a request handler; empty otherwise). Returns whether the role
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
