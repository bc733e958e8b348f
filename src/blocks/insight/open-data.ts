import type { NeedRow, OutOfDateRow, Outcome, WordsRow } from './sql/counters.js';
import { weekStart } from './weeks.js';

/**
 * The unmet-need open data, and the rule that keeps anyone in it from being singled out.
 *
 * 1. Small numbers: a count under the threshold (HEARTH_INSIGHT_SUPPRESS_BELOW, default 5) is
 *    published as suppressed (`count` empty, `suppressed` true), never as zero and never as the
 *    number.
 * 2. Rare words are not published at all: what someone typed once might name them. Per week,
 *    district and outcome, the words searched fewer times than the threshold are merged into one
 *    row, "(other words)", itself suppressed when small.
 * 3. No totals: nothing is published that the rows add up to (no weekly or district totals, and
 *    a search or a report counts under each of its needs or categories, so those rows are not
 *    shares of a whole). A suppressed count therefore cannot be worked out by subtraction.
 * 4. Only weeks that ended at least a day ago: counts still growing would let someone compare
 *    today's file with tomorrow's and watch single searches arrive; the day lets late events in.
 */

export const OTHER_WORDS = '(other words)';

export type Dataset = 'unmet_words' | 'unmet_needs' | 'out_of_date_reports';

export interface OpenDataRow {
  dataset: Dataset;
  week: string;
  /** The Monday the week starts on (YYYY-MM-DD). */
  week_starts: string;
  /** Postcode district; '' for searches that gave no postcode; absent for reports. */
  district?: string;
  outcome?: Outcome;
  /** The words, the need's name or the service category. */
  label: string;
  /** The need's taxonomy term id (unmet_needs). */
  term_id?: string;
  count: number | null;
  suppressed: boolean;
}

const day = (week: string) => weekStart(week).toISOString().slice(0, 10);

function cell(count: number, threshold: number): { count: number | null; suppressed: boolean } {
  return count < threshold ? { count: null, suppressed: true } : { count, suppressed: false };
}

export function openDataRows(
  data: { words: WordsRow[]; needs: NeedRow[]; outOfDate: OutOfDateRow[] },
  threshold: number,
): OpenDataRow[] {
  const rows: OpenDataRow[] = [];
  // Words: frequent ones by name, the rest merged per week, district and outcome.
  const other = new Map<string, { week: string; district: string; outcome: Outcome; count: number }>();
  for (const r of data.words) {
    if (r.searches >= threshold) {
      rows.push({ dataset: 'unmet_words', week: r.week, week_starts: day(r.week), district: r.district, outcome: r.outcome, label: r.words, ...cell(r.searches, threshold) });
    } else {
      const key = `${r.week}\u0000${r.district}\u0000${r.outcome}`;
      const group = other.get(key) ?? { week: r.week, district: r.district, outcome: r.outcome, count: 0 };
      group.count += r.searches;
      other.set(key, group);
    }
  }
  for (const g of other.values()) {
    rows.push({ dataset: 'unmet_words', week: g.week, week_starts: day(g.week), district: g.district, outcome: g.outcome, label: OTHER_WORDS, ...cell(g.count, threshold) });
  }
  for (const r of data.needs) {
    rows.push({
      dataset: 'unmet_needs',
      week: r.week,
      week_starts: day(r.week),
      district: r.district,
      outcome: r.outcome,
      label: r.need_name,
      term_id: r.need_id,
      ...cell(r.searches, threshold),
    });
  }
  for (const r of data.outOfDate) {
    rows.push({ dataset: 'out_of_date_reports', week: r.week, week_starts: day(r.week), label: r.category, ...cell(r.reports, threshold) });
  }
  const order: Dataset[] = ['unmet_words', 'unmet_needs', 'out_of_date_reports'];
  return rows.sort(
    (a, b) =>
      order.indexOf(a.dataset) - order.indexOf(b.dataset) ||
      a.week.localeCompare(b.week) ||
      (a.district ?? '').localeCompare(b.district ?? '') ||
      (a.outcome ?? '').localeCompare(b.outcome ?? '') ||
      Number(a.label === OTHER_WORDS) - Number(b.label === OTHER_WORDS) ||
      a.label.localeCompare(b.label),
  );
}

export const CSV_COLUMNS = ['dataset', 'week', 'week_starts', 'district', 'outcome', 'label', 'term_id', 'count', 'suppressed'] as const;
