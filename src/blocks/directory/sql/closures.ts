import type { Queryable } from '../../../platform/db/db.js';

/**
 * SQL of planned closures (closures/): which services' status the dates of their closure now
 * change, judged by the database's clock in Europe/London, never by this process's.
 */

export interface ClosureDue {
  council_id: string;
  service_id: string;
}

/** Today's date in Europe/London by the database's clock, as YYYY-MM-DD. */
export async function londonToday(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ today: string }>(`SELECT to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS today`);
  return rows[0].today;
}

/**
 * The council's own services with a closure from the status form (a dated row with no days or
 * times whose words are the service's alert) that has started while the service is open, or
 * ended while it is closed or still shown on it. Federated services are left to their source.
 * The caller judges each again under the service's lock (`closures/planned-status.ts`).
 */
export async function servicesWithClosureDue(db: Queryable, limit: number): Promise<ClosureDue[]> {
  const { rows } = await db.query<ClosureDue>(
    `SELECT DISTINCT s.council_id, s.id AS service_id
       FROM schedule sc
       JOIN service s ON s.council_id = sc.council_id AND s.id = sc.service_id
      CROSS JOIN (SELECT (now() AT TIME ZONE 'Europe/London')::date AS today) d
      WHERE sc.valid_from IS NOT NULL AND sc.byday IS NULL AND sc.opens_at IS NULL AND sc.closes_at IS NULL
        AND sc.service_at_location_id IS NULL
        AND sc.description = s.alert
        AND ((s.status = 'active' AND sc.valid_from <= d.today)
          OR (s.status = 'temporarily closed' AND sc.valid_to < d.today))
        AND NOT EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = s.council_id AND fs.service_id = s.id)
      ORDER BY s.council_id, s.id
      LIMIT $1`,
    [limit],
  );
  return rows;
}
