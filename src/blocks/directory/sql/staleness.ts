import type { Queryable } from '../../../platform/db/db.js';

/**
 * The staleness block's SQL: which listings are due a nudge, the record of nudges and their
 * single-use "still correct" links, confirming a listing, and the dashboard's counts and lists.
 * A listing's "last checked" is `service.last_checked` (set from ORUK assured_date on import,
 * and to now when someone confirms it).
 */

/** Statuses whose listings residents still see, and so should be kept right. */
const LIVE = `s.status <> 'defunct'`;

export interface DueService {
  organization_id: string;
  organization_name: string;
  organization_email: string | null;
  service_id: string;
  service_name: string;
  last_checked: Date | null;
}

/**
 * Services due a nudge, by organisation: last checked before `checkedBefore` (or never), not
 * changed since then either (an edit or a fresh import is a look at the listing), and not
 * nudged since `remindedBefore`.
 */
export async function servicesDueForNudge(db: Queryable, councilId: string, checkedBefore: Date, remindedBefore: Date): Promise<DueService[]> {
  const { rows } = await db.query<DueService>(
    `SELECT s.organization_id, o.name AS organization_name, o.email AS organization_email, s.id AS service_id, s.name AS service_name, s.last_checked
       FROM service s
       JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id
       LEFT JOIN service_last_nudge n ON n.council_id = s.council_id AND n.service_id = s.id
      WHERE s.council_id = $1 AND ${LIVE}
        AND (s.last_checked IS NULL OR s.last_checked < $2)
        AND s.last_modified < $2
        AND (n.nudged_at IS NULL OR n.nudged_at <= $3)
      ORDER BY o.name, o.id, s.name, s.id`,
    [councilId, checkedBefore, remindedBefore],
  );
  return rows;
}

/**
 * Claim services for a nudge sent at `sentAt`: those not nudged since `remindedBefore`. Inside
 * the sender's transaction, so a second run (or a second process) claims nothing already claimed,
 * and a message that could not be sent leaves no claim behind.
 */
export async function claimServicesForNudge(tx: Queryable, councilId: string, serviceIds: string[], sentAt: Date, remindedBefore: Date): Promise<string[]> {
  const { rows } = await tx.query<{ service_id: string }>(
    `INSERT INTO service_last_nudge (council_id, service_id, nudged_at)
     SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
     ON CONFLICT (council_id, service_id) DO UPDATE SET nudged_at = EXCLUDED.nudged_at, nudges = service_last_nudge.nudges + 1
       WHERE service_last_nudge.nudged_at <= $4
     RETURNING service_id`,
    [councilId, serviceIds, sentAt, remindedBefore],
  );
  return rows.map((r) => r.service_id);
}

export interface NudgeRecord {
  councilId: string;
  id: string;
  organizationId: string;
  sentAt: Date;
  recipients: string[];
  links: { serviceId: string; tokenHash: string; expiresAt: Date }[];
}

export async function insertNudge(tx: Queryable, nudge: NudgeRecord): Promise<void> {
  await tx.query('INSERT INTO staleness_nudge (council_id, id, organization_id, sent_at, recipients) VALUES ($1, $2, $3, $4, $5)', [
    nudge.councilId,
    nudge.id,
    nudge.organizationId,
    nudge.sentAt,
    nudge.recipients,
  ]);
  await tx.query(
    `INSERT INTO staleness_nudge_service (council_id, nudge_id, service_id, token_hash, expires_at)
     SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::timestamptz[])`,
    [nudge.councilId, nudge.id, nudge.links.map((l) => l.serviceId), nudge.links.map((l) => l.tokenHash), nudge.links.map((l) => l.expiresAt)],
  );
}

export type LinkState =
  | { state: 'ok'; serviceId: string; serviceName: string; organizationId: string; organizationName: string; lastChecked: Date | null }
  | { state: 'unknown' }
  | { state: 'expired'; serviceName: string }
  | { state: 'used'; serviceName: string; confirmedAt: Date };

interface LinkRow {
  service_id: string;
  service_name: string;
  organization_id: string;
  organization_name: string;
  last_checked: Date | null;
  expires_at: Date;
  used_at: Date | null;
}

