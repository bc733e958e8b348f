import type { Queryable } from '../../../platform/db/db.js';

/** Residents' "this is out of date" reports (service_feedback) as staff handle them. */

export const REPORT_STATUSES = ['new', 'in_progress', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportRow {
  id: string;
  service_id: string;
  service_name: string;
  organization_id: string;
  organization_name: string;
  message: string;
  /** Only when the resident asked to hear back. */
  reporter_email: string | null;
  created_at: Date;
  status: ReportStatus;
  note: string | null;
  reply: string | null;
  updated_at: Date | null;
  updated_by: string | null;
  resolved_at: Date | null;
  reporter_told_at: Date | null;
}

const SELECT = `SELECT f.id, f.service_id, s.name AS service_name, s.organization_id, o.name AS organization_name, f.message, f.reporter_email,
                       f.created_at, f.status, f.note, f.reply, f.updated_at, f.updated_by, f.resolved_at, f.reporter_told_at
                  FROM service_feedback f
                  JOIN service s ON s.council_id = f.council_id AND s.id = f.service_id
                  JOIN organization o ON o.council_id = s.council_id AND o.id = s.organization_id`;

/** A page of a council's reports (or one organisation's), newest first; `status` narrows them. */
export async function reportsPage(
  db: Queryable,
  councilId: string,
  filter: { status?: ReportStatus; organizationId?: string },
  limit: number,
  offset: number,
): Promise<{ rows: ReportRow[]; total: number; counts: Record<ReportStatus, number> }> {
  const params: unknown[] = [councilId, filter.status ?? null, filter.organizationId ?? null];
  const where = `f.council_id = $1 AND ($2::text IS NULL OR f.status = $2) AND ($3::uuid IS NULL OR s.organization_id = $3)`;
  const { rows } = await db.query<ReportRow>(`${SELECT} WHERE ${where} ORDER BY f.created_at DESC, f.id LIMIT $4 OFFSET $5`, [...params, limit, offset]);
  const { rows: counted } = await db.query<{ status: ReportStatus; n: number }>(
    `SELECT f.status, count(*)::int AS n FROM service_feedback f
       JOIN service s ON s.council_id = f.council_id AND s.id = f.service_id
      WHERE f.council_id = $1 AND ($2::uuid IS NULL OR s.organization_id = $2) GROUP BY f.status`,
    [councilId, filter.organizationId ?? null],
  );
  const counts = { new: 0, in_progress: 0, resolved: 0 } as Record<ReportStatus, number>;
  for (const c of counted) counts[c.status] = c.n;
  const total = filter.status ? counts[filter.status] : counts.new + counts.in_progress + counts.resolved;
  return { rows, total, counts };
}

export async function reportById(db: Queryable, councilId: string, id: string): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(`${SELECT} WHERE f.council_id = $1 AND f.id = $2`, [councilId, id]);
  return rows[0];
}

/** Change a report's status and note; `resolved_at` is set when it becomes resolved. Returns the status before. */
export async function updateReport(
  tx: Queryable,
  councilId: string,
  id: string,
  change: { status: ReportStatus; note: string | null; reply: string | null; by: string; at: Date },
): Promise<ReportStatus | undefined> {
  const { rows } = await tx.query<{ before: ReportStatus }>(
    `UPDATE service_feedback f SET status = $3, note = $4, reply = $5, updated_by = $6, updated_at = $7,
            resolved_at = CASE WHEN $3 = 'resolved' THEN coalesce(f.resolved_at, $7) ELSE NULL END
       FROM (SELECT id, status AS before FROM service_feedback WHERE council_id = $1 AND id = $2 FOR UPDATE) old
      WHERE f.council_id = $1 AND f.id = old.id
      RETURNING old.before`,
    [councilId, id, change.status, change.note, change.reply, change.by, change.at],
  );
  return rows[0]?.before;
}

/** The resident was told the outcome (once: a report resolved again does not email them twice). */
export async function markReporterTold(db: Queryable, councilId: string, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE service_feedback SET reporter_told_at = $3 WHERE council_id = $1 AND id = $2 AND reporter_told_at IS NULL', [councilId, id, at]);
  return rowCount > 0;
}

/** The resident could not be emailed after all: a later save may try again. */
export async function unmarkReporterTold(db: Queryable, councilId: string, id: string): Promise<void> {
  await db.query('UPDATE service_feedback SET reporter_told_at = NULL WHERE council_id = $1 AND id = $2', [councilId, id]);
}

/** An organisation's own email address (where its messages go when it has no editor). */
export async function organisationEmail(db: Queryable, councilId: string, organisationId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ email: string | null }>('SELECT email FROM organization WHERE council_id = $1 AND id = $2', [councilId, organisationId]);
  return rows[0]?.email?.trim() || undefined;
}

/**
 * Reports whose organisation's editors have not been emailed yet, arrived since `since` (older
 * ones are in the managers' list; emailing them days late would not help), oldest first.
 */
export async function reportsAwaitingEditors(db: Queryable, since: Date, limit: number): Promise<{ council_id: string; id: string }[]> {
  const { rows } = await db.query<{ council_id: string; id: string }>(
    'SELECT council_id, id FROM service_feedback WHERE editors_told_at IS NULL AND created_at >= $1 ORDER BY created_at, id LIMIT $2',
    [since, limit],
  );
  return rows;
}

/** Claim a report's editor email (false: another run has it). */
export async function claimEditorsTold(db: Queryable, councilId: string, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE service_feedback SET editors_told_at = $3 WHERE council_id = $1 AND id = $2 AND editors_told_at IS NULL', [councilId, id, at]);
  return rowCount > 0;
}

export async function unclaimEditorsTold(db: Queryable, councilId: string, id: string): Promise<void> {
  await db.query('UPDATE service_feedback SET editors_told_at = NULL WHERE council_id = $1 AND id = $2', [councilId, id]);
}
