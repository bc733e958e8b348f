import type { PlatformContext } from '../../../platform/block.js';
import type { ResidentPanel } from '../../../platform/resident-panels.js';
import { getFullServices } from '../sql/oruk-read.js';

/** How many saved services the panel names; the rest are one link away, on "my list". */
const SHOWN = 5;

/**
 * The services a signed-in resident saved, as a panel of their single view (the vault's
 * `/my-hearth`). Only where their list is kept for them (`ctx.savedServices`), and only when
 * it holds a service that is still listed.
 */
export function savedServicesPanel(ctx: PlatformContext): ResidentPanel {
  return {
    key: 'saved-services',
    async content(request, personId) {
      if (!ctx.savedServices) return undefined;
      const ids = await ctx.savedServices.list(request.council.id, personId);
      if (!ids.length) return undefined;
      const services = await getFullServices(ctx.db, request.council.id, ids.slice(0, SHOWN));
      const byId = new Map(services.map((s) => [s.id, s]));
      const items = ids
        .slice(0, SHOWN)
        .flatMap((id) => {
          const s = byId.get(id);
          return s ? [{ text: s.name, href: `${request.basePath}/services/${id}`, detail: s.organization?.name }] : [];
        });
      if (!items.length) return undefined;
      return {
        heading: request.t('directory.saved_panel.heading'),
        items,
        more: { text: request.t('directory.saved_panel.more', { count: String(ids.length) }), href: `${request.basePath}/my-list` },
      };
    },
  };
}
