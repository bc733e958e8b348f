import type { CouncilTx } from './scope.js';
import type { LogRow } from './access-log.js';
import type { GrantRow } from './grants.js';

/** The vault's SQL for a resident's copy of everything held about them (right of access and portability). */

export interface ExportGrantRow extends GrantRow {
  created_at: Date;
  updated_at: Date;
}

/** Every grant the resident gave or was asked for, whatever its status, oldest first. */
export async function grantsOfResident(q: CouncilTx, councilId: string, residentId: string): Promise<ExportGrantRow[]> {
  const { rows } = await q.query<ExportGrantRow>(
    `SELECT id, resident_id, grantee_kind, grantee, categories, access, purpose, lawful_basis, status, starts_at, expires_at, created_at, updated_at
       FROM vault_grant WHERE council_id = $1 AND resident_id = $2 ORDER BY created_at, id`,
    [councilId, residentId],
  );
  return rows;
}

export interface ExportLogRow extends LogRow {
  /** The recorded legal basis the access was made under, when it was one. */
  legal_basis: string | null;
}

/**
 * The access-log entries about the resident, in chain order, with what verifies each (its hash
 * and the hash before it). An access under a basis the law lets be kept from the resident for a
 * time (a safeguarding enquiry: `disclose_after`) is left out until that day, as on every page.
 */
export async function logOfResident(q: CouncilTx, councilId: string, residentId: string, today: string): Promise<ExportLogRow[]> {
  const { rows } = await q.query<ExportLogRow>(
    `SELECT l.seq, l.at, l.resident_id, l.actor_kind, l.actor_id, l.actor_name, l.organisation, l.on_behalf_of, l.action, l.categories,
            l.grant_id, l.basis_id, l.purpose, l.prev_hash, l.hash, b.legal_basis
       FROM vault_access_log l
       LEFT JOIN vault_basis b ON b.council_id = l.council_id AND b.id = l.basis_id
      WHERE l.council_id = $1 AND l.resident_id = $2 AND (b.disclose_after IS NULL OR b.disclose_after <= $3::date)
      ORDER BY l.seq`,
    [councilId, residentId, today],
  );
  return rows;
}
