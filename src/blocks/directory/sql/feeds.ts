import type { Queryable } from '../../../platform/db/db.js';

/** The federation's SQL: subscriptions, the services each brought, matches and splits (migration 012). */

export interface FeedRow {
  council_id: string;
  id: string;
  url: string;
  name: string;
  paused: boolean;
  created_at: Date;
  last_success_at: Date | null;
  last_full_pull_at: Date | null;
  last_attempt_at: Date | null;
  last_error: string | null;
  last_skipped: SkippedService[];
  consecutive_failures: number;
  next_attempt_at: Date;
  pulling_since: Date | null;
  /** Services held from it (not ended upstream). */
  services_held: number;
}

export interface SkippedService {
  remoteId: string;
  name?: string;
  reason: string;
}

const FEED_COLUMNS = `f.council_id, f.id, f.url, f.name, f.paused, f.created_at, f.last_success_at, f.last_full_pull_at, f.last_attempt_at,
  f.last_error, f.last_skipped, f.consecutive_failures, f.next_attempt_at, f.pulling_since,
  (SELECT count(*) FROM directory_feed_service fs WHERE fs.council_id = f.council_id AND fs.feed_id = f.id AND fs.gone_at IS NULL) AS services_held`;

export async function insertFeed(db: Queryable, feed: { councilId: string; id: string; url: string; name: string }): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO directory_feed (council_id, id, url, name) VALUES ($1, $2, $3, $4) ON CONFLICT (council_id, url) DO NOTHING RETURNING id`,
    [feed.councilId, feed.id, feed.url, feed.name],
  );
  return rows.length > 0;
}

export async function listFeeds(db: Queryable, councilId?: string): Promise<FeedRow[]> {
  const { rows } = await db.query<FeedRow>(
    `SELECT ${FEED_COLUMNS} FROM directory_feed f WHERE $1::uuid IS NULL OR f.council_id = $1 ORDER BY f.created_at, f.name`,
    [councilId ?? null],
  );
  return rows;
}

export async function getFeed(db: Queryable, councilId: string, id: string): Promise<FeedRow | undefined> {
  const { rows } = await db.query<FeedRow>(`SELECT ${FEED_COLUMNS} FROM directory_feed f WHERE f.council_id = $1 AND f.id = $2`, [councilId, id]);
  return rows[0];
}

/** Any council's feed by id (the CLI names feeds by id alone). */
export async function findFeedById(db: Queryable, id: string): Promise<FeedRow | undefined> {
  const { rows } = await db.query<FeedRow>(`SELECT ${FEED_COLUMNS} FROM directory_feed f WHERE f.id = $1`, [id]);
  return rows[0];
}

/** Feeds whose next try is due, not paused, not being pulled. */
export async function dueFeeds(db: Queryable): Promise<FeedRow[]> {
  // The database's clock, the one that set next_attempt_at: a JavaScript Date (whole
  // milliseconds) taken just after now() (microseconds) can fall before it.
  const { rows } = await db.query<FeedRow>(
    `SELECT ${FEED_COLUMNS} FROM directory_feed f WHERE NOT f.paused AND f.next_attempt_at <= now() ORDER BY f.next_attempt_at`,
  );
  return rows;
}

/**
 * Claim a feed for one pull: true when this caller may pull it. A claim older than
 * `staleAfterMs` belonged to a process that died mid-pull and is taken over.
 */
export async function claimFeed(db: Queryable, councilId: string, id: string, staleAfterMs: number): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE directory_feed SET pulling_since = now(), last_attempt_at = now()
     WHERE council_id = $1 AND id = $2 AND (pulling_since IS NULL OR pulling_since < now() - make_interval(secs => $3))
     RETURNING id`,
    [councilId, id, staleAfterMs / 1000],
  );
  return rows.length > 0;
}

