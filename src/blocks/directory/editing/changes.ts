import { randomUUID } from 'node:crypto';
import type { PlatformContext } from '../../../platform/block.js';
import type { Queryable } from '../../../platform/db/db.js';
import { recordAudit } from '../../identity/index.js';
import type { Organization, Service } from '../oruk/schemas.js';
import { ImportRegistry, validateOrganization, validateService, type OrukProblem } from '../oruk/validate.js';
import { insertChange, pendingChangeFor, supersedeChange } from '../sql/changes.js';
import { organisationTrust, serviceOwner } from '../sql/listings.js';
import { existingIds } from '../sql/oruk-read.js';
import { latestVersionNumber } from '../sql/versions.js';
import { publish, publishedDocument, type ListingKind } from './apply.js';
import { differenceOf } from './diff.js';
import { sameDocument } from './documents.js';

export type { ListingKind } from './apply.js';

/**
 * The contract between the editors' forms and the approval workflow: the forms build a whole
 * proposed ORUK document from what the editor typed and hand it here; from then on a change
 * waits for a directory manager (or is published at once for a trusted organisation), and
 * every published version is kept.
 */

/** Who proposes a change (a signed-in organisation editor, or a manager editing on their behalf). */
export interface Editor {
  personId: string | null;
  email: string;
  ip?: string | null;
  userAgent?: string | null;
  /** The language the editor works in: the decision is written to them in it. English when not given. */
  language?: 'en' | 'cy';
}

/** What an editor works on: the pending proposal for this listing if there is one (edits build on it), else the published document. */
export async function workingCopy(
  db: Queryable,
  councilId: string,
  kind: ListingKind,
  id: string,
): Promise<{ document: Service | Organization; pendingChangeId?: string; organisationId: string } | undefined> {
  const pending = await pendingChangeFor(db, councilId, kind, id);
  if (pending) return { document: pending.document as unknown as Service | Organization, pendingChangeId: pending.id, organisationId: pending.organization_id };
  const published = await publishedDocument(db, councilId, kind, id);
  if (!published) return undefined;
  const organisationId = kind === 'organization' ? published.id : (published as Service).organization!.id;
  return { document: published, organisationId };
}

export interface ProposeInput {
  councilId: string;
  organisationId: string;
  kind: ListingKind;
  id: string;
  isNew: boolean;
  document: Service | Organization;
  editor: Editor;
  note?: string;
}

/** The longest note an editor may leave for the manager. */
export const MAX_NOTE = 2000;

/** The ORUK validator's verdict, plus what only the directory can tell (the listing is theirs, locations and terms exist). */
async function check(db: Queryable, input: ProposeInput): Promise<{ document?: Service | Organization; problems: OrukProblem[] }> {
  const lower = (s: string) => s.toLowerCase();
  const id = lower(input.id);
  const organisationId = lower(input.organisationId);
  if (input.kind === 'organization') {
    const { organization, problems } = validateOrganization(input.document);
    if (!organization) return { problems };
    if (organization.id !== id || id !== organisationId) return { problems: [{ path: '$.id', reason: `must be the organisation being edited (${organisationId})` }] };
    return { document: organization, problems: [] };
  }
  const registry = new ImportRegistry();
  const { service, problems } = validateService(input.document, '$', registry);
  if (!service) return { problems };
  if (service.id !== id) return { problems: [{ path: '$.id', reason: `must be the service being edited (${id})` }] };
  if (service.organization?.id !== organisationId) return { problems: [{ path: '$.organization.id', reason: `must be the editor's organisation (${organisationId})` }] };
  const { locations, terms } = registry.unresolved();
  const haveLocations = await existingIds(db, input.councilId, 'location', [...locations.keys()]);
  const haveTerms = await existingIds(db, input.councilId, 'taxonomy_term', [...terms.keys()]);
  const missing: OrukProblem[] = [];
  for (const [ref, path] of locations) if (!haveLocations.has(ref)) missing.push({ path, reason: `names location ${ref}, which is not in the directory` });
  for (const [ref, path] of terms) if (!haveTerms.has(ref)) missing.push({ path, reason: `names taxonomy term ${ref}, which is not in the directory` });
  return missing.length ? { problems: missing } : { document: service, problems: [] };
}

/**
 * What the queue shows of a proposal, taken now rather than on every view: its difference from
 * the listing as published (in the same transaction), that listing's `last_modified` (the queue
 * compares again once it moves), and whether the listing had changed since the editor began.
 */
