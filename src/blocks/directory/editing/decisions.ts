import type { PlatformContext } from '../../../platform/block.js';
import { NotificationFailed } from '../../../platform/notifications/notifications.js';
import { recordAudit } from '../../identity/index.js';
import type { Organization, Service } from '../oruk/schemas.js';
import { decideChange, getChange, pendingChangeFor, type ChangeRow } from '../sql/changes.js';
import { organisationTrust, setOrganisationTrusted } from '../sql/listings.js';
import { getVersion } from '../sql/versions.js';
import { publish, publishedDocument, type ListingKind } from './apply.js';
import { sameDocument } from './documents.js';
import { translatorFor } from './messages.js';

/**
 * What a directory manager decides: approve or reject a change (the editor is told), revert a
 * listing to an earlier version, trust an organisation. Each step is audited in the same
 * transaction as the change it records.
 */

/** The manager acting, and from where (the audit log's actor). */
export interface Manager {
  personId: string | null;
  email: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Where the editor's email points: the council's name and the address of its pages. */
export interface Letterhead {
  councilName: string;
  /** The council's pages' absolute base address (from configuration, never from the request's Host). */
  baseUrl: string;
}

const actorOf = (councilId: string, m: Manager) => ({
  councilId,
  actorPersonId: m.personId,
  actorEmail: m.email,
  ip: m.ip ?? null,
  userAgent: m.userAgent ?? null,
});

const nameOf = (change: ChangeRow) => String((change.document as { name?: unknown }).name ?? '');

/** The public page of a listing (a service's page; an organisation has none of its own yet, so the directory's home). */
function listingUrl(letterhead: Letterhead, kind: ListingKind, id: string): string {
  return kind === 'service' ? `${letterhead.baseUrl}/services/${id}` : `${letterhead.baseUrl}/`;
}

/** Tell the editor what became of their change, in their language. A failed email does not undo the decision. */
async function tellEditor(ctx: PlatformContext, councilId: string, change: ChangeRow, decision: 'approved' | 'rejected', reason: string | null, letterhead: Letterhead): Promise<boolean> {
  const t = translatorFor(change.language);
  const vars = { name: nameOf(change), council: letterhead.councilName, reason: reason ?? '', link: listingUrl(letterhead, change.kind, change.listing_id) };
  try {
    await ctx.notifications.send({
      councilId,
      template: 'message',
      to: { email: change.proposed_by_email },
      personalisation: { subject: t(`changes.email.${decision}.subject`, vars), body: t(`changes.email.${decision}.body`, vars) },
      reference: `change-${decision}`,
    });
    return true;
  } catch (error) {
    if (error instanceof NotificationFailed) return false;
    throw error;
  }
}

export type DecisionResult = { done: true; told: boolean; version?: number } | { done: false; why: 'not_found' | 'not_pending' };

/** Approve a pending change: published as the listing's next version, the editor told. */
export async function approveChange(ctx: PlatformContext, councilId: string, changeId: string, manager: Manager, letterhead: Letterhead): Promise<DecisionResult> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const change = await getChange(tx, councilId, changeId);
    if (!change) return { done: false as const, why: 'not_found' as const };
    // Taking the pending row's lock first: a supersede or another decision waits for us.
    const pending = await pendingChangeFor(tx, councilId, change.kind, change.listing_id, true);
    if (pending?.id !== changeId) return { done: false as const, why: 'not_pending' as const };
    await decideChange(tx, councilId, changeId, { status: 'approved', reason: null, personId: manager.personId, email: manager.email });
    const { version } = await publish(tx, {
      councilId, kind: change.kind, id: change.listing_id, document: change.document as unknown as Service | Organization,
      cause: 'approval', changeId, personId: manager.personId, email: manager.email, note: change.note,
    });
    await recordAudit(tx, {
      ...actorOf(councilId, manager), action: 'directory.change.approved', target: nameOf(change),
      detail: { changeId, kind: change.kind, listingId: change.listing_id, editor: change.proposed_by_email, version },
    });
    return { done: true as const, change, version };
  });
  if (!outcome.done) return outcome;
  const told = await tellEditor(ctx, councilId, outcome.change, 'approved', null, letterhead);
  return { done: true, told, version: outcome.version };
}

/** The longest reason a manager may give. */
export const MAX_REASON = 2000;

/** Reject a pending change with a reason (required, checked by the caller's form); the editor is told. */
export async function rejectChange(ctx: PlatformContext, councilId: string, changeId: string, reason: string, manager: Manager, letterhead: Letterhead): Promise<DecisionResult> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const change = await getChange(tx, councilId, changeId);
    if (!change) return { done: false as const, why: 'not_found' as const };
    const pending = await pendingChangeFor(tx, councilId, change.kind, change.listing_id, true);
    if (pending?.id !== changeId) return { done: false as const, why: 'not_pending' as const };
    await decideChange(tx, councilId, changeId, { status: 'rejected', reason, personId: manager.personId, email: manager.email });
    await recordAudit(tx, {
      ...actorOf(councilId, manager), action: 'directory.change.rejected', target: nameOf(change),
      detail: { changeId, kind: change.kind, listingId: change.listing_id, editor: change.proposed_by_email, reason },
    });
    return { done: true as const, change };
  });
  if (!outcome.done) return outcome;
  return { done: true, told: await tellEditor(ctx, councilId, outcome.change, 'rejected', reason, letterhead) };
}

export type RevertResult = { done: true; version: number } | { done: false; why: 'not_found' | 'unchanged' };

/**
 * Publish an earlier version's document again, as a new version (the history is never
 * rewritten). A pending change stays pending: the manager decides it on its own merits.
 */
export async function revertListing(ctx: PlatformContext, councilId: string, kind: ListingKind, id: string, toVersion: number, manager: Manager, note: string | null): Promise<RevertResult> {
  return ctx.db.transaction(async (tx) => {
    const target = await getVersion(tx, councilId, kind, id, toVersion);
    if (!target) return { done: false as const, why: 'not_found' as const };
    const current = await publishedDocument(tx, councilId, kind, id);
    if (current && sameDocument(current, target.document)) return { done: false as const, why: 'unchanged' as const };
    const document = target.document as unknown as Service | Organization;
    const { version } = await publish(tx, {
      councilId, kind, id, document, cause: 'revert', revertedTo: toVersion, personId: manager.personId, email: manager.email, note,
    });
    await recordAudit(tx, {
      ...actorOf(councilId, manager), action: 'directory.listing.reverted', target: String(document.name ?? id),
      detail: { kind, listingId: id, toVersion, version },
    });
    return { done: true as const, version };
  });
}

/** Trust an organisation (its editors publish at once) or stop. Returns false when there is no such organisation. */
export async function setTrusted(ctx: PlatformContext, councilId: string, organisationId: string, trusted: boolean, manager: Manager): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const org = await organisationTrust(tx, councilId, organisationId);
    if (!org) return false;
    if (await setOrganisationTrusted(tx, councilId, organisationId, trusted)) {
      await recordAudit(tx, {
        ...actorOf(councilId, manager), action: trusted ? 'directory.organisation.trusted' : 'directory.organisation.untrusted', target: org.name,
        detail: { organisationId },
      });
    }
    return true;
  });
}
