import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { SearchQuerySchema, SearchResultsSchema, searchServices, type SearchParams } from '../search/query.js';
import { recordUnmetSearch } from '../sql/unmet-need.js';

/**
 * `GET /api/search`: the directory's search as JSON, open to any web page (CORS `*`), with the
 * same parameters and the same answers as the search page. A council route: registered at the
 * root and under `/c/{council}`; the second copy is left out of the OpenAPI document.
 */
export async function registerSearchApi(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  const twin = app.prefix.startsWith('/c/');
  app.get<{ Querystring: SearchParams }>(
    '/api/search',
    {
      config: { access: 'public' },
      // Set before validation, so refusals (400) carry it too and a browser can read them.
      onRequest: async (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
      },
      schema: {
        summary: 'Search services by need, place and filters',
        description:
          'Finds council and community services by what a person needs (in their own words: misspellings are corrected and ' +
          'everyday phrases such as "can\'t pay my rent" are read as needs), where they are, and filters. Filters combine with AND. ' +
          'When nothing is found, `suggestions` says which change to the search would find something.',
        tags: ['Search'],
        querystring: SearchQuerySchema,
        response: { 200: SearchResultsSchema },
        ...(twin ? { hide: true } : {}),
      },
    },
    async (request) => {
      const results = await searchServices(ctx.db, request.council.id, request.query, { locale: request.locale, t: request.t });
      // Unmet need (the insight block): only what was looked for, never who; a failure here must not fail the search.
      await recordUnmetSearch(ctx.db, request.council.id, request.ip, request.query, results).catch((error) => request.log.warn({ err: error }, 'unmet search not recorded'));
      return results;
    },
  );
}
