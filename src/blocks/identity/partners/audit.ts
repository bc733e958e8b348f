import type { Queryable } from '../../../platform/db/db.js';

/** Who makes a change to partner clients, and from where (for the audit log). */
export interface PartnerActor {
  councilId: string;
  /** The signed-in person; absent for the command line. */
  personId?: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Record a change to partner clients in the audit log, inside the caller's transaction.
 * The one place the partners code writes audit rows, through the identity block's
 * `recordAudit`.
 */
export async function auditPartnerChange(
  tx: Queryable,
  actor: PartnerActor,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  // Wired to recordAudit (src/blocks/identity/audit/service.ts) once it is committed.
  void tx;
  void actor;
  void action;
  void target;
  void detail;
}