function stateOf(row: LinkRow | undefined, now: Date): LinkState {
  if (!row) return { state: 'unknown' };
  if (row.used_at) return { state: 'used', serviceName: row.service_name, confirmedAt: new Date(row.used_at) };
  if (new Date(row.expires_at) <= now) return { state: 'expired', serviceName: row.service_name };
  return {
    state: 'ok',
    serviceId: row.service_id,
    serviceName: row.service_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    lastChecked: row.last_checked,
  };
}

const LINK_SELECT = `SELECT l.service_id, s.name AS service_name, s.organization_id, o.name AS organization_name, s.last_checked, l.expires_at, l.used_at
  FROM staleness_nudge_service l
  JOIN service s ON s.council_id = l.council_id AND s.id = l.service_id
  JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id
 WHERE l.council_id = $1 AND l.token_hash = $2`;

/** What a link would confirm, without using it (the page a GET shows). */
export async function peekCheckLink(db: Queryable, councilId: string, tokenHash: string, now: Date): Promise<LinkState> {
  const { rows } = await db.query<LinkRow>(LINK_SELECT, [councilId, tokenHash]);
  return stateOf(rows[0], now);
}

/**
 * Use a link: locks it, and when it is live marks every unused link to the same service as
 * used (one confirmation answers them all) and sets the service's assured date to `today` (the
 * UK date) and last checked to `now`. The caller records the audit entry and event in the same
 * transaction.
 */
export async function useCheckLink(tx: Queryable, councilId: string, tokenHash: string, now: Date, today: string): Promise<LinkState> {
  const { rows } = await tx.query<LinkRow>(`${LINK_SELECT} FOR UPDATE OF l`, [councilId, tokenHash]);
  const state = stateOf(rows[0], now);
  if (state.state !== 'ok') return state;
  await tx.query('UPDATE staleness_nudge_service SET used_at = $3 WHERE council_id = $1 AND service_id = $2 AND used_at IS NULL', [councilId, state.serviceId, now]);
  // The published record changes (its assured_date): last_modified moves so feeds pulling
  // with modified_after see it.
  await tx.query('UPDATE service SET assured_date = $3::date, last_checked = $4, last_modified = $4, updated_at = $4 WHERE council_id = $1 AND id = $2', [
    councilId,
    state.serviceId,
    today,
    now,
  ]);
  return state;
}

// ---- The dashboard ----

export interface AgeBounds {
  /** Checked on or after this: under the nudge age. */
  nudgeFrom: Date;
  /** Checked before this: past the public flag limit. */
  flagFrom: Date;
}

export type AgeBand = 'recent' | 'due' | 'overdue' | 'never';
export const AGE_BANDS: AgeBand[] = ['recent', 'due', 'overdue', 'never'];

/** A service's age band, with the bands' edges in parameters $2 (the nudge age) and $3 (the flag). */
const BAND_SQL = `CASE WHEN s.last_checked IS NULL THEN 'never'
                       WHEN s.last_checked >= $2::timestamptz THEN 'recent'
                       WHEN s.last_checked >= $3::timestamptz THEN 'due'
                       ELSE 'overdue' END`;

export interface BandCounts {
  recent: number;
  due: number;
  overdue: number;
  never: number;
}

const emptyBands = (): BandCounts => ({ recent: 0, due: 0, overdue: 0, never: 0 });

export interface StalenessSummary {
  total: BandCounts;
  byOrganisation: { id: string; name: string; bands: BandCounts }[];
  byCategory: { id: string; bands: BandCounts }[];
}

/**
 * Counts of live services by age band, overall, per organisation and per top-level need.
 * `categories` maps each need term id to its top-level term (the taxonomy lives in a file).
 * One pass over the council's services; the caller keeps the answer for a short while.
 */
