import type { Db } from '../db/db.js';
import { JOB_SCHEMA } from './queue.js';

/**
 * Claim the due time of a scheduled job's run (the pg-boss job `jobId`), so that it runs once
 * however many processes filed it: true for the first claim, or when the job names no due time
 * (sent by hand rather than by the timetable); false when that due time was already run.
 */
export async function claimOccurrence(db: Db, jobId: string): Promise<boolean> {
  const { rows } = await db.query<{ name: string; singleton_on: Date | null }>(`SELECT name, singleton_on FROM ${JOB_SCHEMA}.job WHERE id = $1`, [jobId]);
  const due = rows[0]?.singleton_on;
  if (!due) return true;
  // Now and then, forget claims older than a month (no timetable needed for a table this small).
  if (Math.random() < 0.02) await db.query("DELETE FROM scheduled_occurrence WHERE run_at < now() - interval '30 days'");
  const claimed = await db.query('INSERT INTO scheduled_occurrence (job, due_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job', [rows[0].name, due]);
  return claimed.rows.length === 1;
}
