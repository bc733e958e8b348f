import type { Queryable } from '../../../platform/db/db.js';
import { parseLatLng, type LatLng } from '../../../platform/geo/distance.js';
import { normalisePostcode, outwardCode } from '../../../platform/geo/postcode.js';
import { findOutwardCode, findPostcode } from '../../../platform/geo/postcodes-sql.js';
import { badRequest, type InvalidParam } from '../../../platform/http/problem.js';
import { searchesHaveResults, searchPage, townCentre, type SearchPage, type SearchFilterSpec, type SearchRow, type SearchSpec, type TextSpec } from '../sql/search.js';
import { normaliseLanguageCode } from './languages.js';
import { DAY_CODES, MINUTES_PER_DAY, dayIndex, londonMinuteOfWeek, minutesOfDay, openingWindow } from './opening-hours.js';
import { DEFAULT_PER_PAGE, DEFAULT_RADIUS_M, MAX_Q_LENGTH, type SearchParams } from './params.js';
import type { SearchResult, SearchResults, SearchSuggestion } from './schemas.js';
import { needTermById, normaliseText, type NeedTerm } from './synonyms.js';
import { interpretText } from './typo.js';
import { councilLexicon, relatedTsquery } from './thesaurus.js';
import { pageRows } from './cards.js';
import { candidatesFor, candidateTuning, memoPerGeneration, rankCandidates } from './candidates.js';
import { perpetratorDemotion } from './audiences.js';
import { showsRiskToLife } from './risk.js';
import { crisisHelp } from '../crisis-help.js';
import type { Locale, Translate } from '../../../platform/web/i18n.js';

export { SearchQuerySchema, type SearchParams } from './params.js';
export { SearchResultSchema, SearchResultsSchema, SearchSuggestionSchema, type SearchResult, type SearchResults, type SearchSuggestion } from './schemas.js';

export interface SearchOptions {
  /** The moment "open now" refers to (tests fix it); now by default. */
  now?: Date;
  /** The language of the crisis help a search may carry (English by default), and its catalogue. */
  locale?: Locale;
  t?: Translate;
}

export interface ResolvedPlace extends LatLng {
  label: string;
}

/**
 * Postcodes found, per database (geography changes rarely; a postcode that was not found is
 * asked again next time, as it may have been loaded since).
 */
const postcodeCache = new WeakMap<Queryable, Map<string, LatLng>>();
const POSTCODE_CACHE_SIZE = 5000;

