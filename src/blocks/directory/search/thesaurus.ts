import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../../../platform/db/db.js';
import { thesaurusOverrides } from '../sql/thesaurus.js';
import { memoPerGeneration } from './candidates.js';
import { matchNeeds, needTerms, normaliseText, tokens, withAncestors, type NeedMatch, type NeedTerm } from './synonyms.js';

/**
 * The thesaurus: what residents type ("skint", "nowhere to sleep tonight", "banc bwyd") and the
 * words a listing of any directory may use for the same thing ("debt", "night shelter"). Need
 * phrases (synonyms.ts) find services tagged with Hearth's own needs; the thesaurus also finds
 * services that were never tagged so — imported from another directory, under its own taxonomy
 * and in its own words — by searching their names, descriptions and term names for the related
 * words. Shipped as data (`data/thesaurus/<language>.json`); a council changes it on
 * /admin/directory/thesaurus (stored in `search_thesaurus_entry`, sql/thesaurus.ts).
 */

export const THESAURUS_LANGUAGES = ['en', 'cy'] as const;
export type ThesaurusLanguage = (typeof THESAURUS_LANGUAGES)[number];

export interface ThesaurusEntry {
  /** Phrases residents type (the first one names the entry). */
  words: string[];
  /** Words listings use for the same thing. */
  related: string[];
  /** Codes of needs.json the words also ask for. */
  needs?: string[];
}

export interface ThesaurusFile {
  language: ThesaurusLanguage;
  description?: string;
  entries: ThesaurusEntry[];
}

/** An entry of a council's thesaurus with the key that names it (the first phrase, normalised) and where it comes from. */
export interface KeyedEntry extends ThesaurusEntry {
  key: string;
  language: ThesaurusLanguage;
  /** 'shipped': as in the file; 'changed': a shipped entry the council changed; 'added': the council's own. */
  origin: 'shipped' | 'changed' | 'added';
}

/** A council's stored change: an entry replacing (or, `removed`, hiding) the shipped one of that key, or a new one. */
export interface ThesaurusOverride extends ThesaurusEntry {
  key: string;
  language: ThesaurusLanguage;
  removed: boolean;
}

/** Limits that keep an entry (and so a query's expansion) small. */
export const ENTRY_LIMITS = { words: 60, related: 20, needs: 6, phraseLength: 80 };

/** Related words a query is expanded with, in all: more would match most of a directory. */
export const MAX_RELATED = 16;

/** Single words too common to stand for an entry on their own (they still count inside a phrase). */
const WEAK_SINGLE_WORDS = new Set(['will', 'help', 'can', 'do', 'me', 'my', 'i', 'a', 'the', 'on', 'off', 'out', 'up', 'down', 'all', 'no', 'not', 'any', 'fall', 'a', 'y', 'yr', 'ar', 'am', 'i', 'o', 'yn', 'dy', 'hyn']);

/** Words that carry no need of their own, in either language: left out when weighing how much a phrase covers, and never required of a listing. */
export const GLUE_WORDS = new Set(
  (
    'a an and are as at be by can cant do dont for from get getting have help i im in is it me my near need needs of on or please some the to with where who what how ' +
    'today tonight now urgent urgently asap local nearby near me around here ' +
    'a ac am ar at y yr yn i o gyda efo mae oes sydd fy dy ei ein eich eu help helpu angen eisiau isio wrth ger agos yma heddiw heno nawr rwan rŵan'
  ).split(' ').map((w) => normaliseText(w)),
);

const dataFile = (language: ThesaurusLanguage) => fileURLToPath(new URL(`../../../../data/thesaurus/${language}.json`, import.meta.url));

const shipped = new Map<ThesaurusLanguage, KeyedEntry[]>();

export const entryKey = (entry: Pick<ThesaurusEntry, 'words'>) => normaliseText(entry.words[0] ?? '');

/** The shipped thesaurus of a language, each entry keyed. */
export function shippedThesaurus(language: ThesaurusLanguage): readonly KeyedEntry[] {
  let entries = shipped.get(language);
  if (!entries) {
    const file = JSON.parse(readFileSync(dataFile(language), 'utf8')) as ThesaurusFile;
    const problems = checkThesaurusFile(file, language);
    if (problems.length) throw new Error(`data/thesaurus/${language}.json: ${problems.map((p) => `${p.name} ${p.reason}`).join('; ')}`);
    entries = file.entries.map((e) => ({ ...e, key: entryKey(e), language, origin: 'shipped' as const }));
    shipped.set(language, entries);
  }
  return entries;
}

