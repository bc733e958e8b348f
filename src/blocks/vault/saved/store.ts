import type { PlatformContext } from '../../../platform/block.js';
import type { SavedServices } from '../../../platform/saved-services.js';
import { deleteSavedService, insertSavedServices, savedServiceIds } from '../sql/saved.js';
import { inCouncil } from '../sql/scope.js';

/**
 * The vault keeps a signed-in resident's saved services (the platform's `SavedServices`, which
 * the directory's "my list" uses while they are signed in). They are the resident's own: read
 * and changed by them only, like their record, so not through the access gateway; erasing
 * everything forgets them (rights/erase.ts). Ids only: the directory owns the services.
 */
export function savedServicesStore(ctx: PlatformContext): SavedServices {
  return {
    list: async (councilId, personId) => inCouncil(ctx.db, councilId, (tx) => savedServiceIds(tx, councilId, personId)),
    add: async (councilId, personId, serviceIds, max) =>
      inCouncil(ctx.db, councilId, (tx) => insertSavedServices(tx, councilId, personId, [...new Set(serviceIds.map((id) => id.toLowerCase()))], max)),
    remove: async (councilId, personId, serviceId) => inCouncil(ctx.db, councilId, (tx) => deleteSavedService(tx, councilId, personId, serviceId.toLowerCase())),
  };
}
