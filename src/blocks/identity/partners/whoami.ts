import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { partnerOf, partnerScopeGuard } from './access.js';

/** The scope a partner needs to ask who it is (the demonstration partner route). */
export const WHOAMI_SCOPE = 'partner.read';

const WhoamiResponse = {
  type: 'object',
  required: ['client_id', 'council', 'scopes'],
  properties: {
    client_id: { type: 'string' },
    council: { type: 'string', description: 'The council slug.' },
    scopes: { type: 'array', items: { type: 'string' } },
  },
} as const;

/**
 * `GET /api/partner/whoami`: a partner system's token, read back — the client, the council and
 * the scopes. The smallest partner API, to try the flow end to end.
 */
export function registerWhoami(app: FastifyInstance, ctx: PlatformContext): void {
  const twin = app.prefix.startsWith('/c/');
  app.get(
    '/api/partner/whoami',
    {
      config: { access: { partnerScope: WHOAMI_SCOPE } } as object,
      preHandler: partnerScopeGuard(ctx, WHOAMI_SCOPE),
      schema: {
        summary: 'Who is this partner token for? (needs the partner.read scope)',
        tags: ['Partner systems'],
        response: { 200: WhoamiResponse },
        ...(twin ? { hide: true } : {}),
      },
    },
    async (request, reply) => {
      const principal = partnerOf(request)!;
      reply.header('cache-control', 'no-store');
      return { client_id: principal.clientId, council: request.council.slug, scopes: principal.scopes };
    },
  );
}
