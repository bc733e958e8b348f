import type { Locale, Translate } from '../../../platform/web/i18n.js';
import type { InvalidParam } from '../../../platform/http/problem.js';
import type { CrisisHelp } from '../crisis-help.js';
import { needTermById } from '../demo/taxonomy.js';
import { DEFAULT_RADIUS_M, MAX_Q_LENGTH } from '../search/params.js';
import { ACCESSIBILITY_CODES, DELIVERY_CODES } from '../vocabulary.js';
import { DAY_CODES, londonDayAndMinute } from '../search/opening-hours.js';
import { checkedLongAgo, formatAges, formatDate, formatDistance, formatTime, shortText } from './format.js';
import { FILTER_LANGUAGES, languageName } from './languages.js';
import { pageNumbers, searchUrl, serviceHref, without, type QueryValues } from './search-links.js';

/** One result as the search returns it (see search/query.ts); optional parts are checked. */
export interface SearchResultLike {
  id: string;
  name: string;
  description?: string | null;
  organization?: { id?: string; name?: string | null } | null;
  distance_m?: number | null;
  open_now?: boolean | null;
  free?: boolean | null;
  min_age?: number | null;
  max_age?: number | null;
  delivery?: string[] | null;
  languages?: string[] | null;
  location?: { name?: string | null; address?: string | null; postcode?: string | null } | null;
  taxonomy_terms?: Array<{ id: string; name: string }> | null;
  next_opening?: { day: string; time: string } | null;
  last_checked?: string | null;
}

export interface SearchResponseLike {
  total: number;
  total_is_estimate?: boolean;
  page: number;
  per_page: number;
  total_pages: number;
  results: SearchResultLike[];
  corrected_q?: string | null;
  interpreted?: { match?: string; needs?: Array<{ id: string }> } | null;
  suggestions?: unknown[] | null;
  crisis?: CrisisHelp;
}

/** Radius choices in miles, sent as metres (what the API takes). */
const RADIUS_MILES = [1, 2, 5, 10, 20];
const milesToMetres = (miles: number) => Math.round(miles * 1609.344);
const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

/** The input each parameter is entered in, for error summary links. */
const FIELD_IDS: Record<string, string> = {
  q: 'q',
  near: 'near',
  radius: 'radius',
  age: 'age',
  free: 'free',
  open_now: 'free',
  day: 'day',
  time: 'time',
  language: 'language',
  accessibility: 'accessibility',
  delivery: 'delivery',
};
const KNOWN_ERRORS = new Set(['q', 'near', 'radius', 'age', 'free', 'open_now', 'day', 'time', 'language', 'accessibility', 'delivery', 'taxonomy_term', 'page', 'per_page']);

export interface PageError {
  text: string;
  href: string;
}

/** Each refused parameter as a GOV.UK error message, in the reader's language. */
export function searchErrors(t: Translate, invalid: InvalidParam[], fromSearch = false): { list: PageError[]; byField: Record<string, string> } {
  const list: PageError[] = [];
  const byField: Record<string, string> = {};
  for (const param of invalid) {
    const name = param.name;
    const key = fromSearch && name === 'near' ? 'directory.search.error.near_unknown' : KNOWN_ERRORS.has(name) ? `directory.search.error.${name}` : 'directory.search.error.other';
    const text = t(key, { max: MAX_Q_LENGTH, name });
    const field = FIELD_IDS[name] ?? 'q';
    list.push({ text, href: `#${field}` });
    byField[field] = byField[field] ? `${byField[field]} ${text}` : text;
  }
  return { list, byField };
}

/** The first string of a query value, as the person typed it (to put back in the form). */
export function rawString(value: unknown): string {
  if (Array.isArray(value)) return rawString(value[0]);
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export function rawList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(rawString);
  return value === undefined || value === null || value === '' ? [] : [rawString(value)];
}

