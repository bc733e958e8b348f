import type { FastifyInstance } from 'fastify';
import { serviceSources } from '../federation/sources.js';
import type { PlatformContext } from '../../../platform/block.js';
import { HttpProblem, type InvalidParam } from '../../../platform/http/problem.js';
import { validateAgainst } from '../../../platform/http/validation.js';
import { SearchQuerySchema, searchServices, type SearchParams } from '../search/query.js';
import { crisisHelp } from '../crisis-help.js';
import { showsRiskToLife } from '../search/risk.js';
import { HTML, currentPath } from './common.js';
import { exitRedirectUrl, isSensitiveSearch } from './exit-this-page.js';
import { joinList } from './format.js';
import { stalenessSettings } from '../staleness/settings.js';
import { staleWarning } from '../staleness/flag.js';
import { searchUrl, without } from './search-links.js';
import { recordUnmetSearch } from '../sql/unmet-need.js';
import { filterModel, filtersInUse, queryValues, rawList, resultsModel, searchErrors, type SearchResponseLike } from './search-view.js';

/**
 * The results page: the same parameters as `/api/search`, checked by the same schema, so a
 * link works in both. Bad input is answered with the GOV.UK error summary and status 400.
 */
export function registerSearch(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/search', HTML, async (request, reply) => {
    const { t, locale, basePath } = request;
    const raw = { ...(request.query as Record<string, unknown>) };
    // The page's own parameter (the language) is not a search parameter.
    delete raw.lang;
    // A form sends every field, filled or not: an empty field is a filter not chosen.
    for (const [key, given] of Object.entries(raw)) {
      const kept = Array.isArray(given) ? given.filter((v) => v !== '') : given;
      if (kept === '' || (Array.isArray(kept) && kept.length === 0)) delete raw[key];
      else raw[key] = kept;
    }
    const values = queryValues(raw);
    const { value, errors } = validateAgainst<SearchParams>(SearchQuerySchema, raw);

    const now = new Date();
    let invalid: InvalidParam[] = errors;
    let fromSearch = false;
    let response: SearchResponseLike | undefined;
    if (!invalid.length) {
      try {
        response = (await searchServices(ctx.db, request.council.id, value, { now, locale, t })) as SearchResponseLike;
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status !== 400) throw error;
        invalid = error.invalidParams?.length ? error.invalidParams : [{ name: 'q', reason: error.detail ?? error.title }];
        fromSearch = true;
      }
    }
    // Unmet need (the insight block): only what was looked for, never who; a failure here must not fail the search.
    if (response) await recordUnmetSearch(ctx.db, request.council.id, request.ip, value, response).catch((error) => request.log.warn({ err: error }, 'unmet search not recorded'));

    const problems = searchErrors(t, invalid, fromSearch);
    const form = filterModel(t, locale, values, problems.byField);
    const outcome = response ? resultsModel(t, locale, basePath, values, response, currentPath(request), now, stalenessSettings(ctx.config).flagMonths) : undefined;
    // Listings from other directories' feeds say where they come from (federation).
    const sources = outcome?.results.length ? Object.fromEntries(await serviceSources(ctx.db, request.council.id, outcome.results.map((r) => r.id))) : {};
    // Crisis help whatever else is wrong with the search: a refused postcode must not hide it.
    const q = typeof values.q === 'string' ? values.q : undefined;
    const crisis = response?.crisis ?? (showsRiskToLife(q) ? await crisisHelp(ctx.db, request.council.id, locale, t) : undefined);
    const sensitive = isSensitiveSearch(q, rawList(values.taxonomy_term), (response?.interpreted?.needs ?? []).map((n) => n.id));
    const filterCount = filtersInUse(values);
    const titleBits = [values.q, values.near].filter(Boolean).join(', ');
    return reply.code(invalid.length ? 400 : 200).page('directory-search.njk', {
      title: outcome
        ? t('directory.search.title_count', { count: outcome.total, terms: titleBits || t('directory.search.title_all') })
        : t('directory.search.title'),
      errors: problems.list,
      form,
      outcome,
      sources,
      neededNames: joinList(t, form.needs.map((n) => n.name)),
      withoutNeedsHref: searchUrl(basePath, without(values, 'taxonomy_term')),
      clearFiltersHref: searchUrl(basePath, { q: values.q, near: values.near, taxonomy_term: values.taxonomy_term }),
      crisis,
      staleText: staleWarning(t, stalenessSettings(ctx.config).flagMonths),
      exitThisPage: sensitive ? { redirectUrl: exitRedirectUrl() } : undefined,
      filterToggle: filterCount ? t('directory.filters.toggle_count', { count: filterCount }) : t('directory.filters.toggle'),
      // Closed, so that on a phone the results are in view; open when a filter needs correcting.
      filtersOpen: Object.keys(form.errors).some((field) => field !== 'q' && field !== 'near'),
    });
  });
}
