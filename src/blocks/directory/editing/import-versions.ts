import type { Queryable } from '../../../platform/db/db.js';
import type { Service } from '../oruk/schemas.js';
import { readOrganization } from '../sql/listings.js';
import { getFullServices } from '../sql/oruk-read.js';
import { addImportVersions, latestVersions, listingsWithHistory } from '../sql/versions.js';
import { sameDocument } from './documents.js';

/**
 * History must not depend on how a listing changed: an import that rewrites a listing which
 * already has a history (it was edited in Hearth) adds a version, so the history shows the
 * import and a manager can compare or revert across it. A listing never edited keeps no
 * history until its first edit (which then keeps the imported document as version 1), so a
 * bulk import of 100k services writes nothing here. A copy identical to the latest version
 * adds nothing. Called by the importer inside its transaction, batch by batch.
 */
export async function recordImportedVersions(tx: Queryable, councilId: string, services: Service[]): Promise<void> {
  const serviceIds = await listingsWithHistory(tx, councilId, 'service', services.map((s) => s.id));
  const organisationIds = await listingsWithHistory(tx, councilId, 'organization', [...new Set(services.map((s) => s.organization?.id).filter((id): id is string => Boolean(id)))]);
  if (serviceIds.size) {
    const published = await getFullServices(tx, councilId, [...serviceIds]);
    await addChanged(tx, councilId, 'service', published.map((s) => ({ id: s.id, document: s })));
  }
  if (organisationIds.size) {
    const published = [];
    for (const id of organisationIds) {
      const org = await readOrganization(tx, councilId, id);
      if (org) published.push({ id, document: org });
    }
    await addChanged(tx, councilId, 'organization', published);
  }
}

async function addChanged(tx: Queryable, councilId: string, kind: 'service' | 'organization', documents: { id: string; document: unknown }[]): Promise<void> {
  const latest = await latestVersions(tx, councilId, kind, documents.map((d) => d.id));
  await addImportVersions(tx, councilId, kind, documents.filter((d) => !sameDocument(d.document, latest.get(d.id))));
}
