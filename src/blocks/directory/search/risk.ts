import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tokens } from './synonyms.js';
import { editDistance } from './typo.js';

/**
 * Whether a search shows a risk to life ("suicidal", "want to die", "eisiau marw"), so the page
 * and the API put crisis help before anything else. The phrases are data
 * (`data/taxonomy/risk-to-life.json`, described there), read once.
 */

const RISK_FILE = fileURLToPath(new URL('../../../../data/taxonomy/risk-to-life.json', import.meta.url));

interface RiskFile {
  always: Record<string, string[]>;
  topic: Record<string, string[]>;
  unless: Record<string, string[]>;
}

interface RiskPhrases {
  always: string[][];
  topic: string[][];
  unless: Set<string>;
}

let loaded: RiskPhrases | undefined;

function phrases(): RiskPhrases {
  if (!loaded) {
    const file = JSON.parse(readFileSync(RISK_FILE, 'utf8')) as RiskFile;
    const all = (group: Record<string, string[]>) =>
      Object.entries(group)
        .filter(([key]) => key !== 'description')
        .flatMap(([, list]) => list.map(tokens).filter((p) => p.length > 0));
    loaded = { always: all(file.always), topic: all(file.topic), unless: new Set(all(file.unless).flat()) };
  }
  return loaded;
}

/** Slips allowed in a word of this length: none in a short word ("die", "kill"), where one changes the meaning. */
const slipsAllowed = (length: number) => (length <= 4 ? 0 : length <= 7 ? 1 : 2);

function sameWord(typed: string, wanted: string): boolean {
  if (typed === wanted) return true;
  const slips = slipsAllowed(wanted.length);
  return slips > 0 && Math.abs(typed.length - wanted.length) <= slips && editDistance(typed, wanted) <= slips;
}

/**
 * Whether the words contain the phrase: word by word with slips, or (a word split or joined:
 * "kill my self", "selfharm") with the spaces ignored, across one word more or fewer.
 */
function contains(words: string[], phrase: string[]): boolean {
  const joined = phrase.join('');
  for (let start = 0; start < words.length; start++) {
    if (start + phrase.length <= words.length && phrase.every((w, k) => sameWord(words[start + k], w))) return true;
    for (const size of [phrase.length - 1, phrase.length + 1]) {
      if (size < 1 || start + size > words.length) continue;
      // Joined, words gain letters from their neighbours ("i want to diet"): one slip at most.
      const together = words.slice(start, start + size).join('');
      if (together === joined || (joined.length >= 8 && Math.abs(together.length - joined.length) <= 1 && editDistance(together, joined) <= 1)) return true;
    }
  }
  return false;
}

/** Answers per query text: every search asks, and residents ask the same few hundred things. */
const answers = new Map<string, boolean>();
const MAX_ANSWERS = 10_000;

/** Whether a search's words show that the person may be at risk of ending their life. */
export function showsRiskToLife(q: string | undefined | null): boolean {
  const text = q ?? '';
  let answer = answers.get(text);
  if (answer === undefined) {
    answer = readsAsRisk(text);
    if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value!);
    answers.set(text, answer);
  }
  return answer;
}

function readsAsRisk(q: string): boolean {
  const words = tokens(q);
  if (!words.length) return false;
  const { always, topic, unless } = phrases();
  if (always.some((p) => contains(words, p))) return true;
  if (!topic.some((p) => contains(words, p))) return false;
  return !words.some((w) => unless.has(w));
}
