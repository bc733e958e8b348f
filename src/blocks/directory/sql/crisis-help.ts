import type { Queryable } from '../../../platform/db/db.js';

/** A council's own crisis help in one language, as stored (undefined when it keeps the default). */
export async function readCrisisHelp(db: Queryable, councilId: string, locale: string): Promise<unknown> {
  const { rows } = await db.query<{ help: unknown }>('SELECT help FROM directory_crisis_help WHERE council_id = $1 AND locale = $2', [councilId, locale]);
  return rows[0]?.help;
}

/** Store a council's crisis help in one language, or (null) go back to the default. */
export async function writeCrisisHelp(db: Queryable, councilId: string, locale: string, help: unknown | null): Promise<void> {
  if (help === null) {
    await db.query('DELETE FROM directory_crisis_help WHERE council_id = $1 AND locale = $2', [councilId, locale]);
    return;
  }
  await db.query(
    `INSERT INTO directory_crisis_help (council_id, locale, help) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (council_id, locale) DO UPDATE SET help = EXCLUDED.help, updated_at = now()`,
    [councilId, locale, JSON.stringify(help)],
  );
}

/** Which languages a council has its own crisis help in, and when each was last changed. */
export async function crisisHelpChanges(db: Queryable, councilId: string): Promise<Map<string, Date>> {
  const { rows } = await db.query<{ locale: string; updated_at: Date }>('SELECT locale, updated_at FROM directory_crisis_help WHERE council_id = $1', [councilId]);
  return new Map(rows.map((r) => [r.locale, r.updated_at]));
}
