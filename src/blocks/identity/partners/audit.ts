import type { Queryable } from '../../../platform/db/db.js';
import { recordAudit } from '../audit/service.js';

/** Who makes a change to partner clients, and from where (for the audit log). */
export interface PartnerActor {
  councilId: string;
  /** The signed-in person; absent for the command line and scripts. */
  personId?: string;
  email?: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Record a change to partner clients in the audit log, inside the caller's transaction: the
 * one place the partners code writes audit rows, through the identity block's `recordAudit`.
 */
export async function auditPartnerChange(
  tx: Queryable,
  actor: PartnerActor,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    councilId: actor.councilId,
    actorPersonId: actor.personId ?? null,
    actorEmail: actor.email ?? null,
    action,
    target,
    detail,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
  });
}