/**
 * What is wrong with a thesaurus file (a shipped one, or one a council imports), each problem
 * named by its place (`entries[3].words`) and reason. Empty when it is fine.
 */
export function checkThesaurusFile(file: unknown, language?: ThesaurusLanguage): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  if (!file || typeof file !== 'object') return [{ name: 'file', reason: 'must be a JSON object with language and entries' }];
  const f = file as Partial<ThesaurusFile>;
  if (!THESAURUS_LANGUAGES.includes(f.language as ThesaurusLanguage)) problems.push({ name: 'language', reason: 'must be "en" or "cy"' });
  else if (language && f.language !== language) problems.push({ name: 'language', reason: `must be "${language}"` });
  if (!Array.isArray(f.entries)) return [...problems, { name: 'entries', reason: 'must be a list of entries' }];
  const keys = new Map<string, number>();
  f.entries.forEach((entry, i) => {
    for (const p of checkEntry(entry)) problems.push({ name: `entries[${i}].${p.name}`, reason: p.reason });
    const key = Array.isArray(entry?.words) && typeof entry.words[0] === 'string' ? entryKey(entry) : '';
    if (key && keys.has(key)) problems.push({ name: `entries[${i}].words`, reason: `starts with "${key}", as entry ${keys.get(key)} does: each entry must start with a different phrase` });
    else if (key) keys.set(key, i);
  });
  return problems;
}

/** What is wrong with one entry, by field. */
export function checkEntry(entry: unknown): { name: 'words' | 'related' | 'needs' | 'entry'; reason: string }[] {
  if (!entry || typeof entry !== 'object') return [{ name: 'entry', reason: 'must be an object with words and related' }];
  const e = entry as Partial<ThesaurusEntry>;
  const problems: { name: 'words' | 'related' | 'needs'; reason: string }[] = [];
  const list = (name: 'words' | 'related', value: unknown, max: number) => {
    if (!Array.isArray(value) || !value.length) return problems.push({ name, reason: 'must list at least one phrase' });
    if (value.length > max) return problems.push({ name, reason: `must list at most ${max} phrases` });
    const bad = value.find((v) => typeof v !== 'string' || !normaliseText(v) || v.length > ENTRY_LIMITS.phraseLength);
    if (bad !== undefined) problems.push({ name, reason: `"${String(bad).slice(0, 40)}" is not a phrase of letters or digits up to ${ENTRY_LIMITS.phraseLength} characters` });
    return 0;
  };
  list('words', e.words, ENTRY_LIMITS.words);
  list('related', e.related, ENTRY_LIMITS.related);
  if (e.needs !== undefined) {
    if (!Array.isArray(e.needs) || e.needs.length > ENTRY_LIMITS.needs) problems.push({ name: 'needs', reason: `must be a list of at most ${ENTRY_LIMITS.needs} need codes` });
    else {
      const codes = new Set(needTerms().map((t) => t.code));
      const unknown = e.needs.find((c) => typeof c !== 'string' || !codes.has(c));
      if (unknown !== undefined) problems.push({ name: 'needs', reason: `"${String(unknown).slice(0, 40)}" is not a need code of Hearth's needs taxonomy` });
    }
  }
  return problems;
}

/** A council's thesaurus: the shipped entries with its changes applied, and its own entries after them. */
export function effectiveThesaurus(language: ThesaurusLanguage, overrides: readonly ThesaurusOverride[]): KeyedEntry[] {
  const mine = new Map(overrides.filter((o) => o.language === language).map((o) => [o.key, o]));
  const out: KeyedEntry[] = [];
  for (const entry of shippedThesaurus(language)) {
    const change = mine.get(entry.key);
    mine.delete(entry.key);
    if (!change) out.push(entry);
    else if (!change.removed) out.push({ ...pick(change), key: entry.key, language, origin: 'changed' });
  }
  for (const change of mine.values()) if (!change.removed) out.push({ ...pick(change), key: change.key, language, origin: 'added' });
  return out;
}

const pick = (e: ThesaurusEntry): ThesaurusEntry => ({ words: e.words, related: e.related, ...(e.needs?.length ? { needs: e.needs } : {}) });