/** The query parameters that make up a search, from what was asked (the form's values). */
export function queryValues(raw: Record<string, unknown>): QueryValues {
  return {
    q: rawString(raw.q).trim() || undefined,
    near: rawString(raw.near).trim() || undefined,
    radius: rawString(raw.radius) || undefined,
    age: rawString(raw.age).trim() || undefined,
    free: rawString(raw.free) || undefined,
    open_now: rawString(raw.open_now) || undefined,
    day: rawString(raw.day) || undefined,
    time: rawString(raw.time).trim() || undefined,
    language: rawString(raw.language) || undefined,
    accessibility: rawList(raw.accessibility),
    delivery: rawList(raw.delivery),
    taxonomy_term: rawList(raw.taxonomy_term),
    per_page: rawString(raw.per_page) || undefined,
    page: rawString(raw.page) || undefined,
  };
}

interface Option {
  value: string;
  text: string;
  selected?: boolean;
}

/** The filter form, with what was asked filled in. */
export function filterModel(t: Translate, locale: Locale, values: QueryValues, fieldErrors: Record<string, string>) {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const radius = String(values.radius ?? '');
  const radiusOptions: Option[] = [{ value: '', text: t('directory.filters.radius_any') }];
  for (const miles of RADIUS_MILES) {
    radiusOptions.push({ value: String(milesToMetres(miles)), text: t('directory.filters.radius_miles', { miles }), selected: radius === String(milesToMetres(miles)) });
  }
  // A distance from a link (the API takes any): offered as it is, unless it was refused.
  if (radius && /^\d+$/.test(radius) && !fieldErrors.radius && !radiusOptions.some((o) => o.value === radius)) {
    radiusOptions.push({ value: radius, text: t('directory.filters.radius_miles', { miles: (Number(radius) / 1609.344).toFixed(1) }), selected: true });
  }
  const day = String(values.day ?? '').toLowerCase().slice(0, 2);
  const dayOptions: Option[] = [
    { value: '', text: t('directory.filters.day_any') },
    ...DAYS.map((d) => ({ value: d, text: t(`directory.day.start.${d}`), selected: d === day && Boolean(values.day) })),
  ];
  const language = String(values.language ?? '').toLowerCase();
  const languageOptions: Option[] = [
    { value: '', text: t('directory.filters.language_any') },
    ...FILTER_LANGUAGES.map((code) => ({ value: code, text: languageName(t, locale, code), selected: code === language })),
  ];
  if (language && !FILTER_LANGUAGES.includes(language as (typeof FILTER_LANGUAGES)[number])) {
    languageOptions.push({ value: language, text: languageName(t, locale, language), selected: true });
  }
  const accessibility = list(values.accessibility);
  const delivery = list(values.delivery);
  const needs = list(values.taxonomy_term)
    .map((id) => needTermById(id))
    .filter((n): n is NonNullable<typeof n> => Boolean(n))
    .map((n) => ({ id: n.id, name: locale === 'cy' ? n.name_cy : n.name }));
  return {
    values: {
      q: values.q ?? '',
      near: values.near ?? '',
      age: values.age ?? '',
      time: values.time ?? '',
    },
    radiusOptions,
    dayOptions,
    languageOptions,
    only: [
      { value: 'true', name: 'free', text: t('directory.filters.free'), checked: values.free === 'true' || values.free === true },
      { value: 'true', name: 'open_now', text: t('directory.filters.open_now'), checked: values.open_now === 'true' || values.open_now === true },
    ],
    accessibility: ACCESSIBILITY_CODES.map((code) => ({ value: code, text: t(`directory.accessibility.${code}`), checked: accessibility.includes(code) })),
    delivery: DELIVERY_CODES.map((code) => ({ value: code, text: t(`directory.delivery.${code}`), checked: delivery.includes(code) })),
    taxonomyTerms: list(values.taxonomy_term),
    needs,
    errors: fieldErrors,
  };
}