export async function recordPullSuccess(
  db: Queryable,
  councilId: string,
  id: string,
  outcome: { startedAt: Date; full: boolean; skipped: SkippedService[]; nextAttemptAt: Date },
): Promise<void> {
  await db.query(
    `UPDATE directory_feed SET pulling_since = NULL, last_success_at = $3, last_full_pull_at = CASE WHEN $4 THEN $3 ELSE last_full_pull_at END,
       last_error = NULL, last_skipped = $5::jsonb, consecutive_failures = 0, next_attempt_at = $6
     WHERE council_id = $1 AND id = $2`,
    [councilId, id, outcome.startedAt, outcome.full, JSON.stringify(outcome.skipped), outcome.nextAttemptAt],
  );
}

/** A failed pull: why, and when to try again (the caller's back-off from `consecutive_failures`). */
export async function recordPullFailure(db: Queryable, councilId: string, id: string, error: string, nextAttemptAt: Date): Promise<void> {
  await db.query(
    `UPDATE directory_feed SET pulling_since = NULL, last_error = $3, consecutive_failures = consecutive_failures + 1, next_attempt_at = $4
     WHERE council_id = $1 AND id = $2`,
    [councilId, id, error, nextAttemptAt],
  );
}

export async function setFeedPaused(db: Queryable, councilId: string, id: string, paused: boolean): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE directory_feed SET paused = $3, next_attempt_at = CASE WHEN $3 THEN next_attempt_at ELSE now() END WHERE council_id = $1 AND id = $2`,
    [councilId, id, paused],
  );
  return rowCount > 0;
}

/** Ask for a pull at the next chance (the scheduled job takes due feeds). */
export async function makeFeedDue(db: Queryable, councilId: string, id: string): Promise<void> {
  await db.query('UPDATE directory_feed SET next_attempt_at = now() WHERE council_id = $1 AND id = $2', [councilId, id]);
}

/** Services a feed's pull has just brought (or seen again): seen now, not gone. */
export async function recordSeen(db: Queryable, councilId: string, feedId: string, seen: { remoteId: string; serviceId: string }[]): Promise<void> {
  if (!seen.length) return;
  await db.query(
    `INSERT INTO directory_feed_service (council_id, feed_id, remote_id, service_id)
     SELECT $1, $2, r, s FROM unnest($3::text[], $4::uuid[]) AS x(r, s)
     ON CONFLICT (council_id, feed_id, remote_id) DO UPDATE SET last_seen_at = now(), gone_at = NULL`,
    [councilId, feedId, seen.map((s) => s.remoteId), seen.map((s) => s.serviceId)],
  );
}

/** Skipped services never imported before leave no record of being held. */
export async function forgetUnimported(db: Queryable, councilId: string, feedId: string, remoteIds: string[]): Promise<void> {
  if (!remoteIds.length) return;
  await db.query(
    `DELETE FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.feed_id = $2 AND fs.remote_id = ANY($3::text[])
       AND NOT EXISTS (SELECT 1 FROM service s WHERE s.council_id = fs.council_id AND s.id = fs.service_id)`,
    [councilId, feedId, remoteIds],
  );
}

/**
 * After a full pull: services of the feed it did not see are gone upstream. Marks them gone and
 * their services ended (status 'defunct'), never deleted. Returns the services ended.
 */
export async function endServicesGoneUpstream(tx: Queryable, councilId: string, feedId: string, pullStartedAt: Date): Promise<{ id: string; name: string }[]> {
  const { rows } = await tx.query<{ id: string; name: string }>(
    `WITH gone AS (
       UPDATE directory_feed_service SET gone_at = now()
       WHERE council_id = $1 AND feed_id = $2 AND gone_at IS NULL AND last_seen_at < $3
       RETURNING service_id
     )
     UPDATE service s SET status = 'defunct', last_modified = now(), updated_at = now()
     FROM gone WHERE s.council_id = $1 AND s.id = gone.service_id AND s.status <> 'defunct'
     RETURNING s.id, s.name`,
    [councilId, feedId, pullStartedAt],
  );
  return rows;
}

/**
 * Remove a feed and every service it brought, with the organisations and locations that no
 * other service uses any more. Returns the services deleted, and the other listings that were
 * shown under one of them (to reindex: they show on their own again).
 */
export async function deleteFeedAndServices(
  tx: Queryable,
  councilId: string,
  feedId: string,
): Promise<{ deleted: { id: string; name: string }[]; released: string[] }> {
  const { rows: owned } = await tx.query<{ service_id: string; organization_id: string | null; location_ids: string[] }>(
    `SELECT fs.service_id, s.organization_id,
            ARRAY(SELECT sal.location_id FROM service_at_location sal WHERE sal.council_id = $1 AND sal.service_id = fs.service_id) AS location_ids
     FROM directory_feed_service fs LEFT JOIN service s ON s.council_id = fs.council_id AND s.id = fs.service_id
     WHERE fs.council_id = $1 AND fs.feed_id = $2`,
    [councilId, feedId],
  );
  const serviceIds = owned.map((o) => o.service_id);
  const organisations = [...new Set(owned.map((o) => o.organization_id).filter((id): id is string => !!id))];
  const locations = [...new Set(owned.flatMap((o) => o.location_ids))];
  // Other sources' listings shown under one of these show on their own again.
  const { rows: released } = await tx.query<{ service_id: string }>(
    'SELECT service_id FROM directory_service_match WHERE council_id = $1 AND kept_service_id = ANY($2::uuid[]) AND NOT service_id = ANY($2::uuid[])',
    [councilId, serviceIds],
  );
  await tx.query(
    'DELETE FROM directory_service_match WHERE council_id = $1 AND (service_id = ANY($2::uuid[]) OR kept_service_id = ANY($2::uuid[]))',
    [councilId, serviceIds],
  );
  await tx.query('DELETE FROM directory_service_split WHERE council_id = $1 AND (service_a = ANY($2::uuid[]) OR service_b = ANY($2::uuid[]))', [councilId, serviceIds]);
  const { rows: deleted } = await tx.query<{ id: string; name: string }>('DELETE FROM service WHERE council_id = $1 AND id = ANY($2::uuid[]) RETURNING id, name', [
    councilId,
    serviceIds,
  ]);
  await tx.query(
    `DELETE FROM location l WHERE l.council_id = $1 AND l.id = ANY($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM service_at_location sal WHERE sal.council_id = l.council_id AND sal.location_id = l.id)`,
    [councilId, locations],
  );
  await tx.query(
    `DELETE FROM organization o WHERE o.council_id = $1 AND o.id = ANY($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM service s WHERE s.council_id = o.council_id AND s.organization_id = o.id)
       AND NOT EXISTS (SELECT 1 FROM organization c WHERE c.council_id = o.council_id AND c.parent_organization_id = o.id)`,
    [councilId, organisations],
  );
  await tx.query('DELETE FROM directory_feed WHERE council_id = $1 AND id = $2', [councilId, feedId]);
  return { deleted, released: released.map((r) => r.service_id) };
}

// --- matching ---------------------------------------------------------------------------------

export interface MatchCandidate {
  service_id: string;
  other_id: string;
  service_similarity: number;
  organisation_similarity: number;
  same_postcode: boolean;
  distance_m: number | null;
  same_phone: boolean;
  same_website: boolean;
}

/**
 * Whether the council has an active listing of its own (one no feed brought). Looked for
 * service by service until one is found, each service's source read by its unique key: the
 * same plan whatever the statistics say (a bulk pull outruns them).
 */
export async function holdsOwnServices(db: Queryable, councilId: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM service s WHERE s.council_id = $1 AND s.status = 'active'
         AND (SELECT fs.feed_id FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.service_id = s.id) IS NULL
     ) AS found`,
    [councilId],
  );
  return rows[0]?.found === true;
}

