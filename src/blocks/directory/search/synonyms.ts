import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Need-phrase expansion: the needs taxonomy (`data/taxonomy/needs.json`) lists, for each need,
 * the words and phrases residents actually type ("can't pay my rent", "foodbank", "lonely").
 * A query that contains one of them is read as asking for that need, whatever words the
 * services themselves use.
 */
export interface NeedTerm {
  id: string;
  code: string;
  name: string;
  name_cy?: string;
  description?: string;
  parent_id?: string;
  synonyms: string[];
}

const NEEDS_FILE = fileURLToPath(new URL('../../../../data/taxonomy/needs.json', import.meta.url));

/** Lower case, accents and apostrophes gone, anything else that is not a letter or digit a space. */
export function normaliseText(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function tokens(input: string): string[] {
  const s = normaliseText(input);
  return s ? s.split(' ') : [];
}

/**
 * Single words that would match too much on their own (the english stop words that also
 * appear as synonyms, like "will" for wills): they count only as part of a longer phrase.
 */
const WEAK_SINGLE_WORDS = new Set(['will', 'help', 'can', 'do', 'me', 'my', 'i', 'a', 'the', 'on', 'off', 'out', 'up', 'down', 'all', 'no', 'not', 'any', 'fall']);

interface NeedIndex {
  terms: NeedTerm[];
  byId: Map<string, NeedTerm>;
  /** Normalised phrase → ids of the terms that list it (or are called it). */
  phrases: Map<string, string[]>;
  longestPhrase: number;
}

let index: NeedIndex | undefined;

function buildIndex(terms: NeedTerm[]): NeedIndex {
  const phrases = new Map<string, string[]>();
  let longestPhrase = 1;
  const add = (phrase: string, id: string) => {
    const key = normaliseText(phrase);
    if (!key) return;
    const words = key.split(' ');
    if (words.length === 1 && WEAK_SINGLE_WORDS.has(key)) return;
    longestPhrase = Math.max(longestPhrase, words.length);
    const ids = phrases.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    phrases.set(key, ids);
  };
  for (const term of terms) {
    add(term.name, term.id);
    // A need's Welsh name is what a Welsh page calls it ("Digartrefedd", "Iechyd meddwl").
    if (term.name_cy) add(term.name_cy, term.id);
    add(term.code.replace(/-/g, ' '), term.id);
    for (const s of term.synonyms) add(s, term.id);
  }
  return { terms, byId: new Map(terms.map((t) => [t.id, t])), phrases, longestPhrase };
}

function needIndex(): NeedIndex {
  if (!index) {
    const parsed = JSON.parse(readFileSync(NEEDS_FILE, 'utf8')) as { terms: NeedTerm[] };
    index = buildIndex(parsed.terms);
  }
  return index;
}

export function needTerms(): readonly NeedTerm[] {
  return needIndex().terms;
}

export function needTermById(id: string): NeedTerm | undefined {
  return needIndex().byId.get(id);
}

/** The term and every ancestor of it, nearest first. */
export function withAncestors(id: string): string[] {
  const out: string[] = [];
  const { byId } = needIndex();
  for (let t = byId.get(id); t && !out.includes(t.id); t = t.parent_id ? byId.get(t.parent_id) : undefined) out.push(t.id);
  return out.length ? out : [id];
}

/** Words that carry no need of their own, left out when weighing how much of a query a need covers. */
const GLUE_WORDS = new Set(
  'a an and are as at be by can cant do dont for from get getting have help i im in is it me my near need needs of on or please some the to with where who what how'.split(' '),
);

export interface NeedMatch {
  /** The most specific terms the query names: none of them is an ancestor of another match. */
  specific: NeedTerm[];
  /** Every term the query names, including broader ones ("food" as well as "food banks"). */
  all: NeedTerm[];
  /** The normalised phrases found in the query. */
  phrases: string[];
  /** Query words not covered by any phrase. */
  rest: string[];
  /** Share of the query's meaningful words inside need phrases (0..1). */
  coverage: number;
}

/**
 * Find the need phrases in a query: left to right, longest phrase first, so "can't pay my
 * rent" is read as one phrase and not as "rent" alone.
 */
export function matchNeeds(query: string): NeedMatch {
  const { phrases, longestPhrase, byId } = needIndex();
  const words = tokens(query);
  const found = new Set<string>();
  const matchedPhrases: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(longestPhrase, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const ids = phrases.get(phrase);
      if (ids) {
        ids.forEach((id) => found.add(id));
        matchedPhrases.push(phrase);
        matched = n;
        break;
      }
    }
    if (matched) i += matched;
    else rest.push(words[i++]);
  }
  const all = [...found].map((id) => byId.get(id)!);
  const ancestorsOfOthers = new Set(all.flatMap((t) => withAncestors(t.id).slice(1)));
  const specific = all.filter((t) => !ancestorsOfOthers.has(t.id));
  const covered = matchedPhrases.reduce((n, p) => n + p.split(' ').length, 0);
  const uncovered = rest.filter((w) => !GLUE_WORDS.has(w)).length;
  const coverage = covered ? covered / (covered + uncovered) : 0;
  return { specific, all, phrases: matchedPhrases, rest, coverage };
}
