import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../../platform/db/db.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { SearchParams } from '../search/query.js';
import { ACCESSIBILITY_TAXONOMY, DELIVERY_TAXONOMY } from '../vocabulary.js';

/**
 * What the directory tells others (the insight block) about a search that found nothing, or
 * nothing near the place given: `directory.search.unmet`. The event is built to say what was
 * needed, never who needed it — only
 *
 * - `words`: the search words, lower case, at most MAX_WORDS of them, with every token that
 *   holds a digit (phone numbers, postcodes, house numbers, ages, reference numbers), an `@`
 *   (email addresses) or a web address dropped, and common little words left out;
 * - `district`: the postcode district (outward code, `AS2`) when the place was a postcode;
 * - `outcome`: `none` (nothing anywhere) or `nearby` (something, but not within the distance);
 * - `needs`: the need terms the words were read as (id and name);
 * - `week`: the ISO week in London (`2026-W49`), not the time.
 *
 * No address, session, cookie or time goes in it. The outbox row itself has the platform's
 * `created_at` for dispatching; the insight block counts by the event's week only.
 */

export type UnmetOutcome = 'none' | 'nearby';

export interface UnmetSearch {
  words: string;
  district?: string;
  outcome: UnmetOutcome;
  needs: { id: string; name: string }[];
  week: string;
}

/** What a search's answer must say for it to be judged (the API's answer and the page's both do). */
export interface SearchAnswer {
  total: number;
  interpreted?: { needs?: { id: string; name?: string }[] } | null;
  suggestions?: unknown[] | null;
}

export const UNMET_SEARCH_EVENT = 'directory.search.unmet';
const MAX_WORDS = 4;
const MAX_WORD_LENGTH = 30;
const MAX_NEEDS = 5;

/** Little words that say nothing about the need, English and Welsh. */
const LITTLE_WORDS = new Set(
  (
    'a an and are am at be but by can for from get got have i im i\'m in is it me my of on or so the to too we with you your ' +
    'need needs want wants help please some any someone somewhere near me just really very ' +
    'a\'r ac am ar at gyda i mae mewn o yn y yr fy ei eu ni chi ti hi fe fo nid dim angen eisiau help plis'
  ).split(' '),
);

