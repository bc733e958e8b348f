import type { Queryable } from '../../../platform/db/db.js';

/** The audit log's SQL. */

export interface AuditEntry {
  councilId: string | null;
  actorPersonId?: string | null;
  actorEmail?: string | null;
  actorClientId?: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

export async function insertAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (council_id, actor_person_id, actor_email, actor_client_id, action, target, detail, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.councilId, e.actorPersonId ?? null, e.actorEmail ?? null, e.actorClientId ?? null, e.action, e.target ?? null, JSON.stringify(e.detail ?? {}), e.ip ?? null, e.userAgent ?? null],
  );
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor_email: string | null;
  actor_client_id: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
  /** The acting person's name as they gave it, when they did. */
  actor_name: string | null;
}

/** The council's audit log, newest first, filtered; at most `limit` rows. */
export async function auditRows(db: Queryable, councilId: string, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id, at, actor_email, actor_client_id, action, target, detail, ip, user_agent,
            (SELECT display_name FROM person WHERE person.id = audit_log.actor_person_id) AS actor_name
     FROM audit_log
     WHERE council_id = $1
       AND ($2::text IS NULL OR actor_email ILIKE '%' || $2 || '%' OR actor_client_id ILIKE '%' || $2 || '%')
       AND ($3::text IS NULL OR action LIKE $3 || '%')
       AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
     ORDER BY at DESC, id DESC LIMIT $6`,
    [councilId, f.actor ?? null, f.action ?? null, f.from ?? null, f.to ?? null, limit],
  );
  return rows;
}