/** Whether any other feed of the council has brought services: each feed asked by its key. */
export async function otherFeedsHoldServices(db: Queryable, councilId: string, feedId: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM directory_feed f WHERE f.council_id = $1 AND f.id <> $2
         AND EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.feed_id = f.id)
     ) AS found`,
    [councilId, feedId],
  );
  return rows[0]?.found === true;
}

/**
 * For each of `serviceIds`, the other active services of the council at the same place (the
 * same postcode, or a location within `radiusM`) or sharing a phone number or website, with
 * the trigram similarity of their names and of their organisations' names. Pairs a manager
 * split are left out. The caller decides what is a match.
 *
 * Set-based for the whole batch, in steps the planner keeps apart (materialised): the batch's
 * places are looked up once each (a location several of its services share is one lookup);
 * of the places nearby, only those holding a service from another source go on; each
 * service's source is read once; names are compared only for pairs from different sources;
 * phone numbers are found through their digits' index (migration 013).
 */
export async function matchCandidates(db: Queryable, councilId: string, serviceIds: string[], radiusM: number, minSimilarity: number): Promise<MatchCandidate[]> {
  if (!serviceIds.length) return [];
  // ~111 km per degree of latitude; the box is widened for longitude by the latitude's cosine.
  // A source is a feed's id, or the nil uuid for the council's own listings (a key to join on).
  const { rows } = await db.query<MatchCandidate>(
    `WITH mine AS MATERIALIZED (
       SELECT s.id, s.name, o.name AS org, lower(rtrim(regexp_replace(coalesce(s.url, ''), '^https?://(www\\.)?', ''), '/')) AS site,
              coalesce((SELECT fs.feed_id FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.service_id = s.id), '00000000-0000-0000-0000-000000000000') AS source
       FROM service s JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id
       WHERE s.council_id = $1 AND s.id = ANY($2::uuid[]) AND s.status = 'active'
     ),
     places AS MATERIALIZED (
       SELECT m.id, m.source, l.id AS location_id, l.latitude, l.longitude, upper(replace(a.postal_code, ' ', '')) AS postcode
       FROM mine m
       JOIN service_at_location sal ON sal.council_id = $1 AND sal.service_id = m.id
       JOIN location l ON l.council_id = $1 AND l.id = sal.location_id
       LEFT JOIN address a ON a.council_id = $1 AND a.location_id = l.id
     ),
     -- Each place once, however many of the batch's services are there.
     spots AS MATERIALIZED (SELECT DISTINCT location_id, source, latitude, longitude, postcode FROM places),
     near_all AS MATERIALIZED (
       SELECT sp.location_id, sp.source, a.location_id AS other_location FROM spots sp
       JOIN address a ON a.council_id = $1 AND upper(replace(a.postal_code, ' ', '')) = sp.postcode
       WHERE sp.postcode IS NOT NULL AND sp.postcode <> ''
       UNION
       SELECT sp.location_id, sp.source, l.id FROM spots sp
       JOIN location l ON l.council_id = $1
         AND l.latitude BETWEEN sp.latitude - $3 / 111000.0 AND sp.latitude + $3 / 111000.0
         AND l.longitude BETWEEN sp.longitude - $3 / (111000.0 * cos(radians(sp.latitude))) AND sp.longitude + $3 / (111000.0 * cos(radians(sp.latitude)))
       WHERE sp.latitude IS NOT NULL AND sp.longitude IS NOT NULL
     ),
     -- Of the places nearby, those where some service comes from another source: in a crowded
     -- feed most neighbours are the feed's own, and each such place is asked once, not once
     -- per pair of services.
     foreign_places AS MATERIALIZED (
       SELECT op.other_location, op.source FROM (SELECT DISTINCT other_location, source FROM near_all) op
       WHERE EXISTS (
         SELECT 1 FROM service_at_location so WHERE so.council_id = $1 AND so.location_id = op.other_location
           AND coalesce((SELECT fs.feed_id FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.service_id = so.service_id), '00000000-0000-0000-0000-000000000000') <> op.source)
     ),
     phones AS MATERIALIZED (
       SELECT DISTINCT m.id, regexp_replace(p.number, '[^0-9]', '', 'g') AS digits
       FROM mine m JOIN phone p ON p.council_id = $1 AND p.service_id = m.id
     ),
     -- A shared number finds candidates only for services with no place (helplines); for the
     -- others the place finds them and the number is evidence.
     placeless_phones AS MATERIALIZED (
       SELECT ph.id, ph.digits, m.source FROM phones ph JOIN mine m ON m.id = ph.id
       WHERE length(ph.digits) >= 6 AND NOT EXISTS (SELECT 1 FROM places p WHERE p.id = ph.id)
     ),
     -- The services sharing one of those numbers from another source: each number and source
     -- asked once (a helpline's number is listed by many services).
     foreign_phones AS MATERIALIZED (
       SELECT DISTINCT q.digits, q.source, p.service_id FROM (SELECT DISTINCT digits, source FROM placeless_phones) q
       JOIN phone p ON p.council_id = $1 AND regexp_replace(p.number, '[^0-9]', '', 'g') = q.digits
       WHERE coalesce((SELECT fs.feed_id FROM directory_feed_service fs WHERE fs.council_id = $1 AND fs.service_id = p.service_id), '00000000-0000-0000-0000-000000000000') <> q.source
     ),
     pairs AS MATERIALIZED (
       SELECT DISTINCT p.id, sal.service_id AS other FROM near_all n
       JOIN foreign_places f ON f.other_location = n.other_location AND f.source = n.source
       JOIN (SELECT DISTINCT id, location_id FROM places) p ON p.location_id = n.location_id
       JOIN service_at_location sal ON sal.council_id = $1 AND sal.location_id = n.other_location
       UNION
       SELECT ph.id, fp.service_id FROM placeless_phones ph JOIN foreign_phones fp ON fp.digits = ph.digits AND fp.source = ph.source
     ),
     -- One feed listing two services at one place is that feed's business: only another source
     -- (another feed, or the council's own data) can be a duplicate. The other listing's source
     -- is a scalar lookup by the unique key: planned as a join, statistics taken before a bulk
     -- pull made it a product of the feed's services with themselves.
     scored AS MATERIALIZED (
       SELECT pairs.id, pairs.other, s.url AS other_url,
              similarity(lower(m.name), lower(s.name)) AS service_similarity,
              similarity(lower(m.org), lower(o.name)) AS organisation_similarity
       FROM pairs
       JOIN mine m ON m.id = pairs.id
       JOIN service s ON s.council_id = $1 AND s.id = pairs.other AND s.status = 'active'
       JOIN organization o ON o.council_id = $1 AND o.id = s.organization_id
       WHERE pairs.other <> pairs.id
         AND coalesce((SELECT fb.feed_id FROM directory_feed_service fb WHERE fb.council_id = $1 AND fb.service_id = pairs.other), '00000000-0000-0000-0000-000000000000') <> m.source
     )
     SELECT
       c.id AS service_id, c.other AS other_id, c.service_similarity, c.organisation_similarity,
       EXISTS (SELECT 1 FROM places p JOIN service_at_location sal ON sal.council_id = $1 AND sal.service_id = c.other
               JOIN address a ON a.council_id = $1 AND a.location_id = sal.location_id
               WHERE p.id = c.id AND p.postcode <> '' AND upper(replace(a.postal_code, ' ', '')) = p.postcode) AS same_postcode,
       (SELECT min(6371000 * 2 * asin(sqrt(power(sin(radians(l.latitude - p.latitude) / 2), 2)
                 + cos(radians(p.latitude)) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - p.longitude) / 2), 2))))
        FROM places p JOIN service_at_location sal ON sal.council_id = $1 AND sal.service_id = c.other
        JOIN location l ON l.council_id = $1 AND l.id = sal.location_id
        WHERE p.id = c.id AND l.latitude IS NOT NULL AND p.latitude IS NOT NULL) AS distance_m,
       EXISTS (SELECT 1 FROM phones ph JOIN phone p ON p.council_id = $1 AND p.service_id = c.other
               WHERE ph.id = c.id AND length(ph.digits) >= 6 AND regexp_replace(p.number, '[^0-9]', '', 'g') = ph.digits) AS same_phone,
       (m.site <> '' AND m.site = lower(rtrim(regexp_replace(coalesce(c.other_url, ''), '^https?://(www\\.)?', ''), '/'))) AS same_website
     FROM scored c
     JOIN mine m ON m.id = c.id
     -- Below the lowest threshold matching.ts uses: not worth the place and contact checks.
     WHERE c.service_similarity >= $4 AND c.organisation_similarity >= $4
       AND NOT EXISTS (SELECT 1 FROM directory_service_split x WHERE x.council_id = $1
                       AND x.service_a = least(c.id, c.other) AND x.service_b = greatest(c.id, c.other))`,
    [councilId, serviceIds, radiusM, minSimilarity],
  );
  return rows;
}

/** What each service came from: its feed (undefined for the council's own) and when the feed was added. */
export async function serviceOrigins(db: Queryable, councilId: string, serviceIds: string[]): Promise<Map<string, { feedId?: string; feedCreatedAt?: Date; firstSeenAt?: Date }>> {
  const { rows } = await db.query<{ id: string; feed_id: string | null; feed_created_at: Date | null; first_seen_at: Date | null }>(
    `SELECT i.id, fs.feed_id, f.created_at AS feed_created_at, fs.first_seen_at
     FROM unnest($2::uuid[]) AS i(id)
     LEFT JOIN directory_feed_service fs ON fs.council_id = $1 AND fs.service_id = i.id
     LEFT JOIN directory_feed f ON f.council_id = $1 AND f.id = fs.feed_id`,
    [councilId, serviceIds],
  );
  return new Map(rows.map((r) => [r.id, { feedId: r.feed_id ?? undefined, feedCreatedAt: r.feed_created_at ?? undefined, firstSeenAt: r.first_seen_at ?? undefined }]));
}

/** Current matches touching these services: service → kept. */
export async function matchesOf(db: Queryable, councilId: string, serviceIds: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ service_id: string; kept_service_id: string }>(
    `SELECT service_id, kept_service_id FROM directory_service_match
     WHERE council_id = $1 AND (service_id = ANY($2::uuid[]) OR kept_service_id = ANY($2::uuid[]))`,
    [councilId, serviceIds],
  );
  return new Map(rows.map((r) => [r.service_id, r.kept_service_id]));
}

/** Kept listings are never themselves hidden: forget any match that hides one of these. */
export async function unhideServices(tx: Queryable, councilId: string, serviceIds: string[]): Promise<void> {
  await tx.query('DELETE FROM directory_service_match WHERE council_id = $1 AND service_id = ANY($2::uuid[])', [councilId, serviceIds]);
}

export async function writeMatches(tx: Queryable, councilId: string, matches: { serviceId: string; keptId: string; evidence: unknown }[]): Promise<void> {
  if (!matches.length) return;
  await tx.query(
    `INSERT INTO directory_service_match (council_id, service_id, kept_service_id, evidence)
     SELECT $1, s, k, e FROM unnest($2::uuid[], $3::uuid[], $4::jsonb[]) AS x(s, k, e)
     ON CONFLICT (council_id, service_id) DO UPDATE SET kept_service_id = EXCLUDED.kept_service_id, evidence = EXCLUDED.evidence, matched_at = now()`,
    [councilId, matches.map((m) => m.serviceId), matches.map((m) => m.keptId), matches.map((m) => JSON.stringify(m.evidence))],
  );
}

/** Undo a match and remember the pair as different. Returns the two services, or undefined if there was no such match. */
export async function splitMatch(tx: Queryable, councilId: string, serviceId: string): Promise<{ serviceId: string; keptId: string } | undefined> {
  const { rows } = await tx.query<{ kept_service_id: string }>(
    'DELETE FROM directory_service_match WHERE council_id = $1 AND service_id = $2 RETURNING kept_service_id',
    [councilId, serviceId],
  );
  const kept = rows[0]?.kept_service_id;
  if (!kept) return undefined;
  await tx.query(
    `INSERT INTO directory_service_split (council_id, service_a, service_b) VALUES ($1, least($2::uuid, $3::uuid), greatest($2::uuid, $3::uuid)) ON CONFLICT DO NOTHING`,
    [councilId, serviceId, kept],
  );
  return { serviceId, keptId: kept };
}

export interface MatchRow {
  service_id: string;
  service_name: string;
  kept_service_id: string;
  kept_name: string;
  evidence: Record<string, unknown>;
  source_name: string | null;
  kept_source_name: string | null;
}

/** Matches for the feeds page: each hidden service with the one it shows under, newest first. */
export async function listMatches(db: Queryable, councilId: string, limit: number, offset: number): Promise<{ rows: MatchRow[]; total: number }> {
  const { rows } = await db.query<MatchRow>(
    `SELECT m.service_id, s.name AS service_name, m.kept_service_id, k.name AS kept_name, m.evidence,
            (SELECT f.name FROM directory_feed_service fs JOIN directory_feed f ON f.council_id = fs.council_id AND f.id = fs.feed_id
             WHERE fs.council_id = m.council_id AND fs.service_id = m.service_id) AS source_name,
            (SELECT f.name FROM directory_feed_service fs JOIN directory_feed f ON f.council_id = fs.council_id AND f.id = fs.feed_id
             WHERE fs.council_id = m.council_id AND fs.service_id = m.kept_service_id) AS kept_source_name
     FROM directory_service_match m
     JOIN service s ON s.council_id = m.council_id AND s.id = m.service_id
     JOIN service k ON k.council_id = m.council_id AND k.id = m.kept_service_id
     WHERE m.council_id = $1 ORDER BY m.matched_at DESC, m.service_id LIMIT $2 OFFSET $3`,
    [councilId, limit, offset],
  );
  const { rows: count } = await db.query<{ n: number }>('SELECT count(*) AS n FROM directory_service_match WHERE council_id = $1', [councilId]);
  return { rows, total: Number(count[0]?.n ?? 0) };
}

export interface ServiceSourceRow {
  service_id: string;
  feed_id: string;
  feed_name: string;
  feed_url: string;
  remote_id: string;
}

/**
 * Where a service shown on a page comes from: its own feed (when federated) and the feeds of
 * the services matched to it. Empty for a service only in the council's own data.
 */
export async function sourcesOf(db: Queryable, councilId: string, serviceIds: string[]): Promise<(ServiceSourceRow & { shown_as: string })[]> {
  if (!serviceIds.length) return [];
  const { rows } = await db.query<ServiceSourceRow & { shown_as: string }>(
    `WITH shown AS (
       SELECT i.id AS shown_as, i.id AS service_id FROM unnest($2::uuid[]) AS i(id)
       UNION
       SELECT m.kept_service_id, m.service_id FROM directory_service_match m WHERE m.council_id = $1 AND m.kept_service_id = ANY($2::uuid[])
     )
     SELECT shown.shown_as, fs.service_id, fs.feed_id, f.name AS feed_name, f.url AS feed_url, fs.remote_id
     FROM shown
     JOIN directory_feed_service fs ON fs.council_id = $1 AND fs.service_id = shown.service_id
     JOIN directory_feed f ON f.council_id = $1 AND f.id = fs.feed_id
     ORDER BY f.created_at, f.name`,
    [councilId, serviceIds],
  );
  return rows;
}

/** Whether a service came from another directory's feed (and so is read-only to editors here). */
export async function isFederated(db: Queryable, councilId: string, serviceId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM directory_feed_service WHERE council_id = $1 AND service_id = $2', [councilId, serviceId]);
  return rows.length > 0;
}

/** A few of the council's own active services that are at a place with a postcode (the demo copies them into a neighbour's feed). */
export async function ownServicesAtPlaces(db: Queryable, councilId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id FROM service s
     WHERE s.council_id = $1 AND s.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM directory_feed_service fs WHERE fs.council_id = s.council_id AND fs.service_id = s.id)
       AND EXISTS (SELECT 1 FROM service_at_location sal JOIN address a ON a.council_id = sal.council_id AND a.location_id = sal.location_id
                   WHERE sal.council_id = s.council_id AND sal.service_id = s.id)
     ORDER BY s.name, s.id LIMIT $2`,
    [councilId, limit],
  );
  return rows.map((r) => r.id);
}

/** The demo's feed: pulled an hour ago, due again now (when its address cannot be reached). */
export async function markDemoPulled(db: Queryable, councilId: string, feedId: string): Promise<void> {
  await db.query(
    `UPDATE directory_feed SET last_success_at = now() - interval '1 hour', last_full_pull_at = now() - interval '1 hour', last_attempt_at = now() - interval '1 hour',
       next_attempt_at = now() WHERE council_id = $1 AND id = $2`,
    [councilId, feedId],
  );
}
