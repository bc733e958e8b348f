import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, RouteShorthandOptions } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { declarePublicScope } from '../../../platform/http/access.js';
import { badRequest, notFound } from '../../../platform/http/problem.js';
import { OrganizationSchema, OrganizationSummarySchema, Paged, ServiceSchema, type Organization, type Service } from '../oruk/schemas.js';
import { countOrganizationsMatching, getOrganization, organizationServiceIds, pageOfOrganizations, type OrganizationFilters } from '../sql/organizations-feed.js';
import { getFullServices, orukPage } from '../sql/oruk-read.js';
import { DEFAULT_PER_PAGE, IdParamsSchema, MAX_PER_PAGE } from './oruk-feed.js';

/**
 * `/oruk/organizations` and `/oruk/organizations/{id}`: optional in ORUK 3.0, but the official
 * validator and aggregators ask for them. Open like the rest of the feed (no key, CORS `*`),
 * with the same page shape and paging parameters, in id order.
 */

const TAGS = ['Open Referral UK'];
/** Services read per statement while an organisation's are nested. */
const SERVICE_BATCH = 200;

export const OrganizationsQuerySchema = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 200, description: "Full text search over the organisation's name and description: words (AND), \"a phrase\", -not." })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Page number of the paginated result, from 1.' })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE, description: `Number of results in a page, at most ${MAX_PER_PAGE}.` }),
  ),
  modified_after: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Organisations that, or any of whose services, changed on or after this date-time (RFC 3339, e.g. 2025-01-31T09:00:00Z).',
    }),
  ),
});
type OrganizationsQuery = Static<typeof OrganizationsQuerySchema>;

/** An organisation as `/organizations/{id}` returns it: its own fields, identifiers, attributes and every service. */
export const OrganizationWithServicesSchema = Type.Object(
  { ...OrganizationSchema.properties, services: Type.Optional(Type.Array(Type.Omit(ServiceSchema, ['organization']))) },
  { title: 'organization' },
);

/** Responses as JSON.stringify writes them: a schema-driven serialiser would drop fields the schema does not name. */
const plainJson = () => (data: unknown) => JSON.stringify(data);
const bareUuid = (id: string) => id.replace(/^urn:uuid:/i, '').toLowerCase();
const cacheable = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');

function options(app: FastifyInstance, schema: Record<string, unknown>, response: TSchema, description: string): RouteShorthandOptions {
  return {
    serializerCompiler: plainJson,
    schema: { tags: TAGS, ...(app.prefix.startsWith('/c/') ? { hide: true } : {}), ...schema, response: { 200: { ...response, description } } },
  };
}

function filtersOf(query: OrganizationsQuery): OrganizationFilters {
  const filters: OrganizationFilters = {};
  const search = query.search?.trim();
  if (search) filters.search = search;
  if (query.modified_after !== undefined) {
    const moment = new Date(query.modified_after);
    const year = moment.getUTCFullYear();
    if (Number.isNaN(moment.getTime()) || year < 1 || year > 9999) throw badRequest([{ name: 'modified_after', reason: 'must be a valid date-time' }]);
    filters.modifiedAfter = moment.toISOString();
  }
  return filters;
}

/** The organisation with every service it provides, nested as `/services/{id}` nests them (less the organisation itself). */
async function organizationWithServices(ctx: PlatformContext, councilId: string, id: string): Promise<(Organization & { services?: Service[] }) | undefined> {
  const organization = await getOrganization(ctx.db, councilId, id);
  if (!organization) return undefined;
  const services: Service[] = [];
  let after: string | null = null;
  for (;;) {
    const ids = await organizationServiceIds(ctx.db, councilId, organization.id, after, SERVICE_BATCH);
    if (!ids.length) break;
    for (const { organization: _own, ...service } of await getFullServices(ctx.db, councilId, ids)) services.push(service as Service);
    after = ids[ids.length - 1];
  }
  return services.length ? { ...organization, services } : organization;
}

export async function registerOrganizationsFeed(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  await app.register(
    async (feed) => {
      declarePublicScope(feed);
      feed.addHook('onSend', async (_request, reply, payload) => {
        reply.header('access-control-allow-origin', '*');
        return payload;
      });
      const note = (path: string) => `Each council's feed is also at \`/c/{council}/oruk${path}\`.`;

      feed.get<{ Querystring: OrganizationsQuery }>(
        '/organizations',
        options(
          feed,
          {
            summary: 'A page of organisations',
            description: `Organisations that provide the directory's services, their own fields only, in a stable order (by id). ${note('/organizations')}`,
            querystring: OrganizationsQuerySchema,
          },
          Paged(OrganizationSummarySchema),
          'A page of organisations.',
        ),
        async (request, reply) => {
          const councilId = request.council.id;
          const filters = filtersOf(request.query);
          const page = request.query.page ?? 1;
          const perPage = request.query.per_page ?? DEFAULT_PER_PAGE;
          const offset = (page - 1) * perPage;
          const contents = await pageOfOrganizations(ctx.db, councilId, filters, perPage, offset);
          // A page that is neither full nor empty (or a short first page) shows the total itself.
          const total = contents.length < perPage && (contents.length > 0 || offset === 0)
            ? offset + contents.length
            : await countOrganizationsMatching(ctx.db, councilId, filters);
          return cacheable(reply).send(orukPage(contents, total, page, perPage));
        },
      );

      feed.get<{ Params: { id: string } }>(
        '/organizations/:id',
        options(
          feed,
          {
            summary: 'One organisation with its services',
            description: `An organisation with its identifiers (charity, company numbers), attributes and every service it provides, each fully nested. ${note('/organizations/{id}')}`,
            params: IdParamsSchema('organization'),
          },
          OrganizationWithServicesSchema,
          'The organisation.',
        ),
        async (request, reply) => {
          const found = await organizationWithServices(ctx, request.council.id, bareUuid(request.params.id));
          if (!found) throw notFound(`There is no organization ${request.params.id}.`);
          return cacheable(reply).send(found);
        },
      );
    },
    { prefix: '/oruk' },
  );
}
