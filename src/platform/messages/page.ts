import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../block.js';
import type { RouteAccess } from '../http/access.js';
import { messagesSentTo } from '../notifications/sent.js';
import { messageLine, signedInEmail } from './present.js';

export const MESSAGES_PATH = '/my-hearth/messages';

/** How many the page lists: months of messages for anyone, and a bounded page. */
export const LISTED = 50;

const PAGE = { config: { html: true, access: { signedIn: true } as RouteAccess } };

/**
 * `/my-hearth/messages`: every message (the newest 50) Hearth sent to the signed-in person's
 * address, from this council or the platform: when, and what it was about. A table, no
 * JavaScript. A sign-in link is listed (the person should know one was sent) but never its link.
 */
export function registerSentMessagesPage(app: FastifyInstance, ctx: PlatformContext): void {
  app.get(MESSAGES_PATH, PAGE, async (request, reply) => {
    const person = signedInEmail(request)!; // a signed-in route: always a person
    const sent = await messagesSentTo(ctx.db, { councilId: request.council.id, email: person.email }, LISTED);
    reply.header('cache-control', 'no-store');
    const { t, basePath } = request;
    return reply.page('messages-sent.njk', {
      title: t('messages.page.title'),
      email: person.email,
      messages: sent.map((m) => messageLine(request, m)),
      limited: sent.length === LISTED,
      listed: LISTED,
      backHref: app.declaredAccess('/my-hearth') ? `${basePath}/my-hearth` : app.declaredAccess('/account') ? `${basePath}/account` : undefined,
    });
  });
}