function keptDifference(kind: ListingKind, document: Service | Organization, published: Service | Organization | undefined, base: unknown, isNew: boolean) {
  const doc = (d: unknown) => d as unknown as Record<string, unknown>;
  return {
    difference: differenceOf(kind, published && doc(published), doc(document)),
    comparedWith: kind === 'service' ? ((published as Service | undefined)?.last_modified ?? null) : null,
    baseChanged: base ? !published || !sameDocument(base, published) : Boolean(published && !isNew),
  };
}

/**
 * Propose a listing: the whole ORUK document after the edit (`Service` or `Organization` from
 * src/blocks/directory/oruk/schemas.ts, validated with the ORUK validator in oruk/validate.ts).
 * Waits for a directory manager unless the organisation is trusted (then applied at once).
 * A later proposal for the same listing replaces the pending one (it was built on it).
 * `isNew` for a service that does not exist yet (its id chosen by the caller, a new UUID).
 */
export async function proposeChange(
  ctx: PlatformContext,
  input: ProposeInput,
): Promise<{ changeId: string; status: 'pending' | 'applied' } | { problems: OrukProblem[] }> {
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) return { problems: [{ path: 'note', reason: `must be ${MAX_NOTE} characters or fewer` }] };
  const checked = await check(ctx.db, input);
  if (!checked.document) return { problems: checked.problems };
  const document = checked.document;
  const { councilId, kind } = input;
  const id = document.id;
  const organisationId = input.organisationId.toLowerCase();

  return ctx.db.transaction(async (tx) => {
    const organisation = await organisationTrust(tx, councilId, organisationId);
    if (!organisation) return { problems: [{ path: '$.organization.id', reason: `names organisation ${organisationId}, which is not in the directory` }] };
    const pending = await pendingChangeFor(tx, councilId, kind, id, true);
    const published = await publishedDocument(tx, councilId, kind, id);
    // An editor may only propose for their own organisation's listings: the listing as
    // published (or as first proposed, for a new service) must already be theirs.
    if (kind === 'service') {
      const owner = published ? await serviceOwner(tx, councilId, id) : undefined;
      const ownedBy = owner?.organization_id ?? pending?.organization_id;
      if (ownedBy && ownedBy !== organisationId) return { problems: [{ path: '$.organization.id', reason: 'the service belongs to another organisation' }] };
    }
    if (input.isNew && published) return { problems: [{ path: '$.id', reason: `a ${kind === 'service' ? 'service' : 'organisation'} with this id exists already` }] };
    if (!input.isNew && !published && !pending) return { problems: [{ path: '$.id', reason: `no ${kind === 'service' ? 'service' : 'organisation'} with this id is listed` }] };
    if (sameDocument(document, pending?.document ?? published)) {
      return { problems: [{ path: '$', reason: 'is the same as the listing it was built on: nothing has changed' }] };
    }

    const changeId = randomUUID();
    const trusted = organisation.trusted;
    // Built on a pending proposal: that proposal's base is still what was published when the editing began.
    const baseDocument = pending ? pending.base_document : (published ?? null);
    // The one pending proposal per listing is replaced first (the unique index allows one).
    if (pending) await supersedeChange(tx, councilId, pending.id, changeId);
    await insertChange(tx, {
      councilId,
      id: changeId,
      kind,
      listingId: id,
      organisationId,
      isNew: Boolean(pending?.is_new ?? input.isNew),
      document,
      baseDocument,
      baseVersion: pending ? pending.base_version : await latestVersionNumber(tx, councilId, kind, id),
      status: trusted ? 'approved' : 'pending',
      note,
      language: input.editor.language === 'cy' ? 'cy' : 'en',
      personId: input.editor.personId,
      email: input.editor.email,
      ...keptDifference(kind, document, published, baseDocument, Boolean(pending?.is_new ?? input.isNew)),
    });
    const actor = { councilId, actorPersonId: input.editor.personId, actorEmail: input.editor.email, ip: input.editor.ip ?? null, userAgent: input.editor.userAgent ?? null };
    const detail = { changeId, kind, listingId: id, name: document.name, organisationId, supersedes: pending?.id };
    if (trusted) {
      const { version } = await publish(tx, {
        councilId, kind, id, document, cause: 'edit', changeId, personId: input.editor.personId, email: input.editor.email, note,
      });
      await recordAudit(tx, { ...actor, action: 'directory.change.published', target: document.name, detail: { ...detail, version } });
      return { changeId, status: 'applied' as const };
    }
    await recordAudit(tx, { ...actor, action: 'directory.change.proposed', target: document.name, detail });
    return { changeId, status: 'pending' as const };
  });
}
