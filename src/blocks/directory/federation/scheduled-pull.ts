import type { PlatformContext } from '../../../platform/block.js';
import type { Db } from '../../../platform/db/db.js';
import type { Logger } from '../../../platform/log.js';
import type { ScheduledJob } from '../../../platform/jobs/scheduler.js';
import { dueFeeds, type FeedRow } from '../sql/feeds.js';
import { pullFeed, type PullOptions, type PullOutcome } from './pull.js';

/**
 * The scheduled pull: every hour (HEARTH_SCHEDULE_DIRECTORY_FEEDS_PULL), each feed that is due
 * (not paused, not backing off after failures) is pulled, one after another: a slow feed
 * delays the others rather than every feed's import competing for the database at once.
 */
export function feedPullJob(ctx: PlatformContext): ScheduledJob {
  return {
    name: 'directory.feeds.pull',
    pattern: '17 * * * *',
    async run() {
      await pullDueFeeds(ctx.db, ctx.log);
    },
  };
}

export async function pullDueFeeds(db: Db, log: Logger, options: PullOptions = {}): Promise<PullOutcome[]> {
  return pullEach(db, await dueFeeds(db), log, options);
}

/** Pull these feeds now, due or not (the command line, "pull now"), one after another. */
export async function pullEach(db: Db, feeds: FeedRow[], log: Logger | undefined, options: PullOptions = {}): Promise<PullOutcome[]> {
  const outcomes: PullOutcome[] = [];
  for (const feed of feeds) {
    const outcome = await pullFeed(db, feed, options);
    const summary = { ...outcome, council: feed.council_id, skipped: outcome.skipped.length };
    if (outcome.status === 'failed') log?.warn(summary, 'feed pull failed');
    else log?.info(summary, 'feed pulled');
    outcomes.push(outcome);
  }
  return outcomes;
}


