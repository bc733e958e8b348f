import type { Queryable } from '../../../platform/db/db.js';
import { nearestWords } from '../sql/search.js';
import { matchNeeds, tokens, type NeedMatch } from './synonyms.js';

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
  needs: NeedMatch;
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

/**
 * Read a query: find the needs it names, and correct the words no listing of the council uses
 * ("counseling" → "counselling", "fodbank" → "foodbank") to the most similar word of its
 * vocabulary (the words of names, needs and places). Words inside a recognised need phrase are left alone: needs.json lists common misspellings
 * on purpose ("food bnak").
 */
export async function interpretText(db: Queryable, councilId: string, q: string): Promise<InterpretedText> {
  const needs = matchNeeds(q);
  const candidates = [...new Set(needs.rest)].filter((w) => w.length >= SHORTEST_CORRECTED && !/\d/.test(w) && !NEVER_CORRECTED.has(w));
  const replacements = new Map<string, string>();
  if (candidates.length) {
    const found = await nearestWords(db, councilId, candidates);
    for (const [word, { used, nearest }] of found) {
      const correction = used ? undefined : chooseCorrection(word, nearest);
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
  return { query: corrected, corrected, needs: matchNeeds(corrected), words: tokens(corrected) };
}
