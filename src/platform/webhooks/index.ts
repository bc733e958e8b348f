import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block, PlatformContext } from '../block.js';
import type { SafeFetcher } from '../http/safe-fetch.js';
import type { ScheduledJob } from '../jobs/scheduler.js';
import { WebhookDeliverer } from './delivery.js';
import { subscribeWebhooks } from './fan-out.js';
import { registerWebhookPages, WEBHOOK_COOKIES } from './pages.js';
import { readWebhookSettings, type WebhookSettings } from './settings.js';
import { pruneDeliveries } from './sql.js';

export { WebhookDeliverer, backoffSeconds, retryAfterSeconds } from './delivery.js';
export { fanOut, webhookPayload } from './fan-out.js';
export { newSigningSecret, signedHeaders, messageId } from './signing.js';
export { readWebhookSettings, DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Webhook delivery, a platform service every block's events reach: the outbox fan-out, the
 * delivery worker and the admin pages. Its pages sit in each council's scope like a block's,
 * so it is offered to `createHttpServer` as one (its tables are platform migration 008, its
 * messages and views the platform's own: `webhooks.*.json`, `webhooks-*.njk`).
 */
export interface Webhooks {
  settings: WebhookSettings;
  deliverer: WebhookDeliverer;
  /** The admin pages, as a block for the HTTP server and the /admin landing page. */
  pages: Block;
  /** The nightly clear-out of old deliveries (HEARTH_SCHEDULE_PLATFORM_WEBHOOKS_PRUNE). */
  scheduledJobs: ScheduledJob[];
}

export function createWebhooks(ctx: PlatformContext, options: { fetcher?: SafeFetcher } = {}): Webhooks {
  const settings = readWebhookSettings(ctx.config.env); // a bad HEARTH_WEBHOOK_* stops the start, named
  subscribeWebhooks(ctx.events);
  return {
    settings,
    deliverer: new WebhookDeliverer(ctx.db, ctx.log, settings, options.fetcher),
    scheduledJobs: [
      {
        name: 'platform.webhooks.prune',
        pattern: '40 4 * * *',
        async run() {
          const pruned = await pruneDeliveries(ctx.db, settings.keepDays, settings.keepDays * 3);
          ctx.log.info({ pruned }, 'old webhook deliveries cleared');
        },
      },
    ],
    pages: {
      name: 'webhooks',
      // Platform migrations: applied with the platform's, not as a set of their own.
      migrations: { owner: 'platform', dir: join(here, '..', 'migrations') },
      councilRoutes: (app) => registerWebhookPages(app, ctx),
      cookies: WEBHOOK_COOKIES,
      adminPages: [{ key: 'webhooks', path: '/admin/webhooks', titleKey: 'webhooks.admin.title', descriptionKey: 'webhooks.admin.description' }],
    },
  };
}
