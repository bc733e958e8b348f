import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block, PlatformContext } from '../block.js';
import type { ResidentPanel } from '../resident-panels.js';
import { registerSentMessagesPage } from './page.js';
import { sentMessagesPanel } from './panel.js';

export { MESSAGES_PATH } from './page.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * "Messages we sent you": what Hearth emailed the signed-in person (the `notification` table,
 * written by Notifications.send), as a panel of their single view and a page of its own. A
 * platform service, since every block's messages go through the platform: its page sits in each
 * council's scope like a block's (views and messages the platform's own: `messages-sent.njk`,
 * `messages.*.json`).
 */
export interface SentMessages {
  /** The panel on `/my-hearth` (added to `ctx.residentPanels` by main.ts). */
  panel: ResidentPanel;
  /** The page, as a block for the HTTP server. */
  pages: Block;
}

export function createSentMessages(ctx: PlatformContext): SentMessages {
  return {
    panel: sentMessagesPanel(ctx),
    pages: {
      name: 'messages',
      // Platform migrations (012 adds the subject): applied with the platform's, not as a set of their own.
      migrations: { owner: 'platform', dir: join(here, '..', 'migrations') },
      councilRoutes: (app) => registerSentMessagesPage(app, ctx),
    },
  };
}