/** A thesaurus compiled for reading queries. */
export interface Lexicon {
  /** Normalised phrase → the entries that list it. */
  phrases: Map<string, KeyedEntry[]>;
  longestPhrase: number;
  /** Every Welsh word the thesaurus knows (typed or related): never corrected, and what Welsh corrections aim at. */
  welshWords: Set<string>;
}

/** Compile both languages' entries (a query is read against both: residents mix them). */
export function compileLexicon(entries: readonly KeyedEntry[]): Lexicon {
  const phrases = new Map<string, KeyedEntry[]>();
  const welshWords = new Set<string>();
  let longestPhrase = 1;
  for (const entry of entries) {
    for (const phrase of entry.words) {
      const key = normaliseText(phrase);
      if (!key || (!key.includes(' ') && WEAK_SINGLE_WORDS.has(key))) continue;
      longestPhrase = Math.max(longestPhrase, key.split(' ').length);
      const list = phrases.get(key) ?? [];
      if (!list.includes(entry)) list.push(entry);
      phrases.set(key, list);
    }
    if (entry.language === 'cy') for (const phrase of [...entry.words, ...entry.related]) for (const w of tokens(phrase)) welshWords.add(w);
  }
  // Welsh names of needs are Welsh words too.
  for (const t of needTerms()) if (t.name_cy) for (const w of tokens(t.name_cy)) welshWords.add(w);
  return { phrases, longestPhrase, welshWords };
}

let shippedLexicon: Lexicon | undefined;

/** The shipped thesaurus of both languages, compiled (for councils that changed nothing). */
export function defaultLexicon(): Lexicon {
  return (shippedLexicon ??= compileLexicon(THESAURUS_LANGUAGES.flatMap((l) => shippedThesaurus(l))));
}

export interface QueryReading extends NeedMatch {
  /** Words listings may use instead of the resident's, capped at MAX_RELATED, most important first. */
  related: string[];
  /** Query words inside a recognised need or thesaurus phrase: never corrected. */
  covered: Set<string>;
  /** Meaningful words outside any phrase: a listing found through related words must still have these. */
  unexplained: string[];
}

/**
 * Read a query against the need phrases and the thesaurus: the needs it names (from either),
 * and the related words listings may use instead. Phrases are found left to right, longest
 * first, as need phrases are, so "nowhere to sleep tonight" is one phrase, not "sleep".
 */
export function readQuery(q: string, lexicon: Lexicon): QueryReading {
  const needs = matchNeeds(q);
  const words = tokens(q);
  const byCode = new Map(needTerms().map((t) => [t.code, t]));
  const found: KeyedEntry[][] = [];
  const foundPhrases: string[] = [];
  const covered = new Set<string>(needs.phrases.flatMap((p) => p.split(' ')));
  const rest: string[] = [];
  let coveredCount = 0;
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(lexicon.longestPhrase, words.length - i); n >= 1; n--) {
      const entries = lexicon.phrases.get(words.slice(i, i + n).join(' '));
      if (entries) {
        found.push(entries);
        foundPhrases.push(words.slice(i, i + n).join(' '));
        words.slice(i, i + n).forEach((w) => covered.add(w));
        matched = n;
        break;
      }
    }
    if (matched) {
      coveredCount += matched;
      i += matched;
    } else rest.push(words[i++]);
  }
  if (!found.length) return { ...needs, related: [], covered, unexplained: needs.rest.filter((w) => !GLUE_WORDS.has(w)) };

  // Needs the thesaurus names join those of the need phrases, but never narrow them: "domestic
  // abuse" read by needs.json as the whole need must keep every service under it, not only
  // those of the one sub-need the thesaurus entry names.
  const all = new Map<string, NeedTerm>(needs.all.map((t) => [t.id, t]));
  const named = new Set(needs.all.map((t) => t.id));
  // (A thesaurus phrase longer than the need phrase inside it, "banc bwyd" around "bwyd", does narrow it.)
  const coveredByNeedPhrase = (phrase: string) => needs.phrases.some((np) => ` ${np} `.includes(` ${phrase} `));
  found.forEach((entries, k) => {
    for (const e of entries) for (const code of e.needs ?? []) {
      const term = byCode.get(code);
      if (term && !(coveredByNeedPhrase(foundPhrases[k]) && withAncestors(term.id).some((id) => named.has(id)))) all.set(term.id, term);
    }
  });
  const allTerms = [...all.values()];
  const ancestorsOfOthers = new Set(allTerms.flatMap((t) => withAncestors(t.id).slice(1)));
  const specific = allTerms.filter((t) => !ancestorsOfOthers.has(t.id));

  // Related words: taken in turn from each phrase found (its entries' lists in order), so that
  // every phrase of the query is represented before any one of them adds its tenth word.
  const typed = new Set(words);
  const lists = found.map((entries) => entries.flatMap((e) => e.related));
  const related: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; related.length < MAX_RELATED && lists.some((l) => k < l.length); k++) {
    for (const list of lists) {
      const phrase = list[k];
      if (phrase === undefined || related.length >= MAX_RELATED) continue;
      const norm = normaliseText(phrase);
      if (!norm || seen.has(norm) || typed.has(norm)) continue;
      seen.add(norm);
      related.push(norm);
    }
  }

  const unexplained = rest.filter((w) => !GLUE_WORDS.has(w) && !covered.has(w));
  const meaningful = coveredCount + unexplained.length;
  const coverage = Math.max(needs.coverage, meaningful ? coveredCount / meaningful : 0);
  return { specific, all: allTerms, phrases: needs.phrases, rest: needs.rest, coverage: specific.length ? coverage : needs.coverage, related, covered, unexplained };
}

