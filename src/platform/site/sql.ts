import type { Queryable } from '../db/db.js';
import type { Locale } from '../web/i18n.js';
import type { PageFields, SitePage } from './page-fields.js';

/** Every query of the site pages (tables from platform migration 005). */

export interface StoredPageText {
  page: SitePage;
  locale: Locale;
  fields: PageFields;
  updatedAt: Date;
  updatedBy: string | null;
}

interface PageTextRow {
  page: SitePage;
  locale: Locale;
  fields: PageFields;
  updated_at: Date;
  updated_by: string | null;
}

const fromRow = (r: PageTextRow): StoredPageText => ({ page: r.page, locale: r.locale, fields: r.fields, updatedAt: r.updated_at, updatedBy: r.updated_by });

export async function pageText(db: Queryable, councilId: string, page: SitePage, locale: Locale): Promise<StoredPageText | undefined> {
  const { rows } = await db.query<PageTextRow>('SELECT page, locale, fields, updated_at, updated_by FROM site_page_text WHERE council_id = $1 AND page = $2 AND locale = $3', [
    councilId,
    page,
    locale,
  ]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function pageTexts(db: Queryable, councilId: string): Promise<StoredPageText[]> {
  const { rows } = await db.query<PageTextRow>('SELECT page, locale, fields, updated_at, updated_by FROM site_page_text WHERE council_id = $1', [councilId]);
  return rows.map(fromRow);
}

export async function savePageText(db: Queryable, councilId: string, page: SitePage, locale: Locale, fields: PageFields, updatedBy: string | null): Promise<void> {
  await db.query(
    `INSERT INTO site_page_text (council_id, page, locale, fields, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (council_id, page, locale) DO UPDATE SET fields = EXCLUDED.fields, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [councilId, page, locale, JSON.stringify(fields), updatedBy],
  );
}

/** Back to the defaults: whether there was a text of the council's own to remove. */
export async function deletePageText(db: Queryable, councilId: string, page: SitePage, locale: Locale): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM site_page_text WHERE council_id = $1 AND page = $2 AND locale = $3 RETURNING 1', [councilId, page, locale]);
  return rows.length > 0;
}

/** The day the council was set up (YYYY-MM-DD, London time): the default date of its statements. */
export async function councilCreatedOn(db: Queryable, councilId: string): Promise<string> {
  const { rows } = await db.query<{ day: string }>(`SELECT to_char(created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS day FROM council WHERE id = $1`, [councilId]);
  return rows[0]?.day ?? new Date().toISOString().slice(0, 10);
}

export const SATISFACTION = ['very_satisfied', 'satisfied', 'neither', 'dissatisfied', 'very_dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

export interface NewFeedback {
  councilId: string;
  satisfaction: Satisfaction;
  details: string;
  email: string | null;
  fromPath: string | null;
  locale: Locale;
}

export interface FeedbackRow {
  id: string;
  created_at: Date;
  satisfaction: Satisfaction;
  details: string;
  email: string | null;
  from_path: string | null;
  locale: Locale;
}

export async function insertFeedback(db: Queryable, f: NewFeedback): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO site_feedback (council_id, satisfaction, details, email, from_path, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [f.councilId, f.satisfaction, f.details, f.email, f.fromPath, f.locale],
  );
  return rows[0].id;
}

/** One page of feedback, newest first, and how many there are in all. */
export async function feedbackPage(db: Queryable, councilId: string, limit: number, offset: number): Promise<{ rows: FeedbackRow[]; total: number }> {
  const [{ rows }, count] = await Promise.all([
    db.query<FeedbackRow>(
      `SELECT id, created_at, satisfaction, details, email, from_path, locale FROM site_feedback
       WHERE council_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [councilId, limit, offset],
    ),
    db.query<{ total: number }>('SELECT count(*)::int AS total FROM site_feedback WHERE council_id = $1', [councilId]),
  ]);
  return { rows, total: count.rows[0].total };
}
