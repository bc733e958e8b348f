import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { declarePublicScope } from '../../../platform/http/access.js';
import { normalisePostcode } from '../../../platform/geo/postcode.js';
import { findPostcode } from '../../../platform/geo/postcodes-sql.js';
import { publicOrigin } from '../../../platform/http/public-origin.js';
import { badRequest, HttpProblem, notFound, sendProblem, type InvalidParam } from '../../../platform/http/problem.js';
import {
  Paged,
  ServiceAtLocationFullSchema,
  ServiceAtLocationListItemSchema,
  ServiceListItemSchema,
  ServiceSchema,
  TaxonomySchema,
  TaxonomyTermSchema,
  TaxonomyWithTermsSchema,
  type Page,
  type ServiceAtLocationListItem,
} from '../oruk/schemas.js';
import { DAY_PATTERN, dayIndex } from '../search/opening-hours.js';
import { externalTaxonomyById, externalTermById } from '../taxonomy/external-terms.js';
import { taxonomyMappings } from '../taxonomy/mappings.js';
import { needsBaseUrl, withRecognisedTerms } from '../taxonomy/recognise.js';
import {
  countServiceAtLocations,
  countServices,
  pageOfServiceAtLocations,
  pageOfServiceIds,
  termWithNarrower,
  type FeedFilters,
} from '../sql/oruk-feed.js';
import {
  getFullService,
  getServiceAtLocation,
  getServiceListItems,
  getTaxonomy,
  getTaxonomyTerm,
  listTaxonomies,
  listTaxonomyTerms,
  orukPage,
} from '../sql/oruk-read.js';

/**
 * The Open Referral UK 3.0 feed of a council's directory, under `/oruk/` (and, as every
 * council route, under `/c/{council}/oruk/`). It follows the ORUK compliance rules: open (no
 * key), `Access-Control-Allow-Origin: *` on every response including errors and preflights,
 * empty optional fields left out, paged lists with ORUK's page fields.
 */

export const ORUK_VERSION = '3.0';
export const ORUK_PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile';
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;
/** Far enough for any council area and its neighbours; larger radii are a mistake, not a query. */
export const MAX_PROXIMITY_M = 1_000_000;

const TAGS = ['Open Referral UK'];
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const TIME = '^([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$';

const Id = (what: string) => Type.String({ format: 'uuid', description: `The id (a UUID) of the ${what}.` });

const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Page number of the paginated result, from 1.' })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE, description: `Number of results in a page, at most ${MAX_PER_PAGE}.` }),
  ),
};

const ServiceFilterQuery = {
  search: Type.Optional(Type.String({ maxLength: 200, description: 'Full text search: words (AND), "a phrase", -not.' })),
  ...PagingQuery,
  taxonomy_term_id: Type.Optional(
    Type.String({ format: 'uuid', description: 'Services tagged with this taxonomy term, or with a narrower term under it.' }),
  ),
  taxonomy_id: Type.Optional(Type.String({ format: 'uuid', description: 'Services tagged with any term of this taxonomy.' })),
  organization_id: Type.Optional(Type.String({ format: 'uuid', description: 'Services that this organization provides.' })),
  minimum_age: Type.Optional(
    Type.Number({ minimum: 0, maximum: 150, description: 'Services with a minimum age of at least this value (a service with no minimum age has a minimum of 0).' }),
  ),
  maximum_age: Type.Optional(
    Type.Number({ minimum: 0, maximum: 150, description: 'Services with a maximum age equal to or below this value (a service with no maximum age never is).' }),
  ),
  start_time: Type.Optional(
    Type.String({ pattern: TIME, description: 'Services with a schedule that opens at or after this local time, HH:MM or HH:MM:SS (24-hour).' }),
  ),
  end_time: Type.Optional(
    Type.String({ pattern: TIME, description: 'Services with a schedule that closes at or before this local time, HH:MM or HH:MM:SS (24-hour).' }),
  ),
  day: Type.Optional(
    Type.String({
      pattern: DAY_PATTERN,
      description: `Services with a schedule on this day: ${DAY_CODES.join(', ')} (RFC 5545), or the day's English name. With start_time or end_time, the same schedule must match all of them.`,
    }),
  ),
  postcode: Type.Optional(
    Type.String({
      maxLength: 16,
      description: 'A UK postcode: results come nearest first from its centre. With proximity, only results within that distance.',
    }),
  ),
  proximity: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: MAX_PROXIMITY_M, description: 'Metres from the centre of postcode (which it needs).' }),
  ),
  modified_after: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Services modified on or after this date-time (RFC 3339, e.g. 2025-01-31T09:00:00Z).',
    }),
  ),
};

