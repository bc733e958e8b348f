import type { PlatformContext } from '../block.js';
import { messagesSentTo } from '../notifications/sent.js';
import type { ResidentPanel } from '../resident-panels.js';
import { MESSAGES_PATH } from './page.js';
import { messageLine, signedInEmail } from './present.js';

/** How many messages the panel shows; the rest are one link away. */
const SHOWN = 5;

/**
 * "Messages we sent you" on the resident's single view (`/my-hearth`): the newest few messages
 * sent to the signed-in person's address by this council or the platform, each with its date
 * and what it was about; shown only when there is one.
 */
export function sentMessagesPanel(ctx: PlatformContext): ResidentPanel {
  return {
    key: 'messages',
    async content(request, personId) {
      const person = signedInEmail(request);
      // The messages are the signed-in person's: never shown on anyone else's view.
      if (!person || person.personId !== personId) return undefined;
      const sent = await messagesSentTo(ctx.db, { councilId: request.council.id, email: person.email }, SHOWN);
      if (!sent.length) return undefined;
      return {
        heading: request.t('messages.panel.heading'),
        items: sent.map((m) => {
          const line = messageLine(request, m);
          return { text: line.subject, detail: line.when };
        }),
        more: { text: request.t('messages.panel.more'), href: `${request.basePath}${MESSAGES_PATH}` },
      };
    },
  };
}
