import { createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Queryable } from '../../../platform/db/db.js';
import type { KeyRing } from '../../../platform/crypto/key-ring.js';
import { chainPending } from './chainer.js';
import { insertSeal, readHead, type SealRow } from '../sql/access-log.js';
import { inCouncil } from '../sql/scope.js';

/**
 * Signed heads of the access log. At intervals the council's head (its last seq and hash) is
 * signed with Ed25519 and kept with the public key; the seals are published, so anyone holding
 * a copy of the log can check it was not rewritten after a seal — not even its tail, which a
 * chain alone cannot show.
 *
 * The signing key is derived (HKDF-SHA256, its own label) from the current key of
 * HEARTH_ENCRYPTION_KEYS: no second secret to configure, and a different key for each purpose.
 * Each seal keeps its public key, so seals made before a key rotation still check.
 */

/** What a seal signs: the council, the seq and the hash, unambiguously. */
export const sealMessage = (councilId: string, seq: number, hash: Buffer) => Buffer.from(JSON.stringify(['hearth-vault-log-seal', 1, councilId, seq, hash.toString('hex')]), 'utf8');

// PKCS #8 wrapping of a raw 32-byte Ed25519 private key (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SealKey {
  id: string;
  privateKey: KeyObject;
  publicKey: Buffer;
}

export function sealKeyFrom(ring: KeyRing): SealKey {
  const seed = Buffer.from(hkdfSync('sha256', ring.currentKey, Buffer.alloc(0), 'hearth vault log seal', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { id: ring.currentId, privateKey, publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }) };
}

/**
 * Seal the council's head now, unless it is already sealed; returns the seal's seq, if any. In
 * the council's scope (sql/scope.ts). What waits to be chained is chained first, so the seal
 * covers every access committed before it.
 */
export async function sealHead(db: Queryable, councilId: string, key: SealKey): Promise<number | undefined> {
  await chainPending(db, councilId);
  return inCouncil(db, councilId, async (tx) => {
    const head = await readHead(tx, councilId);
    if (!head) return undefined;
    const hash = Buffer.from(head.hash);
    const signature = sign(null, sealMessage(councilId, head.seq, hash), key.privateKey);
    await insertSeal(tx, councilId, { seq: head.seq, hash, key_id: key.id, public_key: key.publicKey, signature });
    return head.seq;
  });
}

/** Whether a seal's signature holds for its own seq and hash. */
export function sealHolds(councilId: string, seal: Pick<SealRow, 'seq' | 'hash' | 'public_key' | 'signature'>): boolean {
  try {
    const publicKey = createPublicKey({ key: Buffer.from(seal.public_key), format: 'der', type: 'spki' });
    return verify(null, sealMessage(councilId, seal.seq, Buffer.from(seal.hash)), publicKey, Buffer.from(seal.signature));
  } catch {
    return false;
  }
}
