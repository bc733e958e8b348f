import type { PlatformContext } from '../../../platform/block.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { giveRole, recordAudit } from '../../identity/index.js';
import type { Letterhead, Manager } from './decisions.js';

/**
 * A directory manager invites an organisation's editor: the identity block gives the person
 * (found or created by email) the `organisation_editor` role scoped to the organisation, and
 * records it; the invitation goes by the platform's staff-invitation email, as identity's own
 * page sends it. The role stays given if the email cannot be sent (the caller says so).
 */
export async function inviteEditor(
  ctx: PlatformContext,
  input: { councilId: string; organisationId: string; organisationName: string; email: string; manager: Manager; letterhead: Letterhead; roleText: string },
): Promise<{ added: boolean; sent: boolean; email: string }> {
  const actor = { actorPersonId: input.manager.personId, actorEmail: input.manager.email, actorClientId: null, ip: input.manager.ip ?? null, userAgent: input.manager.userAgent ?? null };
  const { person, added } = await giveRole(ctx.db, { councilId: input.councilId, email: input.email, role: 'organisation_editor', scope: input.organisationId.toLowerCase(), actor });
  if (!added) return { added, sent: false, email: person.email };
  await recordAudit(ctx.db, {
    councilId: input.councilId, ...actor, action: 'directory.editor.invited', target: person.email,
    detail: { organisationId: input.organisationId, organisation: input.organisationName },
  });
  try {
    await ctx.notifications.send({
      councilId: input.councilId,
      template: 'staff-invitation',
      to: { email: person.email },
      personalisation: { council: input.letterhead.councilName, role: input.roleText, link: `${input.letterhead.baseUrl}/sign-in` },
      reference: 'invitation',
    });
    return { added, sent: true, email: person.email };
  } catch (error) {
    if (!(error instanceof NotificationFailed)) throw error;
    return { added, sent: false, email: person.email };
  }
}
