import { createHash, randomBytes } from 'node:crypto';

/**
 * An invitation's link token, in the same form as identity's sign-in links: 32 random bytes,
 * base64url (43 characters), single use; only its SHA-256 is stored, so the table alone
 * cannot be turned into working links.
 */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newInvitationToken = (): string => randomBytes(32).toString('base64url');

export const hashInvitationToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
