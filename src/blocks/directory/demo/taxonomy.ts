import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ACCESSIBILITY_FEATURES,
  ACCESSIBILITY_TAXONOMY,
  DELIVERY_METHODS,
  DELIVERY_TAXONOMY,
  type VocabularyTerm,
} from '../vocabulary.js';
import type { OrukTaxonomy, OrukTaxonomyTerm } from './oruk-types.js';

/**
 * The needs taxonomy (`data/taxonomy/needs.json`): what residents need help with, in their
 * own words. It is data, not code, so that councils can share and adapt it.
 */
export const NEEDS_JSON = fileURLToPath(new URL('../../../../data/taxonomy/needs.json', import.meta.url));

export interface NeedTerm {
  id: string;
  /** Stable short name used in query strings, e.g. `need=food`. */
  code: string;
  name: string;
  name_cy: string;
  description: string;
  /** Absent on top-level needs. */
  parent_id?: string;
  /** Words and phrases people type, including colloquial and misspelt ones. */
  synonyms: string[];
}

export interface NeedsTaxonomy {
  taxonomy: { id: string; name: string; description: string; uri: string; version: string };
  terms: NeedTerm[];
}

let loaded: NeedsTaxonomy | undefined;
let byCode: Map<string, NeedTerm> | undefined;
let byId: Map<string, NeedTerm> | undefined;

export function needsTaxonomy(): NeedsTaxonomy {
  if (!loaded) {
    loaded = JSON.parse(readFileSync(NEEDS_JSON, 'utf8')) as NeedsTaxonomy;
    byCode = new Map(loaded.terms.map((t) => [t.code, t]));
    byId = new Map(loaded.terms.map((t) => [t.id, t]));
  }
  return loaded;
}

export function needTerms(): readonly NeedTerm[] {
  return needsTaxonomy().terms;
}

export function needTermByCode(code: string): NeedTerm | undefined {
  needsTaxonomy();
  return byCode!.get(code);
}

export function needTermById(id: string): NeedTerm | undefined {
  needsTaxonomy();
  return byId!.get(id);
}

export function topLevelNeeds(): NeedTerm[] {
  return needTerms().filter((t) => !t.parent_id);
}

/** The term itself if it is top-level, else its top-level ancestor. */
export function topLevelNeedOf(term: NeedTerm): NeedTerm {
  let current = term;
  while (current.parent_id) {
    const parent = needTermById(current.parent_id);
    if (!parent) throw new Error(`Need "${current.code}" has an unknown parent ${current.parent_id}`);
    current = parent;
  }
  return current;
}

/** A need as an ORUK taxonomy_term object. */
export function needTaxonomyTerm(term: NeedTerm): OrukTaxonomyTerm {
  const { taxonomy } = needsTaxonomy();
  return {
    id: term.id,
    code: term.code,
    name: term.name,
    description: term.description,
    ...(term.parent_id ? { parent_id: term.parent_id } : {}),
    taxonomy: taxonomy.name,
    taxonomy_id: taxonomy.id,
    term_uri: `${taxonomy.uri}/${term.code}`,
    term: term.name,
  };
}

const vocabularyTerm = (taxonomy: typeof DELIVERY_TAXONOMY | typeof ACCESSIBILITY_TAXONOMY, term: VocabularyTerm): OrukTaxonomyTerm => ({
  id: term.id,
  code: term.code,
  name: term.name,
  description: term.description,
  taxonomy: taxonomy.name,
  taxonomy_id: taxonomy.id,
  term_uri: `${taxonomy.uri}/${term.code}`,
  term: term.name,
});

function lookup(terms: readonly VocabularyTerm[], code: string, what: string): VocabularyTerm {
  const term = terms.find((t) => t.code === code);
  if (!term) throw new Error(`Unknown ${what} code "${code}"`);
  return term;
}

export function deliveryTaxonomyTerm(code: string): OrukTaxonomyTerm {
  return vocabularyTerm(DELIVERY_TAXONOMY, lookup(DELIVERY_METHODS, code, 'delivery method'));
}

export function accessibilityTaxonomyTerm(code: string): OrukTaxonomyTerm {
  return vocabularyTerm(ACCESSIBILITY_TAXONOMY, lookup(ACCESSIBILITY_FEATURES, code, 'accessibility feature'));
}

/** The three taxonomies the demo data uses, as ORUK taxonomy objects with their terms. */
export function orukTaxonomies(): OrukTaxonomy[] {
  const { taxonomy, terms } = needsTaxonomy();
  return [
    { ...taxonomy, taxonomy_terms: terms.map(needTaxonomyTerm) },
    { ...DELIVERY_TAXONOMY, taxonomy_terms: DELIVERY_METHODS.map((t) => vocabularyTerm(DELIVERY_TAXONOMY, t)) },
    { ...ACCESSIBILITY_TAXONOMY, taxonomy_terms: ACCESSIBILITY_FEATURES.map((t) => vocabularyTerm(ACCESSIBILITY_TAXONOMY, t)) },
  ];
}
