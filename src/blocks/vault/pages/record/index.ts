import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { registerCategoriesAdmin } from './categories-admin.js';
import { registerDownload } from './download.js';
import { registerHousehold } from './household.js';
import { registerRecordSummary } from './record.js';

export { CATEGORIES_ADMIN_PAGE } from './categories-admin.js';

/** The resident's record pages (`/my-record`, its forms, history and download) and the council's categories page. */
export function registerRecordPages(app: FastifyInstance, ctx: PlatformContext): void {
  registerRecordSummary(app, ctx);
  registerHousehold(app, ctx);
  registerDownload(app, ctx);
  registerCategoriesAdmin(app, ctx);
}
