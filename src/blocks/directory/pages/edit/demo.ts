import type { PlatformContext } from '../../../../platform/block.js';
import { giveRole } from '../../../identity/index.js';
import { organisationsByName } from '../../sql/organisations.js';

/** The demo's volunteer: an editor of the charity that runs the demo council's lunch clubs. */
export const DEMO_EDITOR_EMAIL = 'volunteer@ageingwell.example';
/** The demo organisation whose listings (the Friendship lunch clubs among them) the volunteer keeps up to date. */
export const DEMO_EDITOR_ORGANISATION = 'Ageing Well Ashdown';

/**
 * Make the demo volunteer an organisation editor of the lunch clubs' charity, so the first
 * story works in `npm run demo`: sign in as them, open "Your listings". Returns the email, or
 * undefined when the demo directory is too small to hold that organisation.
 */
export async function seedDemoEditor(ctx: PlatformContext, councilId: string): Promise<string | undefined> {
  const [organisation] = await organisationsByName(ctx.db, councilId, { search: DEMO_EDITOR_ORGANISATION, limit: 1 });
  if (!organisation) return undefined;
  await giveRole(ctx.db, {
    councilId,
    email: DEMO_EDITOR_EMAIL,
    role: 'organisation_editor',
    scope: organisation.id,
    actor: { actorPersonId: null, actorEmail: null, actorClientId: null, ip: null, userAgent: 'hearth demo' },
  });
  return DEMO_EDITOR_EMAIL;
}
