import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { registerEditPages } from './edit/index.js';
import { registerHome } from './home.js';
import { registerMyList } from './my-list.js';
import { registerOutOfDate } from './out-of-date.js';
import { registerSearch } from './search.js';
import { registerService } from './service.js';

/**
 * The directory's pages for residents: home, search results, a service, "my list" and
 * "tell us this is out of date". Register inside a council scope (`councilRoutes`): they
 * read `request.council` and build links with `request.basePath`.
 */
export async function registerDirectoryPages(app: FastifyInstance, ctx: PlatformContext): Promise<void> {
  registerHome(app, ctx);
  registerSearch(app, ctx);
  registerService(app, ctx);
  registerMyList(app, ctx);
  registerOutOfDate(app, ctx);
  await registerEditPages(app, ctx);
}