export async function stalenessSummary(db: Queryable, councilId: string, bounds: AgeBounds, categories: { termIds: string[]; topIds: string[] }): Promise<StalenessSummary> {
  const byOrg = await db.query<{ id: string; name: string; band: AgeBand; n: number }>(
    `SELECT o.id, o.name, b.band, b.n::int AS n
       FROM (SELECT s.organization_id, ${BAND_SQL} AS band, count(*) AS n
               FROM service s WHERE s.council_id = $1 AND ${LIVE}
              GROUP BY 1, 2) b
       JOIN organization o ON o.council_id = $1 AND o.id = b.organization_id
      ORDER BY o.name, o.id`,
    [councilId, bounds.nudgeFrom, bounds.flagFrom],
  );
  const byCat = await db.query<{ id: string; band: AgeBand; n: number }>(
    `WITH top AS (SELECT * FROM unnest($4::uuid[], $5::uuid[]) AS m(term_id, top_id)),
          tagged AS (SELECT DISTINCT a.service_id, top.top_id
                       FROM attribute a JOIN top ON top.term_id = a.taxonomy_term_id
                      WHERE a.council_id = $1 AND a.link_entity = 'service' AND a.service_id IS NOT NULL)
     SELECT t.top_id AS id, ${BAND_SQL} AS band, count(*)::int AS n
       FROM tagged t JOIN service s ON s.council_id = $1 AND s.id = t.service_id
      WHERE ${LIVE}
      GROUP BY 1, 2`,
    [councilId, bounds.nudgeFrom, bounds.flagFrom, categories.termIds, categories.topIds],
  );
  const total = emptyBands();
  const orgs = new Map<string, { id: string; name: string; bands: BandCounts }>();
  for (const r of byOrg.rows) {
    const org = orgs.get(r.id) ?? { id: r.id, name: r.name, bands: emptyBands() };
    org.bands[r.band] += r.n;
    total[r.band] += r.n;
    orgs.set(r.id, org);
  }
  const cats = new Map<string, BandCounts>();
  for (const r of byCat.rows) {
    const bands = cats.get(r.id) ?? emptyBands();
    bands[r.band] += r.n;
    cats.set(r.id, bands);
  }
  return { total, byOrganisation: [...orgs.values()], byCategory: [...cats].map(([id, bands]) => ({ id, bands })) };
}

export interface StaleListFilter {
  band?: AgeBand;
  organizationId?: string;
  /** Need term ids: the category and everything under it. */
  termIds?: string[];
}

export interface StaleServiceRow {
  id: string;
  name: string;
  organization_id: string;
  organization_name: string;
  last_checked: Date | null;
  nudged_at: Date | null;
  nudges: number | null;
}

/**
 * A page of live services, least recently checked first (never checked first of all), with
 * their last nudge. Keyed on (last_checked, id), which the service_last_checked index serves.
 */
