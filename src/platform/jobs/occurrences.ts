import { CronExpressionParser } from 'cron-parser';
import type { Db } from '../db/db.js';
import { JOB_SCHEMA } from './queue.js';

/** What the timetable puts in each job it files, so that a run can tell it from one sent by hand. */
export const TIMETABLE_DATA = { timetable: true } as const;

/**
 * Claim the due time of a scheduled job's run (the pg-boss job `jobId`), so that it runs once
 * however many processes filed it: true for the first claim, or for a job sent by hand rather
 * than filed by the timetable; false when that due time was already run.
 *
 * pg-boss files the job without naming the occurrence it is for, so the due time is worked out
 * here: the latest time the pattern names at or before the job was filed (both in database time).
 * Two processes filing one occurrence, or a catch-up filed beside the occurrence due now, come to
 * the same due time.
 */
export async function claimOccurrence(db: Db, jobId: string, pattern: string, tz: string): Promise<boolean> {
  const { rows } = await db.query<{ name: string; created_on: Date; data: unknown }>(
    `SELECT name, created_on, data FROM ${JOB_SCHEMA}.job WHERE id = $1`,
    [jobId],
  );
  const job = rows[0];
  if (!job || (job.data as { timetable?: unknown } | null)?.timetable !== true) return true;
  const due = CronExpressionParser.parse(pattern, { tz, currentDate: new Date(job.created_on.getTime() + 1) }).prev().toDate();
  // Now and then, forget claims older than a month (no timetable needed for a table this small).
  if (Math.random() < 0.02) await db.query("DELETE FROM scheduled_occurrence WHERE run_at < now() - interval '30 days'");
  const claimed = await db.query('INSERT INTO scheduled_occurrence (job, due_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job', [job.name, due]);
  return claimed.rows.length === 1;
}
