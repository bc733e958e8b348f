import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { registerPartnerPages } from './pages.js';
import { registerTokenEndpoint } from './token-endpoint.js';
import { registerWhoami } from './whoami.js';

/**
 * Every partner-systems route, inside a council scope: the token endpoint, the public keys,
 * the demonstration partner API and the admin pages.
 */
export async function registerPartnerRoutes(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  registerTokenEndpoint(app, ctx);
  registerWhoami(app, ctx);
  registerPartnerPages(app, ctx);
}