export async function staleServices(
  db: Queryable,
  councilId: string,
  bounds: AgeBounds,
  filter: StaleListFilter,
  limit: number,
  offset: number,
  knownTotal?: number,
): Promise<{ rows: StaleServiceRow[]; total: number }> {
  const params: unknown[] = [councilId];
  const where = [`s.council_id = $1`, LIVE];
  // Each band as a range of last_checked, so the index serves it.
  if (filter.band === 'never') where.push('s.last_checked IS NULL');
  else if (filter.band === 'recent') {
    params.push(bounds.nudgeFrom);
    where.push(`s.last_checked >= $${params.length}`);
  } else if (filter.band === 'due') {
    params.push(bounds.flagFrom, bounds.nudgeFrom);
    where.push(`s.last_checked >= $${params.length - 1} AND s.last_checked < $${params.length}`);
  } else if (filter.band === 'overdue') {
    params.push(bounds.flagFrom);
    where.push(`s.last_checked < $${params.length}`);
  }
  if (filter.organizationId) {
    params.push(filter.organizationId);
    where.push(`s.organization_id = $${params.length}`);
  }
  if (filter.termIds) {
    params.push(filter.termIds);
    where.push(`EXISTS (SELECT 1 FROM attribute a WHERE a.council_id = s.council_id AND a.service_id = s.id AND a.link_entity = 'service'
                        AND a.taxonomy_term_id = ANY($${params.length}::uuid[]))`);
  }
  // The caller may know the total already (from the summary): then only the page is read.
  const total = knownTotal ?? (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service s WHERE ${where.join(' AND ')}`, params)).rows[0].n;
  params.push(limit, offset);
  const { rows } = await db.query<StaleServiceRow>(
    // The page first, from the index alone; only its rows are joined to their organisation and nudge.
    `WITH page AS (
       SELECT s.council_id, s.id, s.name, s.organization_id, s.last_checked FROM service s
        WHERE ${where.join(' AND ')}
        ORDER BY s.last_checked ASC NULLS FIRST, s.id
        LIMIT $${params.length - 1} OFFSET $${params.length})
     SELECT p.id, p.name, p.organization_id, o.name AS organization_name, p.last_checked, n.nudged_at, n.nudges
       FROM page p
       JOIN organization o ON o.council_id = p.council_id AND o.id = p.organization_id
       LEFT JOIN service_last_nudge n ON n.council_id = p.council_id AND n.service_id = p.id
      ORDER BY p.last_checked ASC NULLS FIRST, p.id`,
    params,
  );
  return { rows, total };
}

/** An organisation's name (the list's heading when filtered by it). */
export async function organisationName(db: Queryable, councilId: string, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM organization WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows[0]?.name;
}

/** The nudge reached these addresses (the others refused): the record says who was told. */
export async function settleNudge(db: Queryable, councilId: string, nudgeId: string, reached: string[]): Promise<void> {
  await db.query('UPDATE staleness_nudge SET recipients = $3 WHERE council_id = $1 AND id = $2', [councilId, nudgeId, reached]);
}

/**
 * A nudge no one received: its links go, and its services' claims with them (back to "not
 * nudged", so the next run tries again).
 */
export async function withdrawNudge(db: Queryable, councilId: string, nudgeId: string, sentAt: Date): Promise<void> {
  await db.query(
    `DELETE FROM service_last_nudge n USING staleness_nudge_service l
      WHERE l.council_id = $1 AND l.nudge_id = $2 AND n.council_id = l.council_id AND n.service_id = l.service_id AND n.nudged_at = $3`,
    [councilId, nudgeId, sentAt],
  );
  await db.query('DELETE FROM staleness_nudge WHERE council_id = $1 AND id = $2', [councilId, nudgeId]);
}

// ---- The demo ----

/**
 * Make the first organisation (by name) with three or more live listings due for a check: all
 * last checked seven months ago and unchanged since, the first past a year. Returns their ids.
 */
export async function demoListingsForStaleness(db: Queryable, councilId: string, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH org AS (SELECT s.organization_id FROM service s JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id
                   WHERE s.council_id = $1 AND ${LIVE} GROUP BY s.organization_id, o.name HAVING count(*) >= 3 ORDER BY o.name LIMIT 1)
     SELECT s.id FROM service s JOIN org ON org.organization_id = s.organization_id WHERE s.council_id = $1 AND ${LIVE} ORDER BY s.name, s.id LIMIT 5`,
    [councilId],
  );
  const ids = rows.map((r) => r.id);
  const sevenMonths = new Date(now.getTime() - 212 * 24 * 3600_000);
  const fourteenMonths = new Date(now.getTime() - 425 * 24 * 3600_000);
  await db.query(
    `UPDATE service SET last_checked = CASE WHEN id = $3 THEN $5 ELSE $4 END::timestamptz,
                        assured_date = ((CASE WHEN id = $3 THEN $5 ELSE $4 END)::timestamptz AT TIME ZONE 'Europe/London')::date,
                        last_modified = CASE WHEN id = $3 THEN $5 ELSE $4 END::timestamptz
      WHERE council_id = $1 AND id = ANY($2::uuid[])`,
    [councilId, ids, ids[0] ?? null, sevenMonths, fourteenMonths],
  );
  return ids;
}

export async function setDemoReportStatus(db: Queryable, councilId: string, id: string, status: 'new' | 'in_progress' | 'resolved'): Promise<void> {
  await db.query("UPDATE service_feedback SET status = $3, updated_at = now(), updated_by = 'demo' WHERE council_id = $1 AND id = $2", [councilId, id, status]);
}
