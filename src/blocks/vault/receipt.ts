import { createPublicKey, sign, verify } from 'node:crypto';
import type { SealKey } from './log/seal.js';

/**
 * A consent receipt for a grant, in the consent-record structure of ISO/IEC TS 27560:2023
 * (element names written in snake_case, as the W3C DPV community's 27560 profile does): who gave
 * consent to whom, for which purpose and lawful basis, which categories of personal data, which
 * operations, until when, and its status and events. The receipt is signed (Ed25519, the vault's
 * seal key) over its canonical JSON, with the public key inside, so the resident — or anyone
 * they show it to — can check it was issued by the council and not changed.
 */

export interface ReceiptGrant {
  id: string;
  residentId: string;
  granteeKind: 'team' | 'partner';
  grantee: string;
  categories: string[];
  access: 'read' | 'read_update';
  purpose: string;
  lawfulBasis: string;
  status: string;
  startsAt: Date;
  expiresAt: Date;
  /** The grant's history, oldest first (without it, the receipt records its giving at `startsAt`). */
  events?: Array<{ at: Date; event: string; by: string }>;
}

export interface ConsentReceipt {
  schema_version: string;
  record_id: string;
  pii_principal_id: string;
  consent_status: string;
  events: Array<{ event_time: string; event_type: string; event_by: string }>;
  processing: Array<{
    purposes: string[];
    lawful_basis: string;
    pii_categories: string[];
    processing_operations: string[];
    recipients: Array<{ name: string; kind: string }>;
    valid_from: string;
    valid_until: string;
  }>;
  pii_controllers: Array<{ name: string; contact?: string; url?: string }>;
  issued_at: string;
  proof?: { type: 'Ed25519'; key_id: string; public_key: string; signature: string };
}

/** JSON with keys sorted at every level: the bytes a signature covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// A team's request accepted is consent given; who acted, in the standard's roles.
const EVENT_TYPE: Record<string, string> = { accepted: 'given' };
const EVENT_BY: Record<string, string> = { resident: 'pii_principal', advocate: 'pii_principal_representative', team: 'pii_controller', partner: 'recipient' };

const STATUS: Record<string, string> = { active: 'given', paused: 'paused', withdrawn: 'withdrawn', requested: 'requested', refused: 'refused' };

export function consentReceipt(grant: ReceiptGrant, controller: { name: string; contact?: string; url?: string }, key: SealKey, now = new Date()): ConsentReceipt {
  const body: ConsentReceipt = {
    schema_version: 'ISO/IEC TS 27560:2023; hearth-vault-receipt/1',
    record_id: grant.id,
    pii_principal_id: grant.residentId,
    consent_status: STATUS[grant.status] ?? grant.status,
    events: grant.events?.length
      ? grant.events.map((e) => ({ event_time: e.at.toISOString(), event_type: EVENT_TYPE[e.event] ?? e.event, event_by: EVENT_BY[e.by] ?? e.by }))
      : [{ event_time: grant.startsAt.toISOString(), event_type: 'given', event_by: 'pii_principal' }],
    processing: [
      {
        purposes: [grant.purpose],
        lawful_basis: grant.lawfulBasis,
        pii_categories: [...grant.categories].sort(),
        processing_operations: grant.access === 'read_update' ? ['read', 'update'] : ['read'],
        recipients: [{ name: grant.grantee, kind: grant.granteeKind === 'team' ? 'council_team' : 'partner_organisation' }],
        valid_from: grant.startsAt.toISOString(),
        valid_until: grant.expiresAt.toISOString(),
      },
    ],
    pii_controllers: [controller],
    issued_at: now.toISOString(),
  };
  const signature = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey);
  return { ...body, proof: { type: 'Ed25519', key_id: key.id, public_key: key.publicKey.toString('base64'), signature: signature.toString('base64') } };
}

/** Whether a receipt is as it was issued (its signature over everything but the proof holds). */
export function receiptHolds(receipt: ConsentReceipt): boolean {
  if (!receipt.proof || receipt.proof.type !== 'Ed25519') return false;
  const { proof, ...body } = receipt;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(proof.public_key, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonicalJson(body), 'utf8'), publicKey, Buffer.from(proof.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A public key as a JWK (RFC 8037: OKP, Ed25519), with its key id: what is published for anyone checking a receipt or a seal. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export function publicJwk(key: { id: string; publicKey: Buffer }): PublicJwk {
  const jwk = createPublicKey({ key: key.publicKey, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid: key.id, use: 'sig', alg: 'EdDSA' };
}

/**
 * What checking a pasted receipt found: `valid` (signed by one of the keys given and unchanged),
 * `unknown_key` (its signature holds, but with a key that is not one of them: anyone can sign
 * with a key of their own, so this is no receipt of ours), `changed` (not as it was signed), or
 * `not_a_receipt` (no receipt at all).
 */
export type ReceiptCheck = 'valid' | 'unknown_key' | 'changed' | 'not_a_receipt';

export function checkReceipt(value: unknown, keys: ReadonlyArray<{ id: string; publicKey: Buffer }>): ReceiptCheck {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not_a_receipt';
  const receipt = value as Partial<ConsentReceipt>;
  const proof = receipt.proof as Partial<NonNullable<ConsentReceipt['proof']>> | undefined;
  if (typeof receipt.record_id !== 'string' || !Array.isArray(receipt.processing) || !proof || typeof proof !== 'object' || typeof proof.public_key !== 'string' || typeof proof.signature !== 'string') {
    return 'not_a_receipt';
  }
  if (!receiptHolds(receipt as ConsentReceipt)) return 'changed';
  const signer = Buffer.from(proof.public_key, 'base64');
  return keys.some((k) => k.publicKey.equals(signer)) ? 'valid' : 'unknown_key';
}
