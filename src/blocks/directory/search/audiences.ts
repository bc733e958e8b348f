import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextSpec } from '../sql/search.js';
import { needTerms, tokens } from './synonyms.js';

/**
 * Who a service is for, where it matters to ranking: services for people who harm others
 * (perpetrator programmes) rank below support for the people they harm, unless the search is
 * worded by someone who harms ("I hurt my partner", "anger management"). The markers are data
 * (`data/taxonomy/perpetrator-services.json`, described there).
 */

const PERPETRATOR_FILE = fileURLToPath(new URL('../../../../data/taxonomy/perpetrator-services.json', import.meta.url));

/** How a search demotes services for a given audience (see `demote` of TextSpec in sql/search.ts). */
export type Demotion = NonNullable<TextSpec['demote']>;

interface PerpetratorFile {
  needs: string[];
  described_as: string[];
  query_phrases: string[];
  rank_factor: number;
}

let loaded: { demotion: Demotion; queryPhrases: string[][] } | undefined;

function perpetratorData() {
  if (!loaded) {
    const file = JSON.parse(readFileSync(PERPETRATOR_FILE, 'utf8')) as PerpetratorFile;
    const byCode = new Map(needTerms().map((t) => [t.code, t.id]));
    const termIds = file.needs.map((code) => {
      const id = byCode.get(code);
      if (!id) throw new Error(`perpetrator-services.json names the need "${code}", which needs.json does not have`);
      return id;
    });
    // Only letters and digits reach the tsquery: each phrase's words in order, the phrases as alternatives.
    const described = file.described_as
      .map((phrase) => tokens(phrase).join(' <-> '))
      .filter(Boolean)
      .map((p) => `(${p})`)
      .join(' | ');
    if (!(file.rank_factor > 0 && file.rank_factor <= 1)) throw new Error('perpetrator-services.json: rank_factor must be more than 0 and at most 1');
    loaded = { demotion: { termIds, described, factor: file.rank_factor }, queryPhrases: file.query_phrases.map(tokens).filter((p) => p.length) };
  }
  return loaded;
}

const containsPhrase = (words: string[], phrase: string[]) =>
  words.some((_, start) => start + phrase.length <= words.length && phrase.every((w, k) => words[start + k] === w));

/**
 * The demotion a search applies to services for people who harm: none when its words are those
 * of someone looking for such a service.
 */
export function perpetratorDemotion(q: string): Demotion | undefined {
  const { demotion, queryPhrases } = perpetratorData();
  const words = tokens(q);
  return queryPhrases.some((p) => containsPhrase(words, p)) ? undefined : demotion;
}