/** "Closed now · opens Tuesday at 9am" ("today", "tomorrow"), from the search's next opening (Europe/London). */
function closedNowText(t: Translate, next: SearchResultLike['next_opening'], now: Date): string | undefined {
  const day = next ? DAY_CODES.indexOf(next.day as (typeof DAY_CODES)[number]) : -1;
  const time = next ? formatTime(t, next.time) : undefined;
  if (day < 0 || !time) return undefined;
  const today = londonDayAndMinute(now).day;
  const when =
    day === today
      ? t('directory.result.opens_today', { time })
      : day === (today + 1) % 7
        ? t('directory.result.opens_tomorrow', { time })
        : t('directory.result.opens_day', { day: t(`directory.day.mid.${DAY_CODES[day]}`), time });
  return t('directory.result.closed_opens', { when });
}

/** How many filters a search uses (shown on the "Filter" control while it is closed). */
export function filtersInUse(values: QueryValues): number {
  const given = (key: string) => {
    const value = values[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
  };
  return ['radius', 'age', 'free', 'open_now', 'language', 'accessibility', 'delivery'].filter(given).length + (given('day') || given('time') ? 1 : 0);
}

/**
 * The results list, pagination and "no results" help. `from`: this results page, carried to
 * each service so its breadcrumb comes back here.
 */
export function resultsModel(t: Translate, locale: Locale, basePath: string, values: QueryValues, response: SearchResponseLike, from?: string, now = new Date(), flagMonths = 12) {
  const results = response.results.map((r) => ({
    id: r.id,
    href: serviceHref(basePath, r.id, from),
    name: r.name,
    organisation: r.organization?.name ?? undefined,
    summary: shortText(r.description),
    distance: formatDistance(t, r.distance_m),
    openNow: r.open_now === true,
    closedNow: r.open_now === true ? undefined : closedNowText(t, r.next_opening, now),
    lastChecked: formatDate(t, r.last_checked),
    stale: checkedLongAgo(r.last_checked, now, flagMonths),
    free: r.free === true,
    ages: formatAges(t, r.min_age, r.max_age),
    delivery: (r.delivery ?? []).filter((d) => DELIVERY_CODES.includes(d)).map((d) => t(`directory.delivery.${d}`)),
    place: [r.location?.name, r.location?.postcode].filter(Boolean).join(', ') || undefined,
  }));
  const page = response.page;
  const totalPages = response.total_pages;
  const pageHref = (n: number) => searchUrl(basePath, { ...values, page: String(n) });
  const pagination =
    totalPages > 1
      ? {
          landmarkLabel: t('directory.pagination.label'),
          previous: page > 1 ? { href: pageHref(page - 1), html: t('directory.pagination.previous') } : undefined,
          next: page < totalPages ? { href: pageHref(page + 1), html: t('directory.pagination.next') } : undefined,
          items: pageNumbers(page, totalPages).map((n) =>
            n === 'gap'
              ? { ellipsis: true }
              : { number: n, href: pageHref(n), current: n === page, visuallyHiddenText: t('directory.pagination.page', { number: n }) },
          ),
        }
      : undefined;
  return {
    total: response.total,
    countText:
      response.total === 0
        ? t('directory.search.count_none')
        : t(response.total_is_estimate ? 'directory.search.count_estimate' : 'directory.search.count', {
            count: response.total === 1 ? 1 : response.total.toLocaleString('en-GB'),
          }),
    results,
    pagination,
    correctedQ: response.corrected_q ?? undefined,
    matchAny: response.interpreted?.match === 'any' && response.total > 0,
    originalQHref: response.corrected_q ? searchUrl(basePath, { ...values, page: undefined }) : undefined,
    widen: widenLinks(t, locale, basePath, values, response.suggestions ?? []),
  };
}

/**
 * Ways to widen a search that found nothing. The search's own suggestions come first (their
 * shape is decided by search/query.ts: objects with the parameters to drop or change); then
 * one link for each filter in use, to search again without it.
 */
function widenLinks(t: Translate, locale: Locale, basePath: string, values: QueryValues, suggestions: unknown[]): Array<{ text: string; href: string }> {
  const links: Array<{ text: string; href: string }> = [];
  for (const suggestion of suggestions) {
    const link = suggestionLink(t, locale, basePath, values, suggestion);
    if (link && !links.some((l) => l.href === link.href)) links.push(link);
  }
  // The search checks that each of its suggestions finds something; only when it has none
  // are filters offered for removal without that promise.
  if (links.length) return links;
  const drop = (text: string, ...keys: string[]) => {
    const href = searchUrl(basePath, without(values, ...keys));
    if (!links.some((l) => l.href === href)) links.push({ text, href });
  };
  if (values.near && values.radius && Number(values.radius) < DEFAULT_RADIUS_M) drop(t('directory.widen.radius'), 'radius');
  if (values.age) drop(t('directory.widen.age'), 'age');
  if (values.free) drop(t('directory.widen.free'), 'free');
  if (values.open_now) drop(t('directory.widen.open_now'), 'open_now');
  if (values.day || values.time) drop(t('directory.widen.day'), 'day', 'time');
  if (values.language) drop(t('directory.widen.language'), 'language');
  if ((values.accessibility as string[] | undefined)?.length) drop(t('directory.widen.accessibility'), 'accessibility');
  if ((values.delivery as string[] | undefined)?.length) drop(t('directory.widen.delivery'), 'delivery');
  if ((values.taxonomy_term as string[] | undefined)?.length) drop(t('directory.widen.taxonomy_term'), 'taxonomy_term');
  if (values.near) drop(t('directory.widen.near'), 'near', 'radius');
  // Each of those may still find nothing when several filters narrow the search: so also
  // offer the words alone, everywhere.
  if (links.length > 1 && values.q) {
    links.push({ text: t('directory.widen.words_only', { q: String(values.q) }), href: searchUrl(basePath, { q: values.q }) });
  }
  return links;
}

const WIDEN_KINDS = new Set(['radius', 'near', 'open_now', 'free', 'age', 'day', 'language', 'accessibility', 'delivery', 'taxonomy_term', 'need']);

/** A suggestion of search/query.ts ({ kind, action, value, text, params }) as a link in the reader's language. */
function suggestionLink(t: Translate, locale: Locale, basePath: string, values: QueryValues, suggestion: unknown): { text: string; href: string } | undefined {
  if (!suggestion || typeof suggestion !== 'object') return undefined;
  const s = suggestion as { kind?: unknown; action?: unknown; value?: unknown; text?: unknown; params?: unknown };
  if (!s.params || typeof s.params !== 'object') return undefined;
  const next: QueryValues = { ...values, page: undefined };
  for (const [key, value] of Object.entries(s.params as Record<string, unknown>)) {
    next[key] = value === null ? undefined : (value as QueryValues[string]);
  }
  const kind = typeof s.kind === 'string' ? s.kind : '';
  let text: string | undefined;
  if (kind === 'radius' && s.action === 'set' && typeof s.value === 'number') {
    text = t('directory.widen.radius_to', { miles: Math.round(s.value / 1609.344) });
  } else if (kind === 'need' && s.action === 'set' && typeof s.value === 'string' && needTermById(s.value)) {
    const need = needTermById(s.value)!;
    text = t('directory.widen.need_set', { need: locale === 'cy' ? need.name_cy : need.name });
  } else if (WIDEN_KINDS.has(kind) && s.action === 'remove') {
    text = t(`directory.widen.${kind}`);
  }
  // A kind this page does not know yet: the search's own (English) words are better than none.
  text ??= typeof s.text === 'string' ? s.text : undefined;
  return text ? { text, href: searchUrl(basePath, next) } : undefined;
}
