import { isSealed, SealError, type KeyRing, type SealedValue } from '../crypto/key-ring.js';
import type { Db } from '../db/db.js';
import { endpointSecrets, replaceEndpointSecret } from './sql.js';

/**
 * An endpoint's signing secret at rest: sealed with the key ring (signing needs the secret
 * itself, so it cannot be hashed), bound to its endpoint, stored as the sealed value's JSON. A
 * secret written in the clear by an earlier Hearth (`whsec_…`) is still read, and sealed by
 * `hearth keys rewrap`.
 */

const context = (endpointId: string) => `webhook_endpoint:${endpointId}`;

export const sealSecret = (ring: KeyRing, endpointId: string, secret: string): string => JSON.stringify(ring.seal(secret, context(endpointId)));

function parsed(stored: string): SealedValue | undefined {
  if (stored.startsWith('whsec_')) return undefined;
  const value = JSON.parse(stored) as unknown;
  if (!isSealed(value)) throw new SealError('a webhook secret is neither sealed nor a whsec_ secret');
  return value;
}

/** The secret itself; the key ring (`ring()`) is asked for only when the secret is sealed. */
export function openSecret(ring: () => KeyRing, endpointId: string, stored: string): string {
  const sealed = parsed(stored);
  return sealed ? ring().open(sealed, context(endpointId)) : stored;
}

/** Seal clear secrets and re-wrap sealed ones with the ring's current key, one endpoint at a time. */
export async function rewrapWebhookSecrets(db: Db, ring: KeyRing): Promise<{ sealed: number; rewrapped: number; unchanged: number; unopenable: number }> {
  const counts = { sealed: 0, rewrapped: 0, unchanged: 0, unopenable: 0 };
  for (const { id, secret } of await endpointSecrets(db)) {
    try {
      const sealed = parsed(secret);
      if (!sealed) {
        await replaceEndpointSecret(db, id, secret, sealSecret(ring, id, secret));
        counts.sealed++;
      } else if (sealed.kid === ring.currentId) {
        counts.unchanged++;
      } else {
        await replaceEndpointSecret(db, id, secret, JSON.stringify(ring.rewrap(sealed, context(id))));
        counts.rewrapped++;
      }
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      counts.unopenable++;
    }
  }
  return counts;
}
