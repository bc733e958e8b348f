import type { Queryable } from '../../../platform/db/db.js';

/** The insight block's SQL: weekly counters of unmet need, written by upsert and read in sums. */

export type Outcome = 'none' | 'nearby';

export interface UnmetSearchCount {
  week: string;
  district: string;
  outcome: Outcome;
  words: string;
  needs: { id: string; name: string }[];
}

/**
 * Note an event as counted; false when it already was (the dispatcher delivers at least once,
 * so a retried event must not count twice).
 */
export async function claimEvent(tx: Queryable, eventId: number): Promise<boolean> {
  const { rows } = await tx.query('INSERT INTO insight_counted_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id', [eventId]);
  return rows.length === 1;
}

/** Count one search that found nothing (or nothing nearby), `times` times (demo data: more). */
export async function countUnmetSearch(tx: Queryable, councilId: string, s: UnmetSearchCount, times = 1): Promise<void> {
  await tx.query(
    `INSERT INTO insight_unmet_searches (council_id, week, district, outcome, searches) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (council_id, week, district, outcome) DO UPDATE SET searches = insight_unmet_searches.searches + EXCLUDED.searches`,
    [councilId, s.week, s.district, s.outcome, times],
  );
  if (s.words) {
    await tx.query(
      `INSERT INTO insight_unmet_words (council_id, week, district, outcome, words, searches) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (council_id, week, district, outcome, words) DO UPDATE SET searches = insight_unmet_words.searches + EXCLUDED.searches`,
      [councilId, s.week, s.district, s.outcome, s.words, times],
    );
  }
  if (s.needs.length) {
    await tx.query(
      `INSERT INTO insight_unmet_needs (council_id, week, district, outcome, need_id, need_name, searches)
       SELECT $1, $2, $3, $4, n.id, n.name, $7 FROM unnest($5::text[], $6::text[]) AS n (id, name)
       ON CONFLICT (council_id, week, district, outcome, need_id)
       DO UPDATE SET searches = insight_unmet_needs.searches + EXCLUDED.searches, need_name = EXCLUDED.need_name`,
      [councilId, s.week, s.district, s.outcome, s.needs.map((n) => n.id), s.needs.map((n) => n.name), times],
    );
  }
}

/** Count one "out of date" report under each of its service's categories, in the London ISO week of `at`. */
export async function countOutOfDateReport(tx: Queryable, councilId: string, at: Date, categories: string[], times = 1): Promise<void> {
  await tx.query(
    `INSERT INTO insight_out_of_date (council_id, week, category, reports)
     SELECT $1, to_char($2::timestamptz AT TIME ZONE 'Europe/London', 'IYYY-"W"IW'), c, $4 FROM unnest($3::text[]) AS c
     ON CONFLICT (council_id, week, category) DO UPDATE SET reports = insight_out_of_date.reports + EXCLUDED.reports`,
    [councilId, at.toISOString(), categories, times],
  );
}

// --- reading -----------------------------------------------------------------------------

export interface InsightFilter {
  weeks: string[];
  /** A district, or '' for searches that gave no postcode; undefined: every place. */
  district?: string;
  outcome?: Outcome;
}

/** `AND ...` conditions and their parameters for a filter, parameters numbered after `$1` (the council). */
function where(filter: InsightFilter, params: unknown[]): string {
  const conditions = [`week = ANY ($${params.push(filter.weeks)}::text[])`];
  if (filter.district !== undefined) conditions.push(`district = $${params.push(filter.district)}`);
  if (filter.outcome) conditions.push(`outcome = $${params.push(filter.outcome)}`);
  return conditions.map((c) => ` AND ${c}`).join('');
}

export interface WeekTotals {
  week: string;
  none: number;
  nearby: number;
  outOfDate: number;
}

/** Per week: searches that found nothing at all, nothing nearby, and out-of-date reports. */
export async function weeklyTotals(db: Queryable, councilId: string, filter: InsightFilter): Promise<WeekTotals[]> {
  const params: unknown[] = [councilId];
  const { rows } = await db.query<{ week: string; none: number; nearby: number }>(
    `SELECT week, sum(searches) FILTER (WHERE outcome = 'none')::int AS none, sum(searches) FILTER (WHERE outcome = 'nearby')::int AS nearby
       FROM insight_unmet_searches WHERE council_id = $1${where(filter, params)} GROUP BY week`,
    params,
  );
  const reports = await db.query<{ week: string; reports: number }>(
    `SELECT week, sum(reports)::int AS reports FROM insight_out_of_date WHERE council_id = $1 AND week = ANY ($2::text[]) GROUP BY week`,
    [councilId, filter.weeks],
  );
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  const reportsByWeek = new Map(reports.rows.map((r) => [r.week, r.reports]));
  return filter.weeks.map((week) => ({ week, none: byWeek.get(week)?.none ?? 0, nearby: byWeek.get(week)?.nearby ?? 0, outOfDate: reportsByWeek.get(week) ?? 0 }));
}