export const ServicesQuerySchema = Type.Object(ServiceFilterQuery);
export const ServiceAtLocationsQuerySchema = Type.Object(ServiceFilterQuery);
export const TaxonomiesQuerySchema = Type.Object(PagingQuery);
export const TaxonomyTermsQuerySchema = Type.Object({
  ...PagingQuery,
  taxonomy_id: Type.Optional(Type.String({ format: 'uuid', description: 'Terms of this taxonomy.' })),
  parent_id: Type.Optional(Type.String({ format: 'uuid', description: 'Terms directly under this term.' })),
  top_only: Type.Optional(Type.Boolean({ description: 'Only terms with no parent.' })),
});
export const IdParamsSchema = (what: string) => Type.Object({ id: Id(what) });

type ServicesQuery = Static<typeof ServicesQuerySchema>;
type TermsQuery = Static<typeof TaxonomyTermsQuerySchema>;
type IdParams = { id: string };

export const OrukRootSchema = Type.Object({
  version: Type.String({ description: 'The ORUK (HSDS) version of this API.' }),
  profile: Type.String({ format: 'uri', description: 'The HSDS profile this API follows.' }),
  openapi_url: Type.String({ format: 'uri', description: 'The OpenAPI document describing this API.' }),
});

/**
 * Responses are serialised with JSON.stringify: the response schemas describe them in the
 * OpenAPI document, but a schema-driven serialiser would silently drop any field (or nested
 * list) a schema does not name, and a feed must never lose data.
 */
const plainJson = () => (data: unknown) => JSON.stringify(data);

/** 'urn:uuid:…' is a UUID to JSON Schema's format but not to PostgreSQL. */
const bareUuid = (id: string) => id.replace(/^urn:uuid:/i, '').toLowerCase();

function paging(query: { page?: number; per_page?: number }): { page: number; perPage: number; offset: number } {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { page, perPage, offset: (page - 1) * perPage };
}

/** Check what the schema cannot (a known postcode, a real instant) and turn the query into filters. */
async function feedFilters(ctx: PlatformContext, councilId: string, query: ServicesQuery): Promise<FeedFilters> {
  const invalid: InvalidParam[] = [];
  const filters: FeedFilters = {};
  const search = query.search?.trim();
  if (search) filters.search = search;
  if (query.taxonomy_term_id) filters.taxonomyTermIds = await termWithNarrower(ctx.db, councilId, bareUuid(query.taxonomy_term_id));
  if (query.taxonomy_id) filters.taxonomyId = bareUuid(query.taxonomy_id);
  if (query.organization_id) filters.organizationId = bareUuid(query.organization_id);
  if (query.minimum_age !== undefined) filters.minimumAge = query.minimum_age;
  if (query.maximum_age !== undefined) filters.maximumAge = query.maximum_age;
  if (query.day !== undefined) {
    const index = dayIndex(query.day);
    if (index === undefined) invalid.push({ name: 'day', reason: `must be one of: ${DAY_CODES.join(', ')}` });
    else filters.day = DAY_CODES[index];
  }
  if (query.start_time) filters.startTime = query.start_time;
  if (query.end_time) filters.endTime = query.end_time;
  if (query.modified_after !== undefined) {
    const moment = new Date(query.modified_after);
    const year = moment.getUTCFullYear();
    if (Number.isNaN(moment.getTime()) || year < 1 || year > 9999) invalid.push({ name: 'modified_after', reason: 'must be a valid date-time' });
    else filters.modifiedAfter = moment.toISOString();
  }
  const postcodeText = query.postcode?.trim();
  if (postcodeText) {
    const postcode = normalisePostcode(postcodeText);
    const centre = postcode ? await findPostcode(ctx.db, postcode) : undefined;
    if (!postcode) invalid.push({ name: 'postcode', reason: 'is not a UK postcode' });
    else if (!centre) invalid.push({ name: 'postcode', reason: `is not a postcode we know (${postcode})` });
    else filters.near = { ...centre, ...(query.proximity !== undefined ? { radiusM: query.proximity } : {}) };
  } else if (query.proximity !== undefined) {
    invalid.push({ name: 'proximity', reason: 'needs a postcode to measure from' });
  }
  if (invalid.length) throw badRequest(invalid);
  return filters;
}

/**
 * A page of a list whose items and count come from separate statements. The count is skipped
 * when the page itself shows it: a first page that is not full holds every match, and a page
 * that is neither full nor empty is the last one. (Running the two at once on PostgreSQL's
 * pool measured no faster, and would cost the count even when the page shows it.)
 */
