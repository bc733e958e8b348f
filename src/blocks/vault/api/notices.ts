import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { PartnerPrincipal } from '../../../platform/http/access.js';
import { badRequest, HttpProblem } from '../../../platform/http/problem.js';
import { councilBaseUrl } from '../../../platform/http/public-origin.js';
import { endpointUrlProblem } from '../../../platform/webhooks/targeted.js';
import { partnerSystemOf } from '../../identity/index.js';
import { acknowledgeNotice, noticesOfRecipient, type NoticeRow } from '../sql/notices.js';
import { registerPartnerEndpoint, withDeliveryProgress } from '../tell-us-once/index.js';
import { inCouncil } from '../sql/scope.js';

/**
 * Tell us once, for partner systems: where to send their notices (a webhook endpoint of their
 * own, signed the Standard Webhooks way), the notices themselves (for a partner that collects
 * rather than listens), and acknowledging one.
 *
 * Acknowledging is an explicit call, not inferred from a later read of the category: a read
 * may be for another reason (a routine sync) or fail half-way, and a partner may take a change
 * in from the webhook's notice alone; the resident is shown "acknowledged" only when the
 * partner says so. Each partner sees and acknowledges only its own notices: another's, or
 * another council's, is the same 404 as one that does not exist.
 */

const TAGS = ['Vault'];
const PAGE = 100;

const NoticeSchema = {
  type: 'object',
  required: ['id', 'kind', 'resident_id', 'category', 'categories', 'changed_at', 'grant_id', 'status', 'fetch_url'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: {
      type: 'string',
      enum: ['changed', 'erased'],
      description: "changed: the resident changed `category` (read its values at fetch_url). erased: the resident erased `categories` and the grant has ended; delete the copies you hold (unless the law requires you to keep them).",
    },
    resident_id: { type: 'string', format: 'uuid' },
    category: { type: 'string', description: 'The category that changed (its values are read at fetch_url, through the resident\'s grant, and logged); of an erasure, the first of `categories`.' },
    categories: { type: 'array', items: { type: 'string' }, description: 'Every category the notice is about: the one changed, or those erased that this grant covered.' },
    changed_at: { type: 'string', format: 'date-time', description: 'When the change, or the erasure, was made.' },
    grant_id: { type: 'string', format: 'uuid', description: 'The grant under which this partner system is told.' },
    status: { type: 'string', enum: ['pending', 'delivered', 'retrying', 'failed', 'acknowledged'], description: "The webhook's delivery (pending also when no endpoint is registered), or acknowledged." },
    acknowledged_at: { type: ['string', 'null'], format: 'date-time' },
    fetch_url: { type: ['string', 'null'], format: 'uri', description: 'Where to read the changed values; null for an erasure (nothing is left to read).' },
  },
} as const;

const problemMessage: Record<NonNullable<ReturnType<typeof endpointUrlProblem>>, string> = {
  missing: 'is missing',
  too_long: 'is longer than 2000 characters',
  not_https: 'must be an https:// address',
  private: 'must be a public address (not a private, loopback or local one)',
};

