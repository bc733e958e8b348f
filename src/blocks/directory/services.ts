import type { Db } from '../../platform/db/db.js';
import { recordEvents } from '../../platform/events/outbox.js';
import { reindexServices } from './search/index-builder.js';
import { deleteService as deleteServiceRows } from './sql/oruk-write.js';
import { UUID } from '../../platform/uuid.js';

/**
 * Delete a service and everything it owns (its organisation and locations stay, as other
 * services may share them), drop it from the search index and record
 * `directory.service.deleted`, all in one transaction. False when there was no such service.
 */
export async function deleteService(db: Db, councilId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const serviceId = id.toLowerCase();
  return db.transaction(async (tx) => {
    const deleted = await deleteServiceRows(tx, councilId, serviceId);
    if (!deleted) return false;
    await reindexServices(tx, councilId, [serviceId]);
    await recordEvents(tx, [{ councilId, type: 'directory.service.deleted', subject: serviceId, data: { name: deleted.name } }]);
    return true;
  });
}