async function pageOf<T>(
  query: { page?: number; per_page?: number },
  items: (limit: number, offset: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { page, perPage, offset } = paging(query);
  const contents = await items(perPage, offset);
  const total = contents.length < perPage && (contents.length > 0 || offset === 0) ? offset + contents.length : await count();
  return orukPage(contents, total, page, perPage);
}

/** A route's options: its schemas, and hidden from the OpenAPI document in the `/c/{council}` copy. */
function routeOptions(app: FastifyInstance, schema: Record<string, unknown>, responseSchema: TSchema, responseDescription: string): RouteShorthandOptions {
  const hide = app.prefix.startsWith('/c/');
  return {
    serializerCompiler: plainJson,
    schema: {
      tags: TAGS,
      ...(hide ? { hide: true } : {}),
      ...schema,
      response: { 200: { ...responseSchema, description: responseDescription } },
    },
  };
}

const councilNote = (path: string) => `Each council's feed is also at \`/c/{council}/oruk${path}\`; at \`/oruk${path}\` the council is the one that owns the host name, or the default council.`;

/** The handler of a `/{things}/{id}` route: the one thing, or a 404 naming what was asked for. */
/** `find`'s answer, Hearth's need terms in it recognisable (taxonomy/recognise.ts), or 404. */
function oneById<T>(ctx: PlatformContext, what: string, find: (councilId: string, id: string) => Promise<T | undefined>) {
  return async (request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) => {
    const found = await find(request.council.id, bareUuid(request.params.id));
    if (!found) throw notFound(`There is no ${what} ${request.params.id}.`);
    return cacheable(reply).send(withRecognisedTerms(found, needsBaseUrl(ctx.config, request)));
  };
}

function cacheable(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'public, max-age=60');
}

/**
 * Register the ORUK feed on a council scope (call from the directory block's `councilRoutes`,
 * which the platform registers at `/` and under `/c/:council`).
 */