/** The search words as the event may carry them ('' when nothing is left). */
export function normaliseSearchWords(q: string | undefined): string {
  if (!q) return '';
  const text = q
    .normalize('NFC')
    .toLowerCase()
    .replace(/\S*@\S*/g, ' ') // email addresses and handles
    .replace(/\b(?:https?:\/\/|www\.)\S*/g, ' ') // web addresses
    .replace(/[’']/g, ''); // can't -> cant
  const kept: string[] = [];
  // Tokens are runs of letters and digits (any script); one holding a digit is dropped whole.
  for (const token of text.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (!token || /\p{N}/u.test(token) || token.length > MAX_WORD_LENGTH || LITTLE_WORDS.has(token)) continue;
    if (kept.includes(token)) continue;
    kept.push(token);
    if (kept.length === MAX_WORDS) break;
  }
  return kept.join(' ');
}

const FULL_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$/;
const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** The postcode district (outward code) of a place given as a postcode; undefined for a town name or coordinates. */
export function postcodeDistrict(near: string | undefined): string | undefined {
  const compact = (near ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  const full = FULL_POSTCODE.exec(compact);
  if (full) return full[1];
  return OUTWARD_CODE.test(compact) ? compact : undefined;
}

/** The ISO 8601 week (`2026-W49`) of a moment, by the calendar in London. */
export function londonIsoWeek(at: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() || 7; // Monday 1 .. Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The unmet search a search's answer shows, or undefined when it found something, or is a
 * later page (paging through nothing is the same search), or has neither words nor needs left.
 */
export function unmetSearchOf(params: SearchParams, results: SearchAnswer, now = new Date()): UnmetSearch | undefined {
  if (results.total > 0 || (params.page ?? 1) > 1) return undefined;
  const words = normaliseSearchWords(params.q);
  const needs = (results.interpreted?.needs ?? []).slice(0, MAX_NEEDS).map((n) => ({ id: n.id, name: n.name ?? n.id }));
  if (!words && needs.length === 0) return undefined;
  // Something further away: the search offered a wider distance, or searching everywhere.
  const elsewhere = Boolean(params.near?.trim()) && (results.suggestions ?? []).some((s) => {
      const kind = (s as { kind?: unknown } | null)?.kind;
      return kind === 'radius' || kind === 'near';
    });
  const district = postcodeDistrict(params.near);
  return { words, ...(district ? { district } : {}), outcome: elsewhere ? 'nearby' : 'none', needs, week: londonIsoWeek(now) };
}

/**
 * Reloads and repeats: the same words, place and outcome from the same client within
 * REPEAT_WINDOW_MS count once. Held only in this process's memory, as a keyed hash (a secret
 * made at start, never stored), so no address is written anywhere; a second process may count
 * a repeat again, which over-counts a little rather than keeping anything about anyone.
 */
const REPEAT_WINDOW_MS = 30 * 60_000;
const MAX_REMEMBERED = 20_000;
const secret = randomBytes(32);
const recent = new Map<string, number>();

function seenRecently(key: string, now: number): boolean {
  const digest = createHash('sha256').update(secret).update(key).digest('base64url');
  const at = recent.get(digest);
  if (at !== undefined && now - at < REPEAT_WINDOW_MS) return true;
  recent.delete(digest);
  recent.set(digest, now);
  // The oldest first (a Map keeps insertion order): forget them beyond the limit or the window.
  for (const [k, t] of recent) {
    if (recent.size <= MAX_REMEMBERED && now - t < REPEAT_WINDOW_MS) break;
    recent.delete(k);
  }
  return false;
}

/**
 * Write `directory.search.unmet` for a search that found nothing (see unmetSearchOf), unless the
 * same client made the same search a moment ago. `client` is the request's address: used only
 * for that comparison, in memory.
 */
export async function recordUnmetSearch(db: Db, councilId: string, client: string, params: SearchParams, results: SearchAnswer): Promise<boolean> {
  const now = new Date();
  const unmet = unmetSearchOf(params, results, now);
  if (!unmet) return false;
  const key = JSON.stringify([councilId, client, unmet.words, unmet.district ?? '', unmet.outcome, unmet.needs.map((n) => n.id), unmet.week]);
  if (seenRecently(key, now.getTime())) return false;
  await recordEvent(db, { councilId, type: UNMET_SEARCH_EVENT, subject: unmet.week, data: { ...unmet } });
  return true;
}

/** Forget the repeats remembered (tests). */
export function forgetRecentSearches(): void {
  recent.clear();
}

/**
 * The categories of a service, for counting "out of date" reports by category: the top-level
 * term (walking up `parent_id`) of each taxonomy term the service is tagged with, by name.
 */
export async function serviceCategories(db: Queryable, councilId: string, serviceId: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `WITH RECURSIVE up AS (
       SELECT t.id, t.parent_id, t.name, 0 AS depth
         FROM attribute a JOIN taxonomy_term t ON t.council_id = a.council_id AND t.id = a.taxonomy_term_id
        WHERE a.council_id = $1 AND a.service_id = $2
          -- how it is delivered and its access features are not what it is for
          AND (t.taxonomy_id IS NULL OR t.taxonomy_id <> ALL ($3::uuid[]))
       UNION
       SELECT p.id, p.parent_id, p.name, up.depth + 1
         FROM up JOIN taxonomy_term p ON p.council_id = $1 AND p.id = up.parent_id
        WHERE up.depth < 8
     )
     SELECT DISTINCT name FROM up u
      WHERE u.parent_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM taxonomy_term p WHERE p.council_id = $1 AND p.id = u.parent_id)
      ORDER BY name`,
    [councilId, serviceId, [DELIVERY_TAXONOMY.id, ACCESSIBILITY_TAXONOMY.id]],
  );
  return rows.map((r) => r.name);
}