export interface Ranked {
  label: string;
  count: number;
}

export async function topWords(db: Queryable, councilId: string, filter: InsightFilter, limit = 20): Promise<Ranked[]> {
  const params: unknown[] = [councilId];
  const sql = `SELECT words AS label, sum(searches)::int AS count FROM insight_unmet_words WHERE council_id = $1${where(filter, params)}
               GROUP BY words ORDER BY count DESC, words LIMIT $${params.push(limit)}`;
  return (await db.query<Ranked>(sql, params)).rows;
}

export async function topNeeds(db: Queryable, councilId: string, filter: InsightFilter, limit = 20): Promise<Ranked[]> {
  const params: unknown[] = [councilId];
  // The name most recently counted for the id.
  const sql = `SELECT max(need_name) AS label, sum(searches)::int AS count FROM insight_unmet_needs WHERE council_id = $1${where(filter, params)}
               GROUP BY need_id ORDER BY count DESC, label LIMIT $${params.push(limit)}`;
  return (await db.query<Ranked>(sql, params)).rows;
}

export async function byDistrict(db: Queryable, councilId: string, filter: InsightFilter): Promise<Ranked[]> {
  const params: unknown[] = [councilId];
  const sql = `SELECT district AS label, sum(searches)::int AS count FROM insight_unmet_searches WHERE council_id = $1${where(filter, params)}
               GROUP BY district ORDER BY count DESC, district`;
  return (await db.query<Ranked>(sql, params)).rows;
}

export async function outOfDateByCategory(db: Queryable, councilId: string, weeks: string[]): Promise<Ranked[]> {
  const { rows } = await db.query<Ranked>(
    `SELECT category AS label, sum(reports)::int AS count FROM insight_out_of_date WHERE council_id = $1 AND week = ANY ($2::text[])
      GROUP BY category ORDER BY count DESC, category`,
    [councilId, weeks],
  );
  return rows;
}

/** Every district with counts, for the filter's choices. */
export async function knownDistricts(db: Queryable, councilId: string): Promise<string[]> {
  const { rows } = await db.query<{ district: string }>(
    `SELECT DISTINCT district FROM insight_unmet_searches WHERE council_id = $1 AND district <> '' ORDER BY district`,
    [councilId],
  );
  return rows.map((r) => r.district);
}

// --- open data: the finest rows, for weeks that have ended --------------------------------

export interface WordsRow {
  week: string;
  district: string;
  outcome: Outcome;
  words: string;
  searches: number;
}
export interface NeedRow {
  week: string;
  district: string;
  outcome: Outcome;
  need_id: string;
  need_name: string;
  searches: number;
}
export interface SearchRow {
  week: string;
  district: string;
  outcome: Outcome;
  searches: number;
}
export interface OutOfDateRow {
  week: string;
  category: string;
  reports: number;
}

/** Every counter row of weeks before `beforeWeek` (ISO week strings sort in time order). */
export async function openDataRows(
  db: Queryable,
  councilId: string,
  beforeWeek: string,
): Promise<{ searches: SearchRow[]; words: WordsRow[]; needs: NeedRow[]; outOfDate: OutOfDateRow[] }> {
  const args = [councilId, beforeWeek];
  const order = 'ORDER BY week, district, outcome';
  const [searches, words, needs, outOfDate] = [
    await db.query<SearchRow>(`SELECT week, district, outcome, searches FROM insight_unmet_searches WHERE council_id = $1 AND week < $2 ${order}`, args),
    await db.query<WordsRow>(`SELECT week, district, outcome, words, searches FROM insight_unmet_words WHERE council_id = $1 AND week < $2 ${order}, words`, args),
    await db.query<NeedRow>(
      `SELECT week, district, outcome, need_id, need_name, searches FROM insight_unmet_needs WHERE council_id = $1 AND week < $2 ${order}, need_name, need_id`,
      args,
    ),
    await db.query<OutOfDateRow>(`SELECT week, category, reports FROM insight_out_of_date WHERE council_id = $1 AND week < $2 ORDER BY week, category`, args),
  ];
  return { searches: searches.rows, words: words.rows, needs: needs.rows, outOfDate: outOfDate.rows };
}

/** Whether the council has any counts at all (the demo seeds only a council without). */
export async function hasCounts(db: Queryable, councilId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM insight_unmet_searches WHERE council_id = $1 LIMIT 1', [councilId]);
  return rows.length > 0;
}
