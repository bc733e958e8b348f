import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { registerOverview } from './overview.js';

export { OVERVIEW_PATH } from './overview.js';

/** The resident's single view (`/my-hearth`). */
export function registerOverviewPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerOverview(app, ctx);
}