export function registerNoticesApi(app: FastifyInstance, ctx: PlatformContext): void {
  const hidden = app.prefix.startsWith('/c/') ? { hide: true } : {};
  const clientOf = (request: FastifyRequest) => (request.principal as PartnerPrincipal).clientId;
  const json = (request: FastifyRequest, n: NoticeRow) => ({
    id: n.id,
    kind: n.kind,
    resident_id: n.resident_id,
    category: n.category,
    categories: n.categories,
    changed_at: n.changed_at.toISOString(),
    grant_id: n.grant_id,
    status: n.status,
    acknowledged_at: n.acknowledged_at?.toISOString() ?? null,
    fetch_url: n.kind === 'erased' ? null : `${councilBaseUrl(ctx.config, request)}/api/vault/residents/${n.resident_id}/record?categories=${n.category}`,
  });

  app.put<{ Body: { url: string } }>(
    '/api/vault/notices/endpoint',
    {
      config: { access: { partnerScope: 'vault.read' } },
      schema: {
        summary: 'Register (or move) the webhook endpoint this partner system is sent its vault notices at (needs vault.read)',
        description:
          'Each change to a resident\'s record that one of their live grants to this partner system covers is sent here as one signed webhook ' +
          '(Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256), retried with back-off: ' +
          '`{"type":"vault.notice","timestamp":…,"data":{"resident_id","categories","changed_at","notices":[{"id","grant_id","acknowledge_url"}],"fetch_url"}}` — ' +
          'never the values, which are read at `fetch_url` through the grant (and logged for the resident). ' +
          'When the resident erases categories that one of their grants to this partner system covered (the grant then ends), the same endpoint is sent ' +
          '`{"type":"vault.erasure","timestamp":…,"data":{"resident_id","categories","erased_at","notices":[{"id","grant_id","categories","acknowledge_url"}]}}` — ' +
          'delete the copies held of those categories, then acknowledge each notice (the resident sees that you did). The signing secret is answered once, ' +
          'when the endpoint is first registered (201); registering again moves it to the new address and keeps the secret (200).',
        tags: TAGS,
        body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: 'string', maxLength: 2000, description: 'A public https:// address.' } } },
        response: {
          200: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } },
          201: { type: 'object', required: ['url', 'secret'], properties: { url: { type: 'string' }, secret: { type: 'string', description: 'whsec_…: verify each webhook with it. Shown only now.' } } },
        },
        ...hidden,
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const url = request.body.url.trim();
      const problem = endpointUrlProblem(url);
      if (problem) throw badRequest([{ name: 'url', reason: problemMessage[problem] }]);
      const clientId = clientOf(request);
      const system = await partnerSystemOf(ctx.db, request.council.id, clientId);
      const href = new URL(url).href;
      const result = await registerPartnerEndpoint(ctx.db, request.council.id, { clientId, name: system?.name ?? clientId }, href);
      request.log.info({ client: clientId, endpoint: result.endpointId, created: result.created }, 'vault notice endpoint registered');
      return result.created ? reply.code(201).send({ url: href, secret: result.secret }) : { url: href };
    },
  );

  app.get<{ Querystring: { offset?: number } }>(
    '/api/vault/notices',
    {
      config: { access: { partnerScope: 'vault.read' } },
      schema: {
        summary: 'The vault notices sent to this partner system, newest first, 100 at a time (needs vault.read)',
        description: 'For a partner system that collects its notices rather than (or as well as) receiving them by webhook.',
        tags: TAGS,
        querystring: { type: 'object', additionalProperties: false, properties: { offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 } } },
        response: { 200: { type: 'object', required: ['notices'], properties: { notices: { type: 'array', items: NoticeSchema } } } },
        ...hidden,
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const councilId = request.council.id;
      const notices = await inCouncil(ctx.db, councilId, async (tx) =>
        withDeliveryProgress(tx, councilId, await noticesOfRecipient(tx, councilId, 'partner', clientOf(request), PAGE, request.query.offset ?? 0)),
      );
      return { notices: notices.map((n) => json(request, n)) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/vault/notices/:id/acknowledge',
    {
      config: { access: { partnerScope: 'vault.read' } },
      schema: {
        summary: 'Acknowledge a vault notice: this partner system has taken the change in, or deleted what was erased (needs vault.read)',
        description:
          "The resident sees the notice as acknowledged. Only this partner system's own notices; another's (or none) is 404. Acknowledging again changes nothing.",
        tags: TAGS,
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        response: { 200: NoticeSchema },
        ...hidden,
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const clientId = clientOf(request);
      const notice = await inCouncil(ctx.db, request.council.id, (tx) => acknowledgeNotice(tx, request.council.id, 'partner', clientId, request.params.id.toLowerCase(), clientId));
      if (!notice) throw new HttpProblem(404, 'Not found', 'There is no notice to this partner system with this id.');
      request.log.info({ client: clientId, notice: notice.id }, 'vault notice acknowledged');
      return json(request, notice);
    },
  );
}
