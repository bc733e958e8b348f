import type { PlatformContext } from '../../../platform/block.js';
import { listCouncils } from '../../../platform/councils.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { reindexCouncil } from './index-builder.js';

/**
 * The nightly rebuild of every council's search index, run by the server itself: schedules
 * with an end date drop out of "open now", and a change to a venue shared by several services
 * reaches all of their search rows. 03:00 London time by default, when searches are fewest.
 */
export function nightlyReindex(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.reindex',
    pattern: '0 3 * * *',
    async run() {
      for (const council of await listCouncils(ctx.db)) {
        const done = await reindexCouncil(ctx.db, council.id);
        ctx.log.info({ council: council.slug, services: done }, 'search index rebuilt');
      }
    },
  };
}
