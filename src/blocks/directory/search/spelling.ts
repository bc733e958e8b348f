import { readFile } from 'node:fs/promises';
import nspell from 'nspell';

/**
 * Is this word correctly spelt — in English or in Welsh? Search corrects only words that are
 * neither: a resident's "crying", "bought" or "gran" is a real word a council's listings
 * happen not to use, not a typo of "flying", "rough" or "grant"; and a Welsh word is never
 * "corrected" into an English one.
 *
 * English: the en-GB Hunspell dictionary (wooorm's `dictionary-en-gb`) through `nspell`, which
 * understands its affixes ("crying", "cries", "cried"). Welsh: Bangor University's Hunspell
 * dictionary (`dictionary-cy`), read as a list of its 71,000 stems; a word counts as Welsh when
 * it, or a radical it may be the initial mutation of ("chof" ← "cof", "ngofal" ← "gofal"), is a
 * stem. nspell could expand the Welsh affixes too, but that takes five seconds and 200 MB per
 * process; the stems and mutations recognise every Welsh need word we test with.
 * Loaded once per process, on first use (`warmSpelling` starts it early).
 */

export interface Spelling {
  isEnglish(word: string): boolean;
  isWelsh(word: string): boolean;
}

/** Lower case, accents off: the form search's tokens have (search/synonyms.ts `tokens`). */
const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Welsh initial mutations, mutated beginning → radical: soft (c→g, p→b, t→d, g→∅, b→f, d→dd,
 * ll→l, m→f, rh→r), nasal (c→ngh, p→mh, t→nh, g→ng, b→m, d→n) and aspirate (c→ch, p→ph, t→th).
 */
const MUTATIONS: ReadonlyArray<[string, string]> = [
  ['ngh', 'c'], ['mh', 'p'], ['nh', 't'], ['ng', 'g'],
  ['ch', 'c'], ['ph', 'p'], ['th', 't'],
  ['dd', 'd'], ['g', 'c'], ['b', 'p'], ['d', 't'], ['f', 'b'], ['f', 'm'], ['l', 'll'], ['r', 'rh'], ['m', 'b'], ['n', 'd'],
];

/** The word and every radical it may be a mutation of (a vowel start may have lost a soft-mutated g, or gained an h). */
export function welshRadicals(word: string): string[] {
  const out = [word];
  for (const [mutated, radical] of MUTATIONS) if (word.startsWith(mutated)) out.push(radical + word.slice(mutated.length));
  if (/^[aeiouwy]/.test(word)) out.push(`g${word}`);
  if (/^h[aeiouwy]/.test(word)) out.push(word.slice(1));
  return out;
}

async function packageFile(specifier: string, file: string): Promise<Buffer> {
  return readFile(new URL(file, import.meta.resolve(specifier)));
}

async function load(): Promise<Spelling> {
  const [enAff, enDic, cyDic] = await Promise.all([
    packageFile('dictionary-en-gb', 'index.aff'),
    packageFile('dictionary-en-gb', 'index.dic'),
    packageFile('dictionary-cy', 'index.dic'),
  ]);
  const english = nspell({ aff: enAff, dic: enDic });
  // A .dic file: its first line the count, then one stem per line with its affix flags after "/".
  const welsh = new Set(
    cyDic
      .toString('utf8')
      .split('\n')
      .slice(1)
      .map((line) => plain(line.split('/')[0].trim()))
      .filter(Boolean),
  );
  return {
    isEnglish: (word) => english.correct(word) || english.correct(word.toLowerCase()),
    isWelsh: (word) => welshRadicals(plain(word)).some((w) => welsh.has(w)),
  };
}

let loading: Promise<Spelling> | undefined;

/** The dictionaries, loaded on first use and kept. */
export function spelling(): Promise<Spelling> {
  loading ??= load();
  return loading;
}

/** Start loading the dictionaries now (at server start), so the first search does not wait for them. */
export function warmSpelling(): void {
  void spelling().catch(() => {
    loading = undefined; // tried again on first use, where the failure is reported
  });
}
