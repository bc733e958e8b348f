import { recordEvents, type HearthEvent } from '../../../platform/events/outbox.js';
import type { Queryable } from '../../../platform/db/db.js';
import type { Organization, Service } from '../oruk/schemas.js';
import { reindexServices } from '../search/index-builder.js';
import { readOrganization, lockListing, serviceIdsOfOrganisation, serviceOwner, writeOrganization } from '../sql/listings.js';
import { getFullService } from '../sql/oruk-read.js';
import { deferReferenceChecks, prepareServices, writePreparedServices } from '../sql/oruk-write.js';
import { addVersion, latestVersionNumber, type VersionCause } from '../sql/versions.js';

/**
 * Publishing a listing's document: written through the import path (services) or the
 * organisation upsert, reindexed for search, numbered as the listing's next version, with the
 * directory event — all in the caller's transaction, so nothing is half-published.
 */

export type ListingKind = 'service' | 'organization';

/** Statuses in which a service no longer runs: becoming one of these is "ended". */
const ENDED = new Set(['inactive', 'defunct']);

export interface Publication {
  councilId: string;
  kind: ListingKind;
  id: string;
  document: Service | Organization;
  cause: Exclude<VersionCause, 'import'>;
  changeId?: string | null;
  revertedTo?: number | null;
  personId?: string | null;
  email?: string | null;
  note?: string | null;
}

/** The listing as published now (an ORUK document), or undefined. */
export async function publishedDocument(db: Queryable, councilId: string, kind: ListingKind, id: string): Promise<Service | Organization | undefined> {
  return kind === 'service' ? getFullService(db, councilId, id) : readOrganization(db, councilId, id);
}

/**
 * A listing first imported (or created before Hearth kept versions) has no history yet: keep
 * what is published now as its version 1 before anything changes it.
 */
async function keepFirstVersion(tx: Queryable, councilId: string, kind: ListingKind, id: string): Promise<void> {
  if ((await latestVersionNumber(tx, councilId, kind, id)) > 0) return;
  const current = await publishedDocument(tx, councilId, kind, id);
  if (current) await addVersion(tx, { councilId, kind, listingId: id, document: current, cause: 'import' });
}

/** Publish a document; returns the version it became. */
export async function publish(tx: Queryable, p: Publication): Promise<{ version: number; created: boolean }> {
  const existed = await lockListing(tx, p.councilId, p.kind, p.id);
  if (existed) await keepFirstVersion(tx, p.councilId, p.kind, p.id);
  const events: HearthEvent[] = [];
  let created: boolean;
  if (p.kind === 'service') {
    const before = existed ? await serviceOwner(tx, p.councilId, p.id) : undefined;
    const service = p.document as Service;
    // The organisation is published on its own: a service carries the one published now, never
    // an older copy from when the edit began. last_modified is now.
    const organisationId = service.organization?.id ?? before?.organization_id;
    const organization = organisationId ? await readOrganization(tx, p.councilId, organisationId) : undefined;
    const { last_modified: _ignored, ...fields } = service;
    const document = { ...fields, ...(organization ? { organization } : {}) } as Service;
    await deferReferenceChecks(tx);
    const result = await writePreparedServices(tx, p.councilId, await prepareServices([document]));
    created = result.created.length > 0;
    await reindexServices(tx, p.councilId, [p.id], { fresh: new Set(result.created) });
    const type = created
      ? 'directory.service.created'
      : ENDED.has(document.status) && !ENDED.has(before?.status ?? '')
        ? 'directory.service.ended'
        : 'directory.service.updated';
    events.push({ councilId: p.councilId, type, subject: p.id, data: { name: document.name } });
  } else {
    const organization = p.document as Organization;
    created = (await writeOrganization(tx, p.councilId, organization)).created;
    // Services' search rows carry their organisation's name.
    if (!created) await reindexServices(tx, p.councilId, await serviceIdsOfOrganisation(tx, p.councilId, p.id));
    events.push({ councilId: p.councilId, type: created ? 'directory.organization.created' : 'directory.organization.updated', subject: p.id, data: { name: organization.name } });
  }
  const published = await publishedDocument(tx, p.councilId, p.kind, p.id);
  const version = await addVersion(tx, {
    councilId: p.councilId,
    kind: p.kind,
    listingId: p.id,
    document: published,
    cause: p.cause,
    changeId: p.changeId,
    revertedTo: p.revertedTo,
    personId: p.personId,
    email: p.email,
    note: p.note,
  });
  await recordEvents(tx, events);
  return { version, created };
}
