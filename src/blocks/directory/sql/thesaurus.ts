import type { Queryable } from '../../../platform/db/db.js';
import type { ThesaurusLanguage, ThesaurusOverride } from '../search/thesaurus.js';

/** All SQL of a council's thesaurus changes (search_thesaurus_entry, migration 010). */

interface Row {
  language: ThesaurusLanguage;
  key: string;
  words: string[];
  related: string[];
  needs: string[];
  removed: boolean;
}

const toOverride = (r: Row): ThesaurusOverride => ({
  language: r.language,
  key: r.key,
  words: r.words,
  related: r.related,
  ...(r.needs.length ? { needs: r.needs } : {}),
  removed: r.removed,
});

/** The council's changes, in both languages. */
export async function thesaurusOverrides(db: Queryable, councilId: string): Promise<ThesaurusOverride[]> {
  const { rows } = await db.query<Row>(
    'SELECT language, key, words, related, needs, removed FROM search_thesaurus_entry WHERE council_id = $1 ORDER BY language, key',
    [councilId],
  );
  return rows.map(toOverride);
}

/**
 * Searches hold what they read per index generation (search/candidates.ts): a change to the
 * thesaurus moves the council's generation so every process reads it again within a second.
 */
async function bumpSearchGeneration(tx: Queryable, councilId: string): Promise<void> {
  await tx.query(
    `INSERT INTO search_generation (council_id, generation) VALUES ($1, 1)
     ON CONFLICT (council_id) DO UPDATE SET generation = search_generation.generation + 1`,
    [councilId],
  );
}

/** Store a change of one entry (replacing any earlier change of the same key). */
export async function saveThesaurusOverride(tx: Queryable, councilId: string, o: ThesaurusOverride): Promise<void> {
  await tx.query(
    `INSERT INTO search_thesaurus_entry (council_id, language, key, words, related, needs, removed)
     VALUES ($1, $2, $3, $4::text[], $5::text[], $6::text[], $7)
     ON CONFLICT (council_id, language, key) DO UPDATE
       SET words = EXCLUDED.words, related = EXCLUDED.related, needs = EXCLUDED.needs, removed = EXCLUDED.removed, updated_at = now()`,
    [councilId, o.language, o.key, o.words, o.related, o.needs ?? [], o.removed],
  );
  await bumpSearchGeneration(tx, councilId);
}

/** Forget the council's change of one entry (the shipped entry, if any, applies again). */
export async function deleteThesaurusOverride(tx: Queryable, councilId: string, language: ThesaurusLanguage, key: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM search_thesaurus_entry WHERE council_id = $1 AND language = $2 AND key = $3', [councilId, language, key]);
  await bumpSearchGeneration(tx, councilId);
  return rowCount > 0;
}

/** Replace every change of one language at once (an import). */
export async function replaceThesaurusOverrides(tx: Queryable, councilId: string, language: ThesaurusLanguage, overrides: ThesaurusOverride[]): Promise<void> {
  await tx.query('DELETE FROM search_thesaurus_entry WHERE council_id = $1 AND language = $2', [councilId, language]);
  if (overrides.length) {
    await tx.query(
      `INSERT INTO search_thesaurus_entry (council_id, language, key, words, related, needs, removed)
       SELECT $1, $2, o.key, array(SELECT jsonb_array_elements_text(o.words)), array(SELECT jsonb_array_elements_text(o.related)),
              array(SELECT jsonb_array_elements_text(o.needs)), o.removed
       FROM jsonb_to_recordset($3::jsonb) AS o(key text, words jsonb, related jsonb, needs jsonb, removed boolean)`,
      [councilId, language, JSON.stringify(overrides.map((o) => ({ key: o.key, words: o.words, related: o.related, needs: o.needs ?? [], removed: o.removed })))],
    );
  }
  await bumpSearchGeneration(tx, councilId);
}
