import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { migrationSets } from '../../src/main.js';
import type { Block, PlatformContext } from '../../src/platform/block.js';
import { readConfig } from '../../src/platform/config.js';
import { addCouncil, CouncilDirectory } from '../../src/platform/councils.js';
import type { Db } from '../../src/platform/db/db.js';
import { Dispatcher } from '../../src/platform/events/dispatcher.js';
import { JobQueue } from '../../src/platform/jobs/queue.js';
import { createHttpServer } from '../../src/platform/http/server.js';
import { createLogger } from '../../src/platform/log.js';
import { migrate } from '../../src/platform/migrate.js';
import { Notifications, RecordingSender } from '../../src/platform/notifications/notifications.js';
import { Messages } from '../../src/platform/web/i18n.js';

const platformLocales = join(import.meta.dirname, '..', '..', 'src', 'platform', 'web', 'locales');

/**
 * The platform's real HTTP server with a test block's routes and no other block: for testing
 * what the platform does to every route (rate limits, metrics) on routes made for the test.
 * `councilRoutes` are registered at the root and under `/c/testshire`, as a block's are.
 */
export async function platformServer(
  db: Db,
  routes: { councilRoutes?: Block['councilRoutes']; routes?: Block['routes'] },
  env: Record<string, string> = {},
): Promise<{ app: FastifyInstance; ctx: PlatformContext }> {
  await migrate(db, migrationSets([]));
  if (!(await db.query("SELECT 1 FROM council WHERE slug = 'testshire'")).rows.length) {
    await addCouncil(db, { slug: 'testshire', name: 'Testshire Council', isDefault: true });
  }
  const log = createLogger('silent');
  const config = readConfig({ HEARTH_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...env });
  const ctx: PlatformContext = { config, db, log, events: new Dispatcher(db, log), notifications: new Notifications(db, new RecordingSender(() => {}), log), jobs: new JobQueue(db, log, { maintain: false, schedule: false }) };
  const councils = new CouncilDirectory(db);
  await councils.reload();
  const block: Block = { name: 'platform-test', migrations: { owner: 'platform-test', dir: join(import.meta.dirname, 'no-migrations') }, ...routes };
  const app = await createHttpServer({ ctx, blocks: [block], councils, messages: new Messages().addFolder(platformLocales) });
  return { app, ctx };
}
