import type { CouncilTx } from './scope.js';

/** The vault's SQL about the services a signed-in resident saved ("my list"). */

/** The resident's saved service ids, in the order saved. */
export async function savedServiceIds(q: CouncilTx, councilId: string, residentId: string): Promise<string[]> {
  const { rows } = await q.query<{ service_id: string }>(
    'SELECT service_id FROM vault_saved_service WHERE council_id = $1 AND resident_id = $2 ORDER BY saved_at, service_id',
    [councilId, residentId],
  );
  return rows.map((r) => r.service_id);
}

/**
 * Save services, in the order given, after those already saved, keeping at most `max` in all
 * (one already saved stays where it was; the caller gives each id once). Two saves at once
 * may pass `max` by one, which the list's readers cut.
 */
export async function insertSavedServices(q: CouncilTx, councilId: string, residentId: string, serviceIds: string[], max: number): Promise<void> {
  if (!serviceIds.length) return;
  await q.query(
    `INSERT INTO vault_saved_service (council_id, resident_id, service_id, saved_at)
     SELECT $1, $2, s.id, clock_timestamp() + (s.n * interval '1 microsecond')
       FROM (SELECT u.id, row_number() OVER (ORDER BY u.n) AS n
               FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)
              WHERE NOT EXISTS (SELECT 1 FROM vault_saved_service v WHERE v.council_id = $1 AND v.resident_id = $2 AND v.service_id = u.id)) AS s
      WHERE s.n <= $4 - (SELECT count(*) FROM vault_saved_service WHERE council_id = $1 AND resident_id = $2)
     ON CONFLICT DO NOTHING`,
    [councilId, residentId, serviceIds, max],
  );
}

export async function deleteSavedService(q: CouncilTx, councilId: string, residentId: string, serviceId: string): Promise<void> {
  await q.query('DELETE FROM vault_saved_service WHERE council_id = $1 AND resident_id = $2 AND service_id = $3', [councilId, residentId, serviceId]);
}

/** Forget every saved service of the resident (erasing everything). Returns how many. */
export async function deleteSavedServices(q: CouncilTx, councilId: string, residentId: string): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM vault_saved_service WHERE council_id = $1 AND resident_id = $2', [councilId, residentId]);
  return rowCount ?? 0;
}
