import type { CouncilTx } from './scope.js';
import type { LogRow, SealRow } from './access-log.js';

/**
 * The vault's SQL for a resident's own view of the access log ("who has seen my information")
 * and what they need to check a copy of it.
 */

const COLUMNS = `l.seq, l.at, l.resident_id, l.actor_kind, l.actor_id, l.actor_name, l.organisation, l.on_behalf_of, l.action, l.categories,
  l.grant_id, l.basis_id, l.purpose, l.prev_hash, l.hash`;

/**
 * A resident's entries the resident may see on `today` (a UK date), newest first, `limit` of
 * them before `beforeSeq`: every one, except those under a legal basis the law lets be kept
 * from them until a date (a safeguarding enquiry's `disclose_after`) still to come.
 */
export async function visibleEntriesOfResident(q: CouncilTx, councilId: string, residentId: string, today: string, limit: number, beforeSeq?: number): Promise<LogRow[]> {
  const { rows } = await q.query<LogRow>(
    `SELECT ${COLUMNS} FROM vault_access_log l
      WHERE l.council_id = $1 AND l.resident_id = $2 AND ($4::bigint IS NULL OR l.seq < $4)
        AND NOT EXISTS (SELECT 1 FROM vault_basis b WHERE b.council_id = l.council_id AND b.id = l.basis_id AND b.disclose_after > $3::date)
      ORDER BY l.seq DESC LIMIT $5`,
    [councilId, residentId, today, beforeSeq ?? null, limit],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The council's latest seal of its log, if it has one. */
export async function latestSeal(q: CouncilTx, councilId: string): Promise<SealRow | undefined> {
  const { rows } = await q.query<SealRow>('SELECT seq, hash, sealed_at, key_id, public_key, signature FROM vault_log_seal WHERE council_id = $1 ORDER BY seq DESC LIMIT 1', [councilId]);
  return rows[0] ? { ...rows[0], seq: Number(rows[0].seq) } : undefined;
}

/** Every key the council's seals were signed with (a key used before a rotation still checks what it signed). */
export async function sealKeysOf(q: CouncilTx, councilId: string): Promise<Array<{ key_id: string; public_key: Buffer }>> {
  const { rows } = await q.query<{ key_id: string; public_key: Buffer }>(
    'SELECT DISTINCT key_id, public_key FROM vault_log_seal WHERE council_id = $1 ORDER BY key_id',
    [councilId],
  );
  return rows;
}

/** The recorded legal bases named by a resident's entries: what each says, for the resident to read. */
export async function basesNamed(q: CouncilTx, councilId: string, residentId: string, ids: string[]): Promise<Array<{ id: string; legal_basis: string; team: string }>> {
  if (!ids.length) return [];
  const { rows } = await q.query<{ id: string; legal_basis: string; team: string }>(
    'SELECT id, legal_basis, team FROM vault_basis WHERE council_id = $1 AND resident_id = $2 AND id = ANY($3::uuid[])',
    [councilId, residentId, ids],
  );
  return rows;
}
