import type { Db, Queryable } from '../../../platform/db/db.js';
import { addSearchWords, clearSearchIndex, rebuildSearchRows, serviceIdsAfter, type IndexVocabulary } from '../sql/search.js';
import { ACCESSIBILITY_FEATURES, DELIVERY_METHODS } from '../vocabulary.js';
import { languageCodesByName } from './languages.js';
import { needTerms, tokens } from './synonyms.js';
import { forgetCandidates } from './candidates.js';
import { indexKeys } from '../taxonomy/external-terms.js';

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
      mappedKeys: indexKeys().keys,
      mappedNeedIds: indexKeys().needIds,
    };
  }
  return vocabulary;
}

/** Services per statement: large enough to amortise the statement, small enough to plan well. */
const BATCH = 1000;

/** A word typo correction may offer: a letter, then letters or digits; 3 to 40 of them. */
const VOCABULARY_WORD = /^[a-z][a-z0-9]{2,39}$/;

/**
 * The words of these names for the typo vocabulary, split as a query is (search/synonyms.ts
 * `tokens`), so that a word typed the way a listing spells it is found as it is. `known`:
 * words already added (by this writer), left out and then recorded.
 */
export function vocabularyWords(names: string[], known?: Set<string>): string[] {
  const words = new Set<string>();
  for (const name of names) {
    for (const word of tokens(name)) if (VOCABULARY_WORD.test(word) && !known?.has(word)) words.add(word);
  }
  for (const word of words) known?.add(word);
  return [...words];
}

export interface ReindexOptions {
  /** Services the writer has just created: they have no index rows yet to replace. */
  fresh?: ReadonlySet<string>;
  /** Words this writer has added to the vocabulary already (a bulk writer's batches share it). */
  knownWords?: Set<string>;
}

/**
 * Rebuild the index rows of these services (deleted services drop out), and add the words of
 * their names to the typo vocabulary. Call inside the writer's transaction. Words only
 * accumulate: a word no listing uses any more can still be offered as a correction (the search
 * then simply finds nothing new) until the council is reindexed whole.
 */
export async function reindexServices(tx: Queryable, councilId: string, serviceIds: string[], options: ReindexOptions = {}): Promise<void> {
  const ids = [...new Set(serviceIds)];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const stale = options.fresh ? batch.filter((id) => !options.fresh!.has(id)) : batch;
    const names = await rebuildSearchRows(tx, councilId, batch, stale, indexVocabulary());
    await addSearchWords(tx, councilId, vocabularyWords(names, options.knownWords));
  }
  forgetCandidates(councilId);
}

/** Rebuild a council's whole index in one transaction (after a change of derivation rules, or nightly so dated schedules expire). */
export async function reindexCouncil(db: Db, councilId: string, onProgress?: (done: number) => void): Promise<number> {
  return db.transaction(async (tx) => {
    await clearSearchIndex(tx, councilId);
    const knownWords = new Set<string>();
    let done = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await serviceIdsAfter(tx, councilId, after, BATCH);
      if (!ids.length) {
        forgetCandidates(councilId);
        return done;
      }
      const names = await rebuildSearchRows(tx, councilId, ids, [], indexVocabulary()); // cleared above
      await addSearchWords(tx, councilId, vocabularyWords(names, knownWords));
      done += ids.length;
      after = ids[ids.length - 1];
      onProgress?.(done);
    }
  });
}
