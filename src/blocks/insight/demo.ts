import type { Db } from '../../platform/db/db.js';
import { countOutOfDateReport, countUnmetSearch, hasCounts, type Outcome } from './sql/counters.js';
import { recentWeeks, weekStart } from './weeks.js';

/**
 * A few weeks of believable unmet need for the demo council, so the managers' page and the
 * open data have something to show: needs the demo directory has nothing for (hoarding, vet
 * bills, sign language), and needs it has, but not in every district (food banks in the
 * villages, youth clubs on the edge of town). Counts drift upwards over the weeks, as winter does.
 */

const NEED = (n: string, name: string) => ({ id: `5b0e6c40-9a1f-4e2d-b3c4-00000000${n}`, name });

interface Pattern {
  words: string;
  district: string;
  outcome: Outcome;
  needs: { id: string; name: string }[];
  /** Searches in a typical week. */
  weekly: number;
}

const PATTERNS: Pattern[] = [
  { words: 'hoarding', district: '', outcome: 'none', needs: [], weekly: 6 },
  { words: 'vet bills', district: '', outcome: 'none', needs: [], weekly: 5 },
  { words: 'dog food', district: 'AS4', outcome: 'none', needs: [NEED('0100', 'Food')], weekly: 3 },
  { words: 'sign language interpreter', district: '', outcome: 'none', needs: [NEED('1004', 'Sight and hearing loss')], weekly: 4 },
  { words: 'eating disorder', district: '', outcome: 'none', needs: [NEED('0400', 'Mental health')], weekly: 7 },
  { words: 'storage belongings', district: 'AS1', outcome: 'none', needs: [NEED('0301', 'Homelessness')], weekly: 2 },
  { words: 'prison visits', district: '', outcome: 'none', needs: [], weekly: 2 },
  { words: 'food bank', district: 'AS9', outcome: 'nearby', needs: [NEED('0101', 'Food banks')], weekly: 9 },
  { words: 'food bank', district: 'AS10', outcome: 'nearby', needs: [NEED('0101', 'Food banks')], weekly: 6 },
  { words: 'warm space', district: 'AS8', outcome: 'nearby', needs: [NEED('0208', 'Warm spaces')], weekly: 8 },
  { words: 'youth club', district: 'AS7', outcome: 'nearby', needs: [NEED('0704', 'Young people')], weekly: 5 },
  { words: 'baby bank', district: 'AS6', outcome: 'nearby', needs: [NEED('0705', 'Baby banks and school uniform')], weekly: 4 },
  { words: 'autism assessment adult', district: '', outcome: 'none', needs: [NEED('0802', 'Autism and ADHD')], weekly: 5 },
  { words: 'nowhere sleep tonight', district: 'AS2', outcome: 'nearby', needs: [NEED('0301', 'Homelessness')], weekly: 3 },
];

const REPORTS: { category: string; weekly: number }[] = [
  { category: 'Food', weekly: 4 },
  { category: 'Money and debt', weekly: 3 },
  { category: 'Housing and homelessness', weekly: 2 },
  { category: 'Children and families', weekly: 6 },
  { category: 'Older people', weekly: 2 },
];

const WEEKS = 10;

/** The same counts every time: a small hash of the row, not Math.random. */
function jitter(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000; // 0 .. 1
}

export async function seedDemoInsight(db: Db, councilId: string, now = new Date()): Promise<void> {
  if (await hasCounts(db, councilId)) return;
  const weeks = recentWeeks(now, WEEKS);
  await db.transaction(async (tx) => {
    for (const [i, week] of weeks.entries()) {
      const season = 0.7 + (0.5 * i) / (WEEKS - 1); // rising into winter
      for (const p of PATTERNS) {
        const times = Math.round(p.weekly * season * (0.6 + 0.8 * jitter(`${week}${p.words}${p.district}`)));
        if (times > 0) await countUnmetSearch(tx, councilId, { week, district: p.district, outcome: p.outcome, words: p.words, needs: p.needs }, times);
      }
      for (const r of REPORTS) {
        const times = Math.round(r.weekly * season * (0.5 + jitter(`${week}${r.category}`)));
        // Reports are counted by the time they arrived: midweek of that week.
        if (times > 0) await countOutOfDateReport(tx, councilId, new Date(weekStart(week).getTime() + 2.5 * 86_400_000), [r.category], times);
      }
    }
  });
}
