import { v5 as uuidv5 } from 'uuid';
import { needTermById, needTerms, withAncestors } from '../search/synonyms.js';
import { taxonomyMappings, termUri, type MappingEntry, type Relation, type Vocabulary } from './mappings.js';

/**
 * What the mapping files mean for the rest of the directory: the keys by which the search
 * index recognises an imported term of a mapped vocabulary, and the external terms Hearth
 * publishes beside each of its needs.
 */

/** Relations under which a service tagged with the external term belongs under the need. */
const IMPORTED_AS_NEED: ReadonlySet<Relation> = new Set(['exact', 'narrow']);
/** Relations under which a service under the need is also a service of the external term. */
const PUBLISHED_WITH_NEED: ReadonlySet<Relation> = new Set(['exact', 'broad']);

/** Namespace of the ids Hearth gives external terms and vocabularies in its ORUK output (UUID v5 of their URIs). */
export const EXTERNAL_TERM_NAMESPACE = '0f3c2a5e-7d3b-5f51-9a0e-6c1d2b8e4f70';

/**
 * A URI or a vocabulary's name as the index compares them: lower case, no scheme, no trailing
 * slash, so `https://id.esd.org.uk/service/1818/` and `http://id.esd.org.uk/service/1818`
 * are one. The SQL in `sql/search.ts` (`normalisedKey`) does the same to what a feed wrote.
 */
export function normaliseKey(value: string): string {
  return value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

export interface IndexKeys {
  /** `uri:…`, `curie:prefix:code` or `name:vocabulary|code-or-label`, each beside the need it means. */
  keys: string[];
  needIds: string[];
}

let keys: IndexKeys | undefined;

/**
 * Every way an imported term of a mapped vocabulary can be recognised, with the need id it is
 * indexed under: its term URI; a CURIE (`esdServiceType:1818`) as its code or term; or the
 * vocabulary's name (as the term's `taxonomy`, or its taxonomy's name or URI) with the code,
 * or the label, as the term's code, term or name.
 */
export function indexKeys(): IndexKeys {
  if (keys) return keys;
  const needIdByCode = new Map(needTerms().map((t) => [t.code, t.id]));
  const out: IndexKeys = { keys: [], needIds: [] };
  const seen = new Set<string>();
  const add = (key: string, needId: string) => {
    const pair = `${key}\u0000${needId}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    out.keys.push(key);
    out.needIds.push(needId);
  };
  for (const vocabulary of taxonomyMappings()) {
    const names = [...vocabulary.names, vocabulary.name, vocabulary.list_uri].map(normaliseKey);
    for (const entry of vocabulary.entries) {
      if (!IMPORTED_AS_NEED.has(entry.relation)) continue;
      const code = entry.code.toLowerCase();
      for (const need of entry.needs) {
        const needId = needIdByCode.get(need)!;
        add(`uri:${normaliseKey(termUri(vocabulary, entry.code))}`, needId);
        if (vocabulary.curie) add(`curie:${vocabulary.curie.toLowerCase()}:${code}`, needId);
        for (const name of names) {
          add(`name:${name}|${code}`, needId);
          add(`name:${name}|${entry.label.trim().toLowerCase()}`, needId);
        }
      }
    }
  }
  keys = out;
  return out;
}

export interface MappedTerm {
  vocabulary: Vocabulary;
  entry: MappingEntry;
}

/** Every external term mapped to a need (any relation), in file then entry order. */
export function mappedTermsOf(needCode: string): MappedTerm[] {
  const out: MappedTerm[] = [];
  for (const vocabulary of taxonomyMappings()) {
    for (const entry of vocabulary.entries) if (entry.needs.includes(needCode)) out.push({ vocabulary, entry });
  }
  return out;
}

/**
 * The external terms a service under this need is published with: the exact and broad mappings
 * of the need and of each need above it (what includes a broader need includes this one too).
 */
export function publishedTermsOf(needCode: string): MappedTerm[] {
  const need = needTerms().find((t) => t.code === needCode);
  const codes = need ? withAncestors(need.id).map((id) => needTermById(id)!.code) : [needCode];
  const seen = new Set<string>();
  const out: MappedTerm[] = [];
  for (const code of codes) {
    for (const t of mappedTermsOf(code)) {
      const key = `${t.vocabulary.vocabulary}\u0000${t.entry.code}`;
      if (!PUBLISHED_WITH_NEED.has(t.entry.relation) || seen.has(key)) continue;
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

/** The stable id Hearth gives an external vocabulary in its ORUK output. */
export function externalTaxonomyId(vocabulary: Vocabulary): string {
  return uuidv5(vocabulary.list_uri, EXTERNAL_TERM_NAMESPACE);
}

/** An external term as an ORUK 3.0 taxonomy_term: its own URI, its vocabulary's name, its code as `term`. */
export function orukExternalTerm({ vocabulary, entry }: MappedTerm): Record<string, unknown> {
  const uri = termUri(vocabulary, entry.code);
  return {
    id: uuidv5(uri, EXTERNAL_TERM_NAMESPACE),
    name: entry.label,
    description: `${vocabulary.name} ${entry.code}: ${entry.label}`,
    taxonomy: vocabulary.name,
    taxonomy_id: externalTaxonomyId(vocabulary),
    term_uri: uri,
    term: entry.code,
  };
}

interface ExternalIndex {
  taxonomies: Map<string, Record<string, unknown>>;
  terms: Map<string, Record<string, unknown>>;
}
let external: ExternalIndex | undefined;

/** Every mapped external term and vocabulary by the id Hearth gives it, so the ids it publishes resolve in its own feed. */
function externalIndex(): ExternalIndex {
  if (external) return external;
  const index: ExternalIndex = { taxonomies: new Map(), terms: new Map() };
  for (const vocabulary of taxonomyMappings()) {
    const terms = new Map<string, Record<string, unknown>>();
    for (const entry of vocabulary.entries) {
      const term = orukExternalTerm({ vocabulary, entry });
      terms.set(term.id as string, term);
      index.terms.set(term.id as string, term);
    }
    index.taxonomies.set(externalTaxonomyId(vocabulary), {
      id: externalTaxonomyId(vocabulary),
      name: vocabulary.name,
      description: vocabulary.description,
      uri: vocabulary.list_uri,
      taxonomy_terms: [...terms.values()],
    });
  }
  external = index;
  return index;
}

/** A mapped vocabulary as an ORUK taxonomy with the terms Hearth maps (not the whole list), by its id. */
export function externalTaxonomyById(id: string): Record<string, unknown> | undefined {
  return externalIndex().taxonomies.get(id.toLowerCase());
}

/** A mapped external term as an ORUK taxonomy_term, by its id. */
export function externalTermById(id: string): Record<string, unknown> | undefined {
  return externalIndex().terms.get(id.toLowerCase());
}