async function cachedPostcode(db: Queryable, postcode: string): Promise<LatLng | undefined> {
  let cache = postcodeCache.get(db);
  if (!cache) postcodeCache.set(db, (cache = new Map()));
  const hit = cache.get(postcode);
  if (hit) return hit;
  const found = await findPostcode(db, postcode);
  if (found) {
    if (cache.size >= POSTCODE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(postcode, found);
  }
  return found;
}

/**
 * Where `near` points: "lat,lng", a full postcode, a postcode district, or a town the
 * directory has places in. Anything else is a 400 naming `near`.
 */
export async function resolveNear(db: Queryable, councilId: string, near: string): Promise<ResolvedPlace> {
  const text = near.trim();
  const latLng = parseLatLng(text);
  if (latLng) return { ...latLng, label: `${latLng.lat}, ${latLng.lng}` };
  const postcode = normalisePostcode(text);
  if (postcode) {
    const found = await cachedPostcode(db, postcode);
    if (found) return { ...found, label: postcode };
    throw badRequest([{ name: 'near', reason: `we could not find the postcode ${postcode}` }]);
  }
  const outward = /^[A-Za-z]{1,2}\d[A-Za-z\d]?$/.test(text) ? outwardCode(text) : undefined;
  if (outward) {
    const found = await findOutwardCode(db, outward);
    if (found) return { ...found, label: outward };
    throw badRequest([{ name: 'near', reason: `we could not find the postcode area ${outward}` }]);
  }
  const town = await townCentre(db, councilId, text);
  if (town) return { ...town, label: text };
  throw badRequest([{ name: 'near', reason: `we could not find the place ${text}` }]);
}

/** The filters of a search, checked again here because pages may call this without the schema. */
function filterSpec(params: SearchParams, now: Date): SearchFilterSpec {
  const invalid: InvalidParam[] = [];
  const f: SearchFilterSpec = {};
  if (params.age !== undefined) f.age = params.age;
  if (params.free) f.free = true;
  if (params.open_now) f.openAt = londonMinuteOfWeek(now);
  if (params.day !== undefined && dayIndex(params.day) === undefined) invalid.push({ name: 'day', reason: 'must be a day of the week, such as mo or monday' });
  if (params.time !== undefined && minutesOfDay(params.time) === undefined) invalid.push({ name: 'time', reason: 'must be a time of day, HH:MM' });
  if (invalid.length) throw badRequest(invalid);
  const window = openingWindow(params.day, params.time, now);
  if (window) f.openWithin = window;
  if (params.language) f.language = normaliseLanguageCode(params.language);
  if (params.accessibility?.length) f.accessibility = [...new Set(params.accessibility)];
  if (params.delivery?.length) f.delivery = [...new Set(params.delivery)];
  if (params.taxonomy_term?.length) f.termIds = [...new Set(params.taxonomy_term.map((id) => id.toLowerCase()))];
  return f;
}

/** A need's name as a tsquery of plain words ('Food banks' → 'food & banks'). */
function needNameQuery(terms: NeedTerm[]): string | undefined {
  const parts = terms.map((t) => normaliseText(t.name).split(' ').filter(Boolean).join(' & ')).filter(Boolean);
  return parts.length ? parts.map((p) => `(${p})`).join(' | ') : undefined;
}

function parentsOf(terms: NeedTerm[]): string[] {
  return terms.map((t) => t.parent_id).filter((id): id is string => Boolean(id));
}

function toResult(row: SearchRow, withDistance: boolean): SearchResult {
  const result: SearchResult = {
    id: row.service_id,
    name: row.name,
    description: row.summary,
    open_now: row.open_now,
    free: row.free,
    delivery: row.delivery,
    languages: row.languages,
    taxonomy_terms: row.terms,
  };
  if (row.organization_id) result.organization = { id: row.organization_id, name: row.organization_name ?? '' };
  if (withDistance && row.distance_m !== null) result.distance_m = row.distance_m;
  if (row.min_age !== null) result.min_age = row.min_age;
  if (row.max_age !== null) result.max_age = row.max_age;
  if (row.place_name || row.place_address || row.place_postcode) {
    result.location = {};
    if (row.place_name) result.location.name = row.place_name;
    if (row.place_address) result.location.address = row.place_address;
    if (row.place_postcode) result.location.postcode = row.place_postcode;
  }
  if (row.opens_next !== null) {
    const minute = row.opens_next % MINUTES_PER_DAY;
    result.next_opening = {
      day: DAY_CODES[Math.floor(row.opens_next / MINUTES_PER_DAY)],
      time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
    };
  }
  if (row.last_checked) result.last_checked = row.last_checked;
  return result;
}

/**
 * Search the council's services by need, words, place and filters. Filters combine with AND;
 * repeated `delivery` or `taxonomy_term` values with OR, repeated `accessibility` with AND.
 */
export async function searchServices(db: Queryable, councilId: string, params: SearchParams, options: SearchOptions = {}): Promise<SearchResults> {
  const now = options.now ?? new Date();
  const page = params.page ?? 1;
  const perPage = params.per_page ?? DEFAULT_PER_PAGE;
  const q = (params.q ?? '').trim();
  if (q.length > MAX_Q_LENGTH) throw badRequest([{ name: 'q', reason: `must be at most ${MAX_Q_LENGTH} characters` }]);
  const filters = filterSpec(params, now);

  const place = params.near?.trim() ? await resolveNear(db, councilId, params.near) : undefined;
  const near = place ? { lat: place.lat, lng: place.lng, radiusM: params.radius ?? DEFAULT_RADIUS_M } : undefined;

  let text: TextSpec | undefined;
  let corrected: string | undefined;
  let needs: NeedTerm[] = [];
  if (q) {
    const locale = options.locale === 'cy' ? 'cy' : 'en';
    const lexicon = await councilLexicon(db, councilId);
    const read = await memoPerGeneration(db, councilId, `interpret:${locale}:${q}`, () => interpretText(db, councilId, q, lexicon, locale));
    corrected = read.corrected;
    needs = read.needs.specific;
    const broad = new Set([...read.needs.all.map((t) => t.id), ...parentsOf(needs)]);
    needs.forEach((t) => broad.delete(t.id));
    text = {
      mode: 'all',
      query: read.query,
      words: read.words,
      needQuery: needNameQuery(needs),
      specificNeedIds: needs.map((t) => t.id),
      broadNeedIds: [...broad],
      needWeight: read.needs.coverage,
      demote: perpetratorDemotion(read.query),
    };
    const related = relatedTsquery(read.needs.related);
    if (related) text.relatedQuery = related;
    if (filters.age !== undefined) text.age = filters.age;
  }

  const spec: SearchSpec = {
    councilId,
    filters,
    text,
    near,
    limit: perPage,
    offset: (page - 1) * perPage,
    nowMinute: londonMinuteOfWeek(now),
  };
  let found = await findPage(db, spec);
  // No service has every word: show those with some of them, best first, and say so.
  if (found.total === 0 && text && text.words.length > 1) {
    const loose: SearchSpec = { ...spec, text: { ...text, mode: 'any' } };
    const retry = await findPage(db, loose);
    if (retry.total > 0) {
      found = retry;
      spec.text = loose.text;
    }
  }

  const results: SearchResults = {
    total: found.total,
    total_is_estimate: found.totalIsEstimate,
    page,
    per_page: perPage,
    total_pages: Math.ceil(found.total / perPage),
    results: found.rows.map((row) => toResult(row, Boolean(near))),
    interpreted: { needs: needs.map((t) => ({ id: t.id, name: t.name })) },
    suggestions: [],
  };
  if (corrected !== undefined) results.corrected_q = corrected;
  if (place) results.interpreted.location = { label: place.label, lat: place.lat, lng: place.lng };
  if (spec.text) results.interpreted.match = spec.text.mode;
  if (found.total === 0) results.suggestions = await suggestions(db, spec, params, needs);
  // As typed, not as corrected: a misspelling must not hide it.
  if (showsRiskToLife(q)) results.crisis = await crisisHelp(db, councilId, options.locale ?? 'en', options.t);
  return results;
}

/** A page of results: from the candidate cache when the candidates are few enough to hold, else in SQL. */
async function findPage(db: Queryable, spec: SearchSpec): Promise<SearchPage> {
  if (candidateTuning.enabled) {
    const set = await candidatesFor(db, spec);
    if (set) {
      const ranked = rankCandidates(set, spec);
      return { rows: await pageRows(db, spec.councilId, ranked.page, spec.near, spec.nowMinute), total: ranked.total, totalIsEstimate: false };
    }
  }
  return searchPage(db, spec);
}

/** Whether each search finds anything: from held candidates where there are, the rest in one SQL statement. */
async function haveResults(db: Queryable, specs: SearchSpec[]): Promise<boolean[]> {
  const answers: (boolean | undefined)[] = [];
  if (candidateTuning.enabled) {
    for (const spec of specs) {
      const set = await candidatesFor(db, spec);
      answers.push(set ? rankCandidates(set, { ...spec, offset: 0, limit: 1 }).total > 0 : undefined);
    }
  }
  const rest = specs.filter((_, i) => answers[i] === undefined);
  const fromSql = await searchesHaveResults(db, rest);
  return specs.map((_, i) => answers[i] ?? fromSql.shift()!);
}

const WIDER_RADII = [20_000, 50_000];

/**
 * When nothing was found: the changes that would find something, each checked with a cheap
 * existence query so that none of them leads to another empty page.
 */
async function suggestions(db: Queryable, spec: SearchSpec, params: SearchParams, needs: NeedTerm[]): Promise<SearchSuggestion[]> {
  const candidates: { suggestion: SearchSuggestion; spec: SearchSpec }[] = [];
  const remove = (kind: string, text: string, names: string[], change: (s: SearchSpec) => SearchSpec) => {
    candidates.push({
      suggestion: { kind, action: 'remove', param: names[0], text, params: Object.fromEntries(names.map((n) => [n, null])) },
      spec: change(spec),
    });
  };
  const withoutFilter = (key: keyof SearchFilterSpec) => (s: SearchSpec) => {
    const filters = { ...s.filters };
    delete filters[key];
    return { ...s, filters };
  };

  if (spec.near) {
    const wider = WIDER_RADII.find((r) => r > spec.near!.radiusM);
    if (wider) {
      candidates.push({
        suggestion: {
          kind: 'radius',
          action: 'set',
          param: 'radius',
          value: wider,
          text: `Search within ${wider / 1000} km`,
          params: { radius: wider },
        },
        spec: { ...spec, near: { ...spec.near, radiusM: wider } },
      });
    }
  }
  if (spec.filters.openAt !== undefined) remove('open_now', 'Include services that are closed now', ['open_now'], withoutFilter('openAt'));
  if (spec.filters.openWithin) remove('day', 'Include services open at other times', ['day', 'time'], withoutFilter('openWithin'));
  if (spec.filters.free) remove('free', 'Include services that charge', ['free'], withoutFilter('free'));
  if (spec.filters.age !== undefined) remove('age', 'Include services for any age', ['age'], withoutFilter('age'));
  if (spec.filters.language) remove('language', 'Include services in any language', ['language'], withoutFilter('language'));
  if (spec.filters.accessibility) remove('accessibility', 'Include services without those accessibility features', ['accessibility'], withoutFilter('accessibility'));
  if (spec.filters.delivery) remove('delivery', 'Include services delivered in other ways', ['delivery'], withoutFilter('delivery'));
  if (spec.filters.termIds) remove('taxonomy_term', 'Include services of any type', ['taxonomy_term'], withoutFilter('termIds'));
  if (spec.near) remove('near', `Search everywhere, not only near ${params.near}`, ['near', 'radius'], (s) => ({ ...s, near: undefined }));
  // Related needs: the broader need of each need the words were read as, browsed without the words.
  for (const parentId of new Set(parentsOf(needs))) {
    const parent = needTermById(parentId);
    if (!parent) continue;
    candidates.push({
      suggestion: {
        kind: 'need',
        action: 'set',
        param: 'taxonomy_term',
        value: parent.id,
        text: `Show all services for ${parent.name.toLowerCase()}`,
        params: { q: null, taxonomy_term: parent.id },
      },
      spec: { ...spec, text: undefined, filters: { ...spec.filters, termIds: [parent.id] } },
    });
  }

  const found = await haveResults(
    db,
    candidates.map((c) => c.spec),
  );
  return candidates.filter((_, i) => found[i]).map((c) => c.suggestion).slice(0, 6);
}
