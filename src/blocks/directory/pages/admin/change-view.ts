import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../../../platform/db/db.js';
import { publishedDocument } from '../../editing/apply.js';
import { describeDifference, differenceInWords, type DiffRow, type KeptRow } from '../../editing/diff.js';
import { sameDocument } from '../../editing/documents.js';
import type { QueuedChange } from '../../sql/changes.js';
import { getFullServices } from '../../sql/oruk-read.js';
import { formatWhen } from './common.js';

/** A change as the queue and its own page show it. */
export interface ChangeView {
  id: string;
  name: string;
  kindText: string;
  isNew: boolean;
  organisationName: string;
  organisationId: string;
  proposedBy: string;
  proposedAt: string;
  note: string | null;
  /** The listing has changed since the editor began (someone else's edit, an import, a revert). */
  stale: boolean;
  /** What approving would change: the proposal against what is published now. */
  rows: DiffRow[];
  href: string;
  historyHref?: string;
  status: string;
  statusText: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string | null;
}

type Doc = Record<string, unknown>;

/**
 * What is published now of each change's listing that must be compared again (its kept
 * difference is not current: the listing was written since, or the change predates migration 014). A service whose `last_modified` is still that
 * of the document the change was built on has not been written since: that document is what
 * is published, and the queue need not read the listing again (a page of ten changes would
 * otherwise read ten whole services per view). The rest are read, services in one statement.
 */
export async function publishedFor(db: Queryable, councilId: string, changes: QueuedChange[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  const toRead: string[] = [];
  // A change whose kept difference is still current is shown from it: nothing to read.
  for (const c of changes.filter((x) => x.kind === 'service' && !x.difference_current)) {
    const base = c.base_document as Doc | null;
    if (base && c.listing_last_modified && base.last_modified === c.listing_last_modified) out.set(`service:${c.listing_id}`, base);
    else toRead.push(c.listing_id);
  }
  for (const s of await getFullServices(db, councilId, toRead)) out.set(`service:${s.id}`, s as unknown as Doc);
  for (const c of changes.filter((x) => x.kind === 'organization')) {
    const org = await publishedDocument(db, councilId, 'organization', c.listing_id);
    if (org) out.set(`organization:${c.listing_id}`, org as unknown as Doc);
  }
  return out;
}

/**
 * A kept difference in words, per change and language. A change's kept difference is written
 * once, when it is proposed, and its words depend on nothing else (diff.ts), so the queue that
 * managers keep open need not put the same ten changes into words again on every view. Bounded:
 * the oldest used is dropped first.
 */
const KEPT_WORDS_MAX = 2000;
const keptWords = new Map<string, DiffRow[]>();
function keptInWords(request: FastifyRequest, change: QueuedChange, kept: KeptRow[]): DiffRow[] {
  const key = `${change.id} ${request.locale}`;
  let rows = keptWords.get(key);
  if (rows) keptWords.delete(key);
  else rows = differenceInWords(kept, request.t);
  keptWords.set(key, rows);
  if (keptWords.size > KEPT_WORDS_MAX) keptWords.delete(keptWords.keys().next().value!);
  return rows;
}

export function changeView(request: FastifyRequest, change: QueuedChange, published: Doc | undefined): ChangeView {
  const { t } = request;
  const base = request.basePath;
  const kept = change.difference_current && change.difference ? change.difference : undefined;
  const isPublished = kept ? Boolean(change.has_published) : Boolean(published);
  // `published` is the base document itself when the listing has not been written since (publishedFor).
  const stale = kept
    ? Boolean(change.base_changed)
    : published === change.base_document ? false : Boolean(change.base_document ? !published || !sameDocument(change.base_document, published) : published && !change.is_new);
  const kindPath = change.kind === 'service' ? 'services' : 'organisations';
  return {
    id: change.id,
    name: String(change.name ?? change.document?.name ?? ''),
    kindText: t(`changes.kind.${change.kind}${change.is_new && !isPublished ? '_new' : ''}`),
    isNew: change.is_new && !isPublished,
    organisationName: change.organisation_name ?? change.organization_id,
    organisationId: change.organization_id,
    proposedBy: change.proposed_by_email,
    proposedAt: formatWhen(request, change.proposed_at),
    note: change.note,
    stale,
    rows: kept ? keptInWords(request, change, kept) : describeDifference(change.kind, published, change.document, t),
    href: `${base}/admin/directory/changes/${change.id}`,
    historyHref: isPublished ? `${base}/admin/directory/${kindPath}/${change.listing_id}/history` : undefined,
    status: change.status,
    statusText: t(`changes.status_of_change.${change.status}`),
    decidedBy: change.decided_by_email ?? undefined,
    decidedAt: change.decided_at ? formatWhen(request, change.decided_at) : undefined,
    reason: change.reason,
  };
}
