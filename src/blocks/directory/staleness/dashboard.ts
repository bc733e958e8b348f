import type { Db } from '../../../platform/db/db.js';
import type { Locale } from '../../../platform/web/i18n.js';
import { needTerms, withAncestors } from '../search/synonyms.js';
import { stalenessSummary, type AgeBounds, type StalenessSummary } from '../sql/staleness.js';
import { monthsAgo } from './clock.js';
import type { StalenessSettings } from './settings.js';

/** The age bands' edges on `now`'s UK date: under the nudge age, up to the flag limit, past it. */
export function ageBounds(now: Date, settings: StalenessSettings): AgeBounds {
  return { nudgeFrom: monthsAgo(now, settings.nudgeMonths), flagFrom: monthsAgo(now, settings.flagMonths) };
}

/** The need taxonomy's top-level terms (the dashboard's categories), by name in the reader's language. */
export function categories(locale: Locale): { id: string; name: string }[] {
  return needTerms()
    .filter((t) => !t.parent_id)
    .map((t) => ({ id: t.id, name: (locale === 'cy' && t.name_cy) || t.name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale === 'cy' ? 'cy' : 'en-GB'));
}

/** A category and every term under it (to filter the list by category). */
export function termsUnder(categoryId: string): string[] {
  return needTerms()
    .filter((t) => withAncestors(t.id).includes(categoryId))
    .map((t) => t.id);
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
 * kept for a minute per council (and bands' edges), so a dashboard that many managers keep
 * open does not count a council's 100,000 services on every view. A confirmation in this
 * process clears its council's entry at once.
 */
const SUMMARY_TTL_MS = 60_000;
const summaries = new Map<string, { at: number; summary: Promise<StalenessSummary> }>();

export async function cachedSummary(db: Db, councilId: string, bounds: AgeBounds, clock = Date.now): Promise<{ summary: StalenessSummary; asOf: Date }> {
  const key = `${councilId}|${bounds.nudgeFrom.toISOString()}|${bounds.flagFrom.toISOString()}`;
  const held = summaries.get(key);
  if (held && clock() - held.at < SUMMARY_TTL_MS) return { summary: await held.summary, asOf: new Date(held.at) };
  const at = clock();
  const summary = stalenessSummary(db, councilId, bounds, categoryMap());
  summaries.set(key, { at, summary });
  summary.catch(() => summaries.delete(key));
  // Old councils' and old days' entries go as new ones come.
  if (summaries.size > 1000) summaries.delete(summaries.keys().next().value!);
  return { summary: await summary, asOf: new Date(at) };
}

export function forgetSummary(councilId: string): void {
  for (const key of summaries.keys()) if (key.startsWith(`${councilId}|`)) summaries.delete(key);
}
