import type { Queryable } from '../../../platform/db/db.js';

/** Queries of the staff pages that no other part of the block needs. */

/**
 * Whether this council knows the person: they hold a role here, or this council's audit log
 * records a role given to or taken from them. A success message names only such people, so a
 * crafted address cannot make the people page reveal another council's staff.
 */
export async function knownToCouncil(db: Queryable, councilId: string, person: { id: string; email: string }): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM role_grant WHERE council_id = $1 AND person_id = $2)
        OR EXISTS (SELECT 1 FROM audit_log WHERE council_id = $1 AND action IN ('role.granted', 'role.revoked') AND target = $3)`,
    [councilId, person.id, person.email],
  );
  return rows.length > 0;
}
