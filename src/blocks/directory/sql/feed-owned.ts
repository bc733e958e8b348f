import type { Queryable } from '../../../platform/db/db.js';

/**
 * SQL of the listings another directory's feed keeps (`federation/`): the edit pages refuse
 * them and name their source.
 */

export interface FeedOwner {
  /** The source's name, as the council subscribed to it ("Neighbour Council"). */
  feed_name: string;
  /** The feed's base address. */
  feed_url: string;
  /** The listing's name here (the service, else the organisation). */
  listing_name: string;
}

/**
 * The feed that keeps this service, or this organisation (an organisation whose services came
 * from a feed is that feed's: its id was made under the feed's namespace), or undefined.
 */
export async function feedOwnerOf(db: Queryable, councilId: string, ids: { serviceId?: string; organisationId?: string }): Promise<FeedOwner | undefined> {
  const { rows } = await db.query<FeedOwner>(
    `SELECT f.name AS feed_name, f.url AS feed_url, x.listing_name
       FROM (SELECT 0 AS rank, s.id, s.name AS listing_name FROM service s WHERE s.council_id = $1 AND s.id = $2::uuid
             UNION ALL
             SELECT 1, s.id, o.name FROM service s
               JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id
              WHERE s.council_id = $1 AND s.organization_id = $3::uuid) x
       JOIN directory_feed_service fs ON fs.council_id = $1 AND fs.service_id = x.id
       JOIN directory_feed f ON f.council_id = fs.council_id AND f.id = fs.feed_id
      ORDER BY x.rank
      LIMIT 1`,
    [councilId, ids.serviceId ?? null, ids.organisationId ?? null],
  );
  return rows[0];
}
