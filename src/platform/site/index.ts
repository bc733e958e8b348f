import type { FastifyInstance } from 'fastify';
import type { Block, PlatformContext } from '../block.js';
import { PLATFORM_COOKIES } from '../http/cookie-list.js';
import type { Messages } from '../web/i18n.js';
import { registerAdminPages } from './admin-pages.js';
import { registerFeedback } from './feedback.js';
import { registerPublicPages } from './public-pages.js';

export { handleError, handleNotFound } from './error-pages.js';

export interface SiteOptions {
  /** The enabled blocks: the cookies page lists the cookies each declares, the privacy notice what each keeps. */
  blocks: Block[];
  messages: Messages;
}

/**
 * The council's own site pages, registered in each council scope: the accessibility
 * statement, privacy notice and cookies page (`/accessibility`, `/privacy`, `/cookies`), the
 * feedback form (`/feedback`), and their admin pages (`/admin/site`, `/admin/feedback`).
 */
export function registerSitePages(app: FastifyInstance, ctx: PlatformContext, { blocks, messages }: SiteOptions): void {
  const cookies = [...PLATFORM_COOKIES, ...blocks.flatMap((b) => b.cookies ?? [])];
  const privacy = blocks.flatMap((b) => (b.privacy ? [b.privacy] : []));
  const shares = privacy.some((p) => p.shares);
  registerPublicPages(app, ctx, { messages, cookies, privacy });
  registerFeedback(app, ctx, { messages });
  registerAdminPages(app, ctx, { messages, shares });
}