export async function registerOrukFeed(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  // A mapping file that cannot be read stops the start here, named, rather than at a first request.
  taxonomyMappings();
  await app.register(
    async (feed) => {
      // The ORUK feed is open data: the standard allows no key.
      declarePublicScope(feed);
      // onSend, not onRequest: it also runs when an earlier hook (an unknown council) or the handler throws.
      feed.addHook('onSend', async (_request, reply, payload) => {
        reply.header('access-control-allow-origin', '*');
        return payload;
      });

      feed.options('/*', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .code(204)
          .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
          .header('access-control-allow-headers', '*')
          .header('access-control-max-age', '86400')
          .send(),
      );

      feed.setNotFoundHandler((request, reply) =>
        sendProblem(reply, new HttpProblem(404, 'Not found', `There is nothing at ${request.url.split('?')[0]}. See /api/docs for the ORUK feed's addresses.`).toProblem()),
      );

      const root = routeOptions(
        feed,
        {
          summary: 'About this ORUK API',
          description: `The ORUK version this API follows, the profile, and where its OpenAPI description is. ${councilNote('/')}`,
        },
        OrukRootSchema,
        "The API's version, profile and OpenAPI description.",
      );
      const about = async (request: FastifyRequest, reply: FastifyReply) =>
        cacheable(reply).send({
          version: ORUK_VERSION,
          profile: ORUK_PROFILE_URL,
          openapi_url: `${publicOrigin(ctx.config, request.council)}/api/openapi.json`,
        });
      // `/oruk/` is the documented address; `/oruk` answers the same, undocumented.
      feed.get('/', { ...root, prefixTrailingSlash: 'slash' }, about);
      feed.get('/', { ...root, prefixTrailingSlash: 'no-slash', schema: { ...root.schema, hide: true } }, about);

      feed.get<{ Querystring: ServicesQuery }>(
        '/services',
        routeOptions(
          feed,
          {
            summary: 'A page of services',
            description: `Services with their own fields and their organisation, in a stable order (by id; nearest first when a postcode is given). Filters combine (AND). ${councilNote('/services')}`,
            querystring: ServicesQuerySchema,
          },
          Paged(ServiceListItemSchema),
          'A page of services.',
        ),
        async (request, reply) => {
          const councilId = request.council.id;
          const filters = await feedFilters(ctx, councilId, request.query);
          const page = await pageOf(
            request.query,
            async (limit, offset) => getServiceListItems(ctx.db, councilId, await pageOfServiceIds(ctx.db, councilId, filters, limit, offset)),
            () => countServices(ctx.db, councilId, filters),
          );
          return cacheable(reply).send(page);
        },
      );

      feed.get<{ Params: IdParams }>(
        '/services/:id',
        routeOptions(
          feed,
          {
            summary: 'One service, fully nested',
            description: `A service with everything about it: organisation, locations, schedules, contacts, costs, languages, areas, funding and taxonomy terms. ${councilNote('/services/{id}')}`,
            params: IdParamsSchema('service'),
          },
          ServiceSchema,
          'The service.',
        ),
        oneById(ctx, 'service', (councilId, id) => getFullService(ctx.db, councilId, id)),
      );

      feed.get<{ Querystring: ServicesQuery }>(
        '/service_at_locations',
        routeOptions(
          feed,
          {
            summary: 'A page of services at locations',
            description: `Each place a service is delivered: the location's own fields and the service's, in a stable order (by id; nearest first when a postcode is given). The filters are those of /oruk/services. ${councilNote('/service_at_locations')}`,
            querystring: ServiceAtLocationsQuerySchema,
          },
          Paged(ServiceAtLocationListItemSchema),
          'A page of services at locations.',
        ),
        async (request, reply) => {
          const councilId = request.council.id;
          const filters = await feedFilters(ctx, councilId, request.query);
          const page = await pageOf<ServiceAtLocationListItem>(
            request.query,
            async (limit, offset) => {
              const places = await pageOfServiceAtLocations(ctx.db, councilId, filters, limit, offset);
              const services = new Map(
                (await getServiceListItems(ctx.db, councilId, [...new Set(places.map((p) => p.service_id))])).map((s) => [s.id, s]),
              );
              return places.map((place) => {
                const service = services.get(place.service_id);
                return { ...place, ...(service ? { service } : {}) };
              });
            },
            () => countServiceAtLocations(ctx.db, councilId, filters),
          );
          return cacheable(reply).send(page);
        },
      );

      feed.get<{ Params: IdParams }>(
        '/service_at_locations/:id',
        routeOptions(
          feed,
          {
            summary: 'One service at one location, fully nested',
            description: `The location with its addresses and accessibility, and the service with everything about it. ${councilNote('/service_at_locations/{id}')}`,
            params: IdParamsSchema('service at location'),
          },
          ServiceAtLocationFullSchema,
          'The service at the location.',
        ),
        oneById(ctx, 'service_at_location', (councilId, id) => getServiceAtLocation(ctx.db, councilId, id)),
      );

      feed.get<{ Querystring: Static<typeof TaxonomiesQuerySchema> }>(
        '/taxonomies',
        routeOptions(
          feed,
          {
            summary: 'A page of taxonomies',
            description: `The taxonomies the directory's terms come from, by name. ${councilNote('/taxonomies')}`,
            querystring: TaxonomiesQuerySchema,
          },
          Paged(TaxonomySchema),
          'A page of taxonomies.',
        ),
        async (request, reply) => {
          const { page, perPage } = paging(request.query);
          return cacheable(reply).send(await listTaxonomies(ctx.db, request.council.id, { page, perPage }));
        },
      );

      feed.get<{ Params: IdParams }>(
        '/taxonomies/:id',
        routeOptions(
          feed,
          {
            summary: 'One taxonomy with its terms',
            description: `A taxonomy and every term in it, by name. ${councilNote('/taxonomies/{id}')}`,
            params: IdParamsSchema('taxonomy'),
          },
          TaxonomyWithTermsSchema,
          'The taxonomy.',
        ),
        // A vocabulary Hearth's need terms are published with (LGSL, ...) resolves here too.
        oneById(ctx, 'taxonomy', async (councilId, id) => (await getTaxonomy(ctx.db, councilId, id)) ?? externalTaxonomyById(id)),
      );

      feed.get<{ Querystring: TermsQuery }>(
        '/taxonomy_terms',
        routeOptions(
          feed,
          {
            summary: 'A page of taxonomy terms',
            description: `Taxonomy terms by name, optionally of one taxonomy, under one parent, or at the top level only. ${councilNote('/taxonomy_terms')}`,
            querystring: TaxonomyTermsQuerySchema,
          },
          Paged(TaxonomyTermSchema),
          'A page of taxonomy terms.',
        ),
        async (request, reply) => {
          const { page, perPage } = paging(request.query);
          const { taxonomy_id, parent_id, top_only } = request.query;
          if (top_only && parent_id) throw badRequest([{ name: 'top_only', reason: 'cannot be combined with parent_id' }]);
          const terms = await listTaxonomyTerms(ctx.db, request.council.id, {
            page,
            perPage,
            ...(taxonomy_id ? { taxonomyId: bareUuid(taxonomy_id) } : {}),
            ...(parent_id ? { parentId: bareUuid(parent_id) } : top_only ? { parentId: null } : {}),
          });
          return cacheable(reply).send(withRecognisedTerms(terms, needsBaseUrl(ctx.config, request)));
        },
      );

      feed.get<{ Params: IdParams }>(
        '/taxonomy_terms/:id',
        routeOptions(
          feed,
          {
            summary: 'One taxonomy term',
            description: `A taxonomy term. ${councilNote('/taxonomy_terms/{id}')}`,
            params: IdParamsSchema('taxonomy term'),
          },
          TaxonomyTermSchema,
          'The taxonomy term.',
        ),
        oneById(ctx, 'taxonomy term', async (councilId, id) => (await getTaxonomyTerm(ctx.db, councilId, id)) ?? externalTermById(id)),
      );
    },
    { prefix: '/oruk' },
  );
}

