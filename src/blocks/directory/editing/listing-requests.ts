import { randomUUID } from 'node:crypto';
import type { PlatformContext } from '../../../platform/block.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { recordAudit } from '../../identity/index.js';
import type { Organization } from '../oruk/schemas.js';
import { decideListingRequest, getListingRequest, insertListingRequest, type ListingRequestRow, type NewListingRequest } from '../sql/listing-requests.js';
import { publish } from './apply.js';
import type { Letterhead, Manager } from './decisions.js';
import { inviteEditor } from './invitations.js';
import { translatorFor } from './messages.js';

/**
 * "Ask to be listed": an organisation not in the directory asks to be added. A manager accepts
 * (the organisation is created as its first version, and the contact invited as its first
 * editor, to add their services) or declines with a reason; the person is told either way.
 */

export async function askToBeListed(ctx: PlatformContext, councilId: string, request: Omit<NewListingRequest, 'id'>): Promise<string> {
  const id = randomUUID();
  await insertListingRequest(ctx.db, councilId, { id, ...request });
  return id;
}

export type RequestDecision = { done: true; organisationId?: string; told: boolean } | { done: false; why: 'not_found' | 'not_pending' };

async function tell(ctx: PlatformContext, councilId: string, request: ListingRequestRow, decision: 'accepted' | 'declined', letterhead: Letterhead, reason: string | null): Promise<boolean> {
  const t = translatorFor(request.language);
  const vars = { name: request.organisation_name, council: letterhead.councilName, reason: reason ?? '', link: `${letterhead.baseUrl}/sign-in` };
  try {
    await ctx.notifications.send({
      councilId,
      template: 'message',
      to: { email: request.contact_email },
      personalisation: { subject: t(`changes.email.request_${decision}.subject`, vars), body: t(`changes.email.request_${decision}.body`, vars) },
      reference: `listing-request-${decision}`,
    });
    return true;
  } catch (error) {
    if (error instanceof NotificationFailed) return false;
    throw error;
  }
}

/** Accept: the organisation is published (version 1) and its contact invited as its first editor. */
export async function acceptListingRequest(ctx: PlatformContext, councilId: string, id: string, manager: Manager, letterhead: Letterhead, roleText: string): Promise<RequestDecision> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const request = await getListingRequest(tx, councilId, id, true);
    if (!request) return { done: false as const, why: 'not_found' as const };
    if (request.status !== 'pending') return { done: false as const, why: 'not_pending' as const };
    const organisationId = randomUUID();
    const organisation: Organization = {
      id: organisationId,
      name: request.organisation_name,
      description: request.description,
      email: request.contact_email,
      ...(request.website ? { website: request.website } : {}),
    };
    await publish(tx, { councilId, kind: 'organization', id: organisationId, document: organisation, cause: 'approval', personId: manager.personId, email: manager.email, note: request.area });
    await decideListingRequest(tx, councilId, id, { status: 'accepted', reason: null, organizationId: organisationId, personId: manager.personId, email: manager.email });
    await recordAudit(tx, {
      councilId, actorPersonId: manager.personId, actorEmail: manager.email, ip: manager.ip ?? null, userAgent: manager.userAgent ?? null,
      action: 'directory.listing_request.accepted', target: request.organisation_name, detail: { requestId: id, organisationId, contact: request.contact_email },
    });
    return { done: true as const, request, organisationId };
  });
  if (!outcome.done) return outcome;
  const invitation = await inviteEditor(ctx, {
    councilId, organisationId: outcome.organisationId, organisationName: outcome.request.organisation_name, email: outcome.request.contact_email, manager, letterhead, roleText,
  });
  const told = await tell(ctx, councilId, outcome.request, 'accepted', letterhead, null);
  return { done: true, organisationId: outcome.organisationId, told: told && (invitation.sent || !invitation.added) };
}

export async function declineListingRequest(ctx: PlatformContext, councilId: string, id: string, reason: string, manager: Manager, letterhead: Letterhead): Promise<RequestDecision> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const request = await getListingRequest(tx, councilId, id, true);
    if (!request) return { done: false as const, why: 'not_found' as const };
    if (!(await decideListingRequest(tx, councilId, id, { status: 'declined', reason, organizationId: null, personId: manager.personId, email: manager.email }))) {
      return { done: false as const, why: 'not_pending' as const };
    }
    await recordAudit(tx, {
      councilId, actorPersonId: manager.personId, actorEmail: manager.email, ip: manager.ip ?? null, userAgent: manager.userAgent ?? null,
      action: 'directory.listing_request.declined', target: request.organisation_name, detail: { requestId: id, contact: request.contact_email, reason },
    });
    return { done: true as const, request };
  });
  if (!outcome.done) return outcome;
  return { done: true, told: await tell(ctx, councilId, outcome.request, 'declined', letterhead, reason) };
}
