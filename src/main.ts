import { hasKeyRing, readKeyRing, useKeyRing } from './platform/crypto/key-ring.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { directoryBlock } from './blocks/directory/index.js';
import { identityBlock } from './blocks/identity/index.js';
import { vaultBlock } from './blocks/vault/index.js';
import { insightBlock } from './blocks/insight/index.js';
import { Notifications, RecordingSender } from './platform/notifications/notifications.js';
import { NotifySender } from './platform/notifications/notify-sender.js';
import type { Block, PlatformContext } from './platform/block.js';
import { ConfigError, type Config } from './platform/config.js';
import { CouncilDirectory } from './platform/councils.js';
import type { Db } from './platform/db/db.js';
import { openDatabase } from './platform/db/open.js';
import { Dispatcher } from './platform/events/dispatcher.js';
import { JobQueue } from './platform/jobs/queue.js';
import { Scheduler } from './platform/jobs/scheduler.js';
import { createWebhooks, type Webhooks } from './platform/webhooks/index.js';
import { createSentMessages } from './platform/messages/index.js';
import { createHttpServer } from './platform/http/server.js';
import { createLogger, type Logger } from './platform/log.js';
import { migrate, type MigrationSet } from './platform/migrate.js';
import { Messages } from './platform/web/i18n.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The platform's own migrations (councils, outbox, postcodes). */
export const platformMigrations: MigrationSet = { owner: 'platform', dir: join(here, 'platform', 'migrations') };

/** Every block Hearth ships, by the name used in HEARTH_BLOCKS. */
export const AVAILABLE_BLOCKS: Record<string, Block> = {
  directory: directoryBlock,
  identity: identityBlock,
  insight: insightBlock,
  vault: vaultBlock,
};

export function enabledBlocks(config: Config): Block[] {
  return config.blocks.map((name) => {
    const block = AVAILABLE_BLOCKS[name];
    if (!block) throw new ConfigError(`HEARTH_BLOCKS names "${name}", which is not a Hearth block (known: ${Object.keys(AVAILABLE_BLOCKS).join(', ')})`);
    return block;
  });
}

export function migrationSets(blocks: Block[]): MigrationSet[] {
  return [platformMigrations, ...blocks.map((b) => b.migrations)];
}

export interface Hearth {
  config: Config;
  db: Db;
  log: Logger;
  app: FastifyInstance;
  ctx: PlatformContext;
  blocks: Block[];
  councils: CouncilDirectory;
  /** Webhook delivery: its worker (tests call `deliverer.deliverDue()` themselves). */
  webhooks: Webhooks;
  /** Drain requests, stop event dispatch, close the database. */
  close(): Promise<void>;
}

export interface CreateHearthOptions {
  /** Use this open database instead of opening one from config (tests). */
  db?: Db;
  log?: Logger;
  /** Start the outbox dispatcher's polling loop and the scheduled jobs (default true). */
  dispatch?: boolean;
  /** Record notifications without printing them (tests). */
  quietNotifications?: boolean;
}

/** Assemble the platform and the enabled blocks: open the database, migrate, build the server. */
export async function createHearth(config: Config, options: CreateHearthOptions = {}): Promise<Hearth> {
  const log = options.log ?? createLogger(config.logLevel);
  const blocks = enabledBlocks(config);
  const db = options.db ?? (await openDatabase(config));
  // A database handed in (tests, a command inside the server) gets the configured key ring too.
  if (!hasKeyRing(db)) useKeyRing(db, readKeyRing(config.env, { production: config.production, dataDir: config.dataDir }));
  try {
    const applied = await migrate(db, migrationSets(blocks));
    if (applied.length) log.info({ applied }, 'migrations applied');
    const events = new Dispatcher(db, log);
    for (const block of blocks) events.published.declare(block.publishedEvents ?? []);
    const sender = config.notify ? new NotifySender(config.notify) : new RecordingSender((line) => process.stdout.write(`${line}\n`));
    const notifications = new Notifications(db, options.quietNotifications ? new RecordingSender(() => {}) : sender, log);
    const serving = options.dispatch !== false;
    // Only a serving process keeps pg-boss's maintenance and (unless HEARTH_SCHEDULER=off) its cron clock.
    const jobs = new JobQueue(db, log, { maintain: serving, schedule: serving && config.scheduler });
    const ctx: PlatformContext = { config, db, log, events, notifications, jobs };
    // What blocks offer one another through the platform, so none imports another to use it.
    ctx.savedServices = blocks.find((b) => b.savedServices)?.savedServices?.(ctx);
    // The platform's own panel ("Messages we sent you") after the blocks'.
    const sentMessages = createSentMessages(ctx);
    ctx.residentPanels = [...blocks.flatMap((b) => b.residentPanels?.(ctx) ?? []), sentMessages.panel];
    const messages = new Messages().addFolder(join(here, 'platform', 'web', 'locales'));
    for (const block of blocks) messages.addFolder(join(dirname(block.migrations.dir), 'locales'));
    const councils = new CouncilDirectory(db);
    await councils.reload();
    const webhooks = createWebhooks(ctx);
    const app = await createHttpServer({ ctx, blocks: [...blocks, webhooks.pages, sentMessages.pages], councils, messages });
    const scheduler = new Scheduler(jobs, log, [...blocks.flatMap((b) => b.scheduledJobs?.(ctx) ?? []), ...webhooks.scheduledJobs], config.env);
    scheduler.patterns(); // a bad HEARTH_SCHEDULE_* stops the start, named
    const background = serving ? blocks.flatMap((b) => b.background?.(ctx) ?? []) : [];
    if (serving) {
      events.start();
      for (const loop of background) loop.start();
      webhooks.deliverer.start();
      await jobs.install();
      if (config.scheduler) await scheduler.start();
      await jobs.work();
    }
    return {
      config,
      db,
      log,
      app,
      ctx,
      blocks,
      councils,
      webhooks,
      async close() {
        await app.close();
        await jobs.stop();
        await events.stop();
        for (const loop of background) await loop.stop();
        await webhooks.deliverer.stop();
        if (!options.db) await db.close();
      },
    };
  } catch (error) {
    if (!options.db) await db.close().catch(() => {});
    throw error;
  }
}
