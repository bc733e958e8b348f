import { createHash } from 'node:crypto';

/**
 * The hash chain of a council's vault access log. An entry's hash is
 * SHA-256(previous hash ‖ its fields as a JSON array in a fixed order), the first entry's
 * previous hash 32 zero bytes. A JSON array is unambiguous (no field can run into the next),
 * and it is what anyone re-checking a downloaded copy computes too (docs: README "The vault").
 */

export const GENESIS: Buffer = Buffer.alloc(32);

export type ActorKind = 'staff' | 'partner' | 'advocate' | 'resident' | 'system';
export type AccessAction = 'read' | 'update' | 'export' | 'erase';

/** An access, as the log keeps it. */
export interface AccessEntry {
  councilId: string;
  seq: number;
  /** Milliseconds precision: what JavaScript and the database both hold exactly. */
  at: Date;
  residentId: string;
  actorKind: ActorKind;
  actorId: string;
  actorName: string;
  organisation: string;
  onBehalfOf: string | null;
  action: AccessAction;
  categories: string[];
  grantId: string | null;
  basisId: string | null;
  purpose: string;
}

/** The fields an entry's hash covers, in their fixed order. */
export function canonicalEntry(e: AccessEntry): string {
  return JSON.stringify([
    1, // the format's version
    e.councilId,
    e.seq,
    e.at.toISOString(),
    e.residentId,
    e.actorKind,
    e.actorId,
    e.actorName,
    e.organisation,
    e.onBehalfOf,
    e.action,
    e.categories,
    e.grantId,
    e.basisId,
    e.purpose,
  ]);
}

export function entryHash(prevHash: Buffer, entry: AccessEntry): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalEntry(entry), 'utf8').digest();
}
