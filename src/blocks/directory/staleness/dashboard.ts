import type { Db } from '../../../platform/db/db.js';
import type { Locale } from '../../../platform/web/i18n.js';
import { needTerms, withAncestors } from '../search/synonyms.js';
import { stalenessSummary, type AgeBounds, type StalenessSummary } from '../sql/staleness.js';
import { ukDate } from '../pages/format.js';
import { monthsAgo } from './clock.js';
import type { StalenessSettings } from './settings.js';

/**
 * The age bands' edges on `now`'s UK date: under the nudge age, up to the flag limit, past it.
 * They move once a day: kept for the UK date they were worked out on (London midnights take a
 * date formatter each to find, which every view of the dashboard would otherwise make afresh).
 */
let heldBounds: { day: string; settings: StalenessSettings; bounds: AgeBounds } | undefined;
export function ageBounds(now: Date, settings: StalenessSettings): AgeBounds {
  const day = ukDate(now)!;
  if (heldBounds?.day === day && heldBounds.settings === settings) return heldBounds.bounds;
  const bounds = { nudgeFrom: monthsAgo(now, settings.nudgeMonths), flagFrom: monthsAgo(now, settings.flagMonths) };
  heldBounds = { day, settings, bounds };
  return bounds;
}

/** The need taxonomy's top-level terms (the dashboard's categories), by name in the reader's language; sorted once per language. */
const sortedCategories = new Map<Locale, { id: string; name: string }[]>();
export function categories(locale: Locale): { id: string; name: string }[] {
  let held = sortedCategories.get(locale);
  if (!held) {
    const collator = new Intl.Collator(locale === 'cy' ? 'cy' : 'en-GB');
    held = needTerms()
      .filter((t) => !t.parent_id)
      .map((t) => ({ id: t.id, name: (locale === 'cy' && t.name_cy) || t.name }))
      .sort((a, b) => collator.compare(a.name, b.name));
    sortedCategories.set(locale, held);
  }
  return held;
}

/** A category and every term under it (to filter the list by category). */
const heldTerms = new Map<string, string[]>();
export function termsUnder(categoryId: string): string[] {
  let terms = heldTerms.get(categoryId);
  if (!terms) {
    terms = needTerms()
      .filter((t) => withAncestors(t.id).includes(categoryId))
      .map((t) => t.id);
    heldTerms.set(categoryId, terms);
  }
  return terms;
}

/** Each need term's top-level term, as the two arrays the summary query joins on. */
function categoryMap(): { termIds: string[]; topIds: string[] } {
  const termIds: string[] = [];
  const topIds: string[] = [];
  for (const term of needTerms()) {
    const chain = withAncestors(term.id);
    termIds.push(term.id);
    topIds.push(chain[chain.length - 1]);
  }
  return { termIds, topIds };
}

/**
 * The counts change only when a listing is checked, changed or imported, or when a day passes:
 * kept per council (and bands' edges) and refreshed at most once a minute, so a dashboard that
 * many managers keep open does not count a council's 100,000 services on every view. A view
 * after the minute still gets the counts held (with their time) while fresh ones are counted
 * behind it (stale-while-revalidate): no manager waits seconds for the count at 100k. A
 * confirmation in this process drops its council's counts at once.
 */
const SUMMARY_TTL_MS = 60_000;
const BY_NAME = new Intl.Collator('en-GB');
interface Held {
  at: number;
  summary?: StalenessSummary;
  pending?: Promise<StalenessSummary>;
}
const summaries = new Map<string, Held>();

export async function cachedSummary(db: Db, councilId: string, bounds: AgeBounds, clock = Date.now): Promise<{ summary: StalenessSummary; asOf: Date }> {
  const key = `${councilId}|${bounds.nudgeFrom.toISOString()}|${bounds.flagFrom.toISOString()}`;
  let held = summaries.get(key);
  if (!held) {
    held = { at: clock() };
    summaries.set(key, held);
    // Old councils' and old days' entries go as new ones come.
    if (summaries.size > 1000) summaries.delete(summaries.keys().next().value!);
  }
  const entry = held;
  const fresh = entry.summary && clock() - entry.at < SUMMARY_TTL_MS;
  if (!fresh && !entry.pending) {
    const started = clock();
    entry.pending = stalenessSummary(db, councilId, bounds, categoryMap())
      .then((summary) => {
        // Most overdue or never checked first, sorted once per count rather than per view.
        summary.byOrganisation.sort((x, y) => y.bands.overdue + y.bands.never - (x.bands.overdue + x.bands.never) || BY_NAME.compare(x.name, y.name));
        Object.assign(entry, { summary, at: started });
        return summary;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    // A refresh behind held counts must not fail unobserved.
    entry.pending.catch(() => {});
  }
  if (entry.summary) return { summary: entry.summary, asOf: new Date(entry.at) };
  const summary = await entry.pending!;
  return { summary, asOf: new Date(entry.at) };
}

export function forgetSummary(councilId: string): void {
  for (const key of summaries.keys()) if (key.startsWith(`${councilId}|`)) summaries.delete(key);
}
