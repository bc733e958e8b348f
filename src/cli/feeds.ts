import type { Command } from 'commander';
import { COMMAND_LINE } from '../blocks/identity/index.js';
import { addFeed, findFeedById, listFeeds, pullEach, removeFeedById, type FeedRow, type PullOutcome } from '../blocks/directory/index.js';
import { listCouncils } from '../platform/councils.js';
import { chooseCouncil, CliError, openMigratedDb } from './context.js';
import { out } from './terminal.js';
import { UUID } from '../platform/uuid.js';

/**
 * `hearth feeds`: a council's subscriptions to other directories' ORUK 3.0 feeds. The same
 * actions as the managers' page /admin/directory/feeds, written to the audit log as "hearth
 * command line". Passed to a running server like the other commands (control socket).
 */

const when = (d: Date | null) => (d ? new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');

function describeFeed(feed: FeedRow, slug: string): string {
  const state = feed.paused ? 'paused' : feed.last_error ? `failing (${feed.consecutive_failures} in a row)` : feed.last_success_at ? 'ok' : 'not pulled yet';
  return [
    `${feed.id}  ${feed.name}  (${slug})`,
    `  address:         ${feed.url}`,
    `  state:           ${state}`,
    `  services held:   ${feed.services_held}`,
    `  last successful: ${when(feed.last_success_at)}`,
    ...(feed.last_error ? [`  last error:      ${feed.last_error}`] : []),
    ...(feed.last_skipped.length ? [`  skipped:         ${feed.last_skipped.length} services failed validation in the last pull`] : []),
    `  next pull:       ${feed.paused ? 'paused' : feed.last_error ? `retried after ${when(feed.next_attempt_at)}` : 'at the next scheduled pull'}`,
  ].join('\n');
}

function describeOutcome(feed: FeedRow, outcome: PullOutcome): string {
  if (outcome.status === 'busy') return `${feed.name}: already being pulled; nothing done.\n`;
  const lines = [
    `${feed.name}: ${outcome.status === 'pulled' ? 'pulled' : 'FAILED'} (${outcome.full ? 'everything' : 'changes since the last pull'}): ` +
      `${outcome.imported} services imported, ${outcome.skipped.length} skipped, ${outcome.ended} ended, ${outcome.matched} matched to a listing already shown.`,
  ];
  for (const s of outcome.skipped.slice(0, 20)) lines.push(`  skipped ${s.name ? `"${s.name}" ` : ''}(${s.remoteId}): ${s.reason}`);
  if (outcome.skipped.length > 20) lines.push(`  ... and ${outcome.skipped.length - 20} more`);
  if (outcome.error) lines.push(`  ${outcome.error}. Nothing imported before was removed; it will be retried with back-off.`);
  return `${lines.join('\n')}\n`;
}

export function registerFeedsCommands(program: Command): void {
  const feeds = program.command('feeds').description("Subscribe a council to other directories' Open Referral UK 3.0 feeds, and pull them.");

  feeds
    .command('add')
    .description('Subscribe a council to an ORUK 3.0 feed (its base address, with /services below it). The address is checked at once.')
    .argument('<url>', 'the feed, e.g. https://directory.neighbour.gov.uk/oruk')
    .option('--council <slug>', 'the council (default: the default council)')
    .option('--name <name>', 'who publishes it, as residents will read it: "From <name>\'s directory" (default: the host name)')
    .action(async (url: string, options: { council?: string; name?: string }) => {
      const { db } = await openMigratedDb();
      try {
        const council = await chooseCouncil(db, options.council);
        const result = await addFeed(db, council.id, { url, name: options.name }, COMMAND_LINE);
        if ('problems' in result) throw new CliError(result.problems.map((p) => `${p.field === 'url' ? '<url>' : '--name'}: ${p.reason}`).join('\n'));
        out(`${council.name} now subscribes to ${result.feed.name} (${result.feed.url}), feed ${result.feed.id}.\n` +
          `It is pulled at the next scheduled pull; to pull it now: hearth feeds pull --feed ${result.feed.id}\n`);
      } finally {
        await db.close();
      }
    });

  feeds
    .command('list')
    .description("Every subscription with its state: last successful pull, services held, last error, next retry.")
    .option('--council <slug>', 'only this council (default: every council)')
    .action(async (options: { council?: string }) => {
      const { db } = await openMigratedDb();
      try {
        const councils = await listCouncils(db);
        const council = options.council ? await chooseCouncil(db, options.council) : undefined;
        const rows = await listFeeds(db, council?.id);
        if (!rows.length) return void out(`No feeds${council ? ` for ${council.name}` : ''}. Add one with: hearth feeds add <url>\n`);
        const slug = (id: string) => councils.find((c) => c.id === id)?.slug ?? id;
        out(`${rows.map((f) => describeFeed(f, slug(f.council_id))).join('\n\n')}\n`);
      } finally {
        await db.close();
      }
    });

  feeds
    .command('pull')
    .description('Pull feeds now (changes since the last pull; --full for everything, ending services a feed no longer lists). Paused feeds are left out unless named.')
    .option('--council <slug>', "only this council's feeds")
    .option('--feed <id>', 'only this feed')
    .option('--full', 'read the whole feed, not only what changed')
    .action(async (options: { council?: string; feed?: string; full?: boolean }) => {
      if (options.feed && !UUID.test(options.feed)) throw new CliError(`--feed must be a feed id (hearth feeds list shows them), not "${options.feed}"`);
      const { db } = await openMigratedDb();
      try {
        let rows: FeedRow[];
        if (options.feed) {
          const feed = await findFeedById(db, options.feed);
          if (!feed) throw new CliError(`There is no feed ${options.feed}. hearth feeds list shows them.`);
          if (options.council && (await chooseCouncil(db, options.council)).id !== feed.council_id) throw new CliError(`Feed ${options.feed} is not one of ${options.council}'s.`);
          rows = [feed];
        } else {
          const council = options.council ? await chooseCouncil(db, options.council) : undefined;
          rows = (await listFeeds(db, council?.id)).filter((f) => !f.paused);
        }
        if (!rows.length) return void out('No feeds to pull.\n');
        const outcomes = await pullEach(db, rows, undefined, { full: options.full });
        outcomes.forEach((outcome, i) => out(describeOutcome(rows[i], outcome)));
        const failed = outcomes.filter((o) => o.status === 'failed').length;
        if (failed) throw new CliError(`${failed} of ${outcomes.length} feed${outcomes.length === 1 ? '' : 's'} could not be pulled.`);
      } finally {
        await db.close();
      }
    });

  feeds
    .command('remove')
    .description("Remove a subscription and every service it brought (other listings shown under them show on their own again). Asks for --yes.")
    .argument('<id>', 'the feed id (hearth feeds list shows them)')
    .option('--yes', 'yes, remove the feed and its services')
    .action(async (id: string, options: { yes?: boolean }) => {
      if (!UUID.test(id)) throw new CliError(`<id> must be a feed id (hearth feeds list shows them), not "${id}"`);
      const { db } = await openMigratedDb();
      try {
        const feed = await findFeedById(db, id);
        if (!feed) throw new CliError(`There is no feed ${id}. hearth feeds list shows them.`);
        if (!options.yes) {
          throw new CliError(`Removing ${feed.name} (${feed.url}) also removes the ${feed.services_held} services it brought. Run again with --yes to remove them.`);
        }
        const result = await removeFeedById(db, id, COMMAND_LINE);
        out(`Removed ${feed.name} and ${result?.removed ?? 0} services it brought.\n`);
      } finally {
        await db.close();
      }
    });
}
