import type { Queryable } from '../../../platform/db/db.js';
import { nearestWords } from '../sql/search.js';
import { spelling } from './spelling.js';
import { tokens } from './synonyms.js';
import { readQuery, type Lexicon, type QueryReading } from './thesaurus.js';

/**
 * Words never corrected: too short to correct reliably, or glue words a council's listings
 * may simply not happen to use.
 */
const SHORTEST_CORRECTED = 4;
const NEVER_CORRECTED = new Set([
  'about', 'after', 'also', 'been', 'before', 'from', 'have', 'help', 'into', 'just', 'like', 'looking', 'near', 'need', 'needs',
  'please', 'some', 'someone', 'something', 'that', 'their', 'them', 'there', 'they', 'this', 'want', 'what', 'when', 'where',
  'which', 'with', 'without', 'would', 'your', 'local', 'nearby', 'close',
]);

export interface InterpretedText {
  /** The query as searched: `q`, with misspelt words replaced. */
  query: string;
  /** Set when a word was replaced: what was searched for instead. */
  corrected?: string;
  /** The needs it names and the related words listings may use (search/thesaurus.ts). */
  needs: QueryReading;
  /** The query's words, lower case and unaccented. */
  words: string[];
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** How many edits a word of this length may be away from its correction. */
const allowedEdits = (length: number) => (length <= 5 ? 1 : 2);

/**
 * The correction of an unknown word among its nearest vocabulary words (trigram order):
 * the fewest edits within the allowance, the trigram order breaking ties.
 */
export function chooseCorrection(word: string, nearest: string[]): string | undefined {
  if (nearest.includes(word)) return undefined;
  let best: { word: string; edits: number } | undefined;
  for (const candidate of nearest) {
    const edits = editDistance(word, candidate);
    if (edits <= allowedEdits(word.length) && (!best || edits < best.edits)) best = { word: candidate, edits };
  }
  return best?.word;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace whole words, whatever their case, keeping everything else as typed. */
function replaceWords(q: string, replacements: Map<string, string>): string {
  let out = q;
  for (const [from, to] of replacements) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'giu'), to);
  return out;
}

/** The nearest Welsh words the thesaurus knows to `word`, fewest edits first (the Welsh vocabulary is small: a scan). */
function nearestWelshWords(word: string, welshWords: Set<string>): string[] {
  const allowed = allowedEdits(word.length);
  const near: { w: string; edits: number }[] = [];
  for (const w of welshWords) {
    if (Math.abs(w.length - word.length) > allowed || w.length < SHORTEST_CORRECTED) continue;
    const edits = editDistance(word, w);
    if (edits <= allowed) near.push({ w, edits });
  }
  return near.sort((a, b) => a.edits - b.edits || (a.w < b.w ? -1 : 1)).map((n) => n.w);
}

/**
 * Read a query: find the needs it names and the thesaurus phrases in it, and correct the words
 * that are neither correctly spelt English or Welsh (search/spelling.ts: a resident's "crying" or
 * "gran" is a word the listings happen not to use, not a typo) nor used by any listing of the
 * council ("counseling" → "counselling", "fodbank" → "foodbank") to the most similar word of its vocabulary (the words of names, needs and places). Left alone: words
 * inside a recognised need or thesaurus phrase (needs.json lists common misspellings on purpose,
 * "food bnak"), and every Welsh word the thesaurus knows ("banc bwyd" is not "bank bwyd"). On a
 * Welsh page a word is corrected only to a Welsh word the thesaurus knows, never to an English
 * one: most listings are in English, and the nearest English word to a Welsh one is a different
 * word, not its spelling.
 */
export async function interpretText(db: Queryable, councilId: string, q: string, lexicon: Lexicon, locale: 'en' | 'cy' = 'en'): Promise<InterpretedText> {
  const needs = readQuery(q, lexicon);
  const possible = [...new Set(tokens(q))].filter(
    (w) => w.length >= SHORTEST_CORRECTED && !/\d/.test(w) && !NEVER_CORRECTED.has(w) && !needs.covered.has(w) && !lexicon.welshWords.has(w),
  );
  const dictionary = possible.length ? await spelling() : undefined;
  const candidates = possible.filter((w) => !dictionary?.isEnglish(w) && !dictionary?.isWelsh(w));
  const replacements = new Map<string, string>();
  if (candidates.length) {
    const found = await nearestWords(db, councilId, candidates);
    for (const [word, { used, nearest }] of found) {
      if (used) continue;
      const correction = chooseCorrection(word, locale === 'cy' ? nearestWelshWords(word, lexicon.welshWords) : nearest);
      if (correction) replacements.set(word, correction);
    }
  }
  if (!replacements.size) return { query: q, needs, words: tokens(q) };
  // Matching is on normalised words: an accented or mixed-case original is replaced through its own spelling.
  const corrected = replaceWords(
    q,
    new Map(
      [...replacements].flatMap(([from, to]) => {
        const originals = q.match(new RegExp(`[\\p{L}\\p{N}'’]+`, 'gu')) ?? [];
        return originals.filter((o) => tokens(o).join('') === from).map((o) => [o, to] as [string, string]);
      }),
    ),
  );
  return { query: corrected, corrected, needs: readQuery(corrected, lexicon), words: tokens(corrected) };
}
