import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { maxGrantDays } from '../../grants.js';
import { registerGrantPages } from './grant.js';
import { registerReceiptPages } from './receipts.js';
import { registerShare } from './share.js';

/** The resident's sharing pages (`/my-record/sharing/...`) and checking a consent receipt (`/vault/...`). */
export function registerSharingPages(app: FastifyInstance, ctx: PlatformContext): void {
  // Read once, at start: a bad HEARTH_VAULT_MAX_GRANT_DAYS stops the start, named.
  const maxDays = maxGrantDays(ctx.config.env);
  registerShare(app, ctx, maxDays);
  registerGrantPages(app, ctx);
  registerReceiptPages(app, ctx);
}
