import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../../platform/db/db.js';
import { insertAudit, type AuditEntry } from '../sql/audit.js';

/**
 * The audit log of every staff and admin action. Writers call `recordAudit` in the same
 * transaction as the change, so a change is never without its record.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    ...entry,
    target: entry.target?.slice(0, 500) ?? null,
    userAgent: entry.userAgent?.slice(0, 500) ?? null,
  });
}

/** Who is acting and from where, for an audit entry about this request. */
export function auditActor(request: FastifyRequest): Pick<AuditEntry, 'councilId' | 'actorPersonId' | 'actorEmail' | 'actorClientId' | 'ip' | 'userAgent'> {
  const p = request.principal;
  const agent = request.headers['user-agent'];
  return {
    councilId: request.council?.id ?? null,
    actorPersonId: p?.kind === 'person' ? p.personId : null,
    actorEmail: p?.kind === 'person' ? p.email : null,
    actorClientId: p?.kind === 'partner' ? p.clientId : null,
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
  };
}
