import type { Db, Queryable } from '../../../platform/db/db.js';
import { clearSearchIndex, rebuildSearchRows, serviceIdsAfter, type IndexVocabulary } from '../sql/search.js';
import { ACCESSIBILITY_FEATURES, DELIVERY_METHODS } from '../vocabulary.js';
import { languageCodesByName } from './languages.js';
import { needTerms } from './synonyms.js';
import { forgetCandidates } from './candidates.js';

/**
 * Keeps the search index (search_service, search_place, search_word) in step with the ORUK
 * tables. Writers call `reindexServices` in the same transaction as their change, so a search
 * never sees a half-updated service.
 */

let vocabulary: IndexVocabulary | undefined;

function indexVocabulary(): IndexVocabulary {
  if (!vocabulary) {
    const needs = needTerms();
    vocabulary = {
      delivery: DELIVERY_METHODS,
      accessibility: ACCESSIBILITY_FEATURES,
      needIds: needs.map((t) => t.id),
      needParents: needs.map((t) => t.parent_id ?? null),
      needSynonyms: needs.map((t) => t.synonyms.join(' ; ')),
      languageCodesByName: JSON.stringify(languageCodesByName()),
    };
  }
  return vocabulary;
}

/** Services per statement: large enough to amortise the statement, small enough to plan well. */
const BATCH = 1000;

/**
 * Rebuild the index rows of these services (deleted services drop out). Call inside the
 * writer's transaction. `fresh`: services the writer has just created, which have no rows yet
 * to replace.
 */
export async function reindexServices(tx: Queryable, councilId: string, serviceIds: string[], options: { fresh?: ReadonlySet<string> } = {}): Promise<void> {
  const ids = [...new Set(serviceIds)];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const stale = options.fresh ? batch.filter((id) => !options.fresh!.has(id)) : batch;
    await rebuildSearchRows(tx, councilId, batch, stale, indexVocabulary());
  }
  forgetCandidates(councilId);
}

/** Rebuild a council's whole index in one transaction (after a change of derivation rules, or nightly so dated schedules expire). */
export async function reindexCouncil(db: Db, councilId: string, onProgress?: (done: number) => void): Promise<number> {
  return db.transaction(async (tx) => {
    await clearSearchIndex(tx, councilId);
    let done = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await serviceIdsAfter(tx, councilId, after, BATCH);
      if (!ids.length) {
        forgetCandidates(councilId);
        return done;
      }
      await rebuildSearchRows(tx, councilId, ids, [], indexVocabulary()); // cleared above
      done += ids.length;
      after = ids[ids.length - 1];
      onProgress?.(done);
    }
  });
}
