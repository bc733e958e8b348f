import { keyRingOf } from '../../../platform/crypto/key-ring.js';
import type { Db } from '../../../platform/db/db.js';
import { addTargetedEndpoint, setEndpointUrl } from '../../../platform/webhooks/targeted.js';
import { linkPartnerEndpoint, partnerEndpointId } from '../sql/notices.js';
import { inCouncil } from '../sql/scope.js';
import { NOTICE_MESSAGE_TYPE } from './partner-message.js';

/**
 * A partner system's webhook endpoint for its vault notices: a platform endpoint (signed,
 * retried, shown with its deliveries on /admin/webhooks, where an admin can pause it, rotate its
 * secret or replay a delivery), tied to the partner here. One per partner system: registering
 * again moves it to the new address and keeps its secret. The address is checked by the caller
 * (the API refuses anything but a public https one).
 */
export async function registerPartnerEndpoint(
  db: Db,
  councilId: string,
  partner: { clientId: string; name: string },
  url: string,
): Promise<{ endpointId: string; created: boolean; secret?: string }> {
  const existing = await inCouncil(db, councilId, (tx) => partnerEndpointId(tx, councilId, partner.clientId));
  if (existing && (await setEndpointUrl(db, councilId, existing, url))) return { endpointId: existing, created: false };
  const ring = keyRingOf(db);
  return inCouncil(db, councilId, async (tx) => {
    const { endpoint, secret } = await addTargetedEndpoint(tx, ring, {
      councilId,
      url,
      description: `Vault notices for ${partner.name}`.slice(0, 200),
      types: [NOTICE_MESSAGE_TYPE],
      createdBy: `partner:${partner.clientId}`,
    });
    await linkPartnerEndpoint(tx, councilId, partner.clientId, endpoint.id);
    return { endpointId: endpoint.id, created: true, secret };
  });
}
