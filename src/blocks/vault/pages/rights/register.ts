import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { registerErasePages } from './erase.js';
import { registerRightsPage } from './held.js';
import { registerRestrictPages } from './restrict.js';

/** The resident's rights: everything held, readable (`/my-record/rights`), erasure and restriction. */
export function registerRightsPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerRightsPage(app, ctx);
  registerErasePages(app, ctx);
  registerRestrictPages(app, ctx);
}