/**
 * Related words as a tsquery text of plain words: each phrase its words in order, the phrases
 * as alternatives. Only letters and digits reach it. Undefined when there are none. The query's
 * other words are not required of a listing found so: they are mostly the resident's own
 * framing ("my mum keeps ...", "something for my dad to do"), which no listing says; a listing
 * that has them is found by them directly and ranks above.
 */
export function relatedTsquery(related: readonly string[]): string | undefined {
  const alternatives = related
    .map((r) => tokens(r).filter((w) => /^[a-z0-9]+$/.test(w)).join(' <-> '))
    .filter(Boolean)
    .map((p) => `(${p})`);
  return alternatives.length ? alternatives.join(' | ') : undefined;
}

/** A council's thesaurus (its changes over the shipped one), compiled; read again when its search index generation moves. */
export async function councilLexicon(db: Queryable, councilId: string): Promise<Lexicon> {
  return memoPerGeneration(db, councilId, 'thesaurus', async () => {
    const overrides = await thesaurusOverrides(db, councilId);
    if (!overrides.length) return defaultLexicon();
    return compileLexicon(THESAURUS_LANGUAGES.flatMap((l) => effectiveThesaurus(l, overrides)));
  });
}

const sameEntry = (a: ThesaurusEntry, b: ThesaurusEntry) => JSON.stringify(pick(a)) === JSON.stringify(pick(b));

/**
 * The changes that make a council's thesaurus of one language exactly the entries of an
 * imported file (checked with `checkThesaurusFile` first): an entry as shipped needs no change,
 * a different or new one is stored, and a shipped entry the file leaves out is removed.
 */
export function overridesForImport(language: ThesaurusLanguage, entries: readonly ThesaurusEntry[]): ThesaurusOverride[] {
  const byKey = new Map(shippedThesaurus(language).map((e) => [e.key, e]));
  const out: ThesaurusOverride[] = [];
  for (const entry of entries) {
    const key = entryKey(entry);
    const shippedEntry = byKey.get(key);
    byKey.delete(key);
    if (!shippedEntry || !sameEntry(shippedEntry, entry)) out.push({ ...pick(entry), key, language, removed: false });
  }
  for (const left of byKey.values()) out.push({ ...pick(left), key: left.key, language, removed: true });
  return out;
}

/** A council's thesaurus of one language as a file of the shipped format (its export). */
export function thesaurusFile(language: ThesaurusLanguage, overrides: readonly ThesaurusOverride[]): ThesaurusFile {
  return { language, entries: effectiveThesaurus(language, overrides).map(pick) };
}

/** Shipped entries a council removed (listed so they can be put back). */
export function removedEntries(language: ThesaurusLanguage, overrides: readonly ThesaurusOverride[]): KeyedEntry[] {
  const removed = new Set(overrides.filter((o) => o.language === language && o.removed).map((o) => o.key));
  return shippedThesaurus(language).filter((e) => removed.has(e.key));
}
