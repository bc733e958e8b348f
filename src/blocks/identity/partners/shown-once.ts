import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from '../../../platform/http/cookies.js';

/**
 * A new client secret travels from the form that makes it to the page that shows it once
 * (post/redirect/get, so a reload cannot register a second client) in a short-lived cookie,
 * encrypted (AES-256-GCM) with a key derived from the admin's session and bound to the client.
 * Hearth never stores the secret itself, any process can show it, another session cannot read
 * it, and the page that shows it deletes the cookie: a reload says it was shown once.
 */
export const SHOWN_ONCE_COOKIE = 'hearth_partner_secret';
const LIFETIME_SECONDS = 5 * 60;

interface Held {
  secret: string;
  rotated: boolean;
  at: number;
}

function sessionOf(request: FastifyRequest): string | undefined {
  return request.principal?.kind === 'person' ? request.principal.sessionId : undefined;
}

const keyFor = (session: string) => Buffer.from(hkdfSync('sha256', session, 'hearth', 'partner client secret, shown once', 32));

/** Keep `secret` for the page that shows it, for this session and this client only. */
export function holdSecret(request: FastifyRequest, reply: FastifyReply, clientId: string, held: Omit<Held, 'at'>, secure: boolean): void {
  const session = sessionOf(request);
  if (!session) return;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(session), iv);
  cipher.setAAD(Buffer.from(clientId));
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...held, at: Date.now() } satisfies Held)), cipher.final()]);
  setCookie(reply, SHOWN_ONCE_COOKIE, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), { secure, maxAge: LIFETIME_SECONDS });
}

/**
 * The secret held for this client, if this session holds one made in the last five minutes;
 * taking it deletes it, so it is shown once.
 */
export function takeSecret(request: FastifyRequest, reply: FastifyReply, clientId: string, secure: boolean): Omit<Held, 'at'> | undefined {
  const value = readCookie(request, SHOWN_ONCE_COOKIE);
  const session = sessionOf(request);
  if (value === undefined || !session) return undefined;
  setCookie(reply, SHOWN_ONCE_COOKIE, '', { secure, maxAge: 0 });
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(session), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(clientId));
    decipher.setAuthTag(raw.subarray(12, 28));
    const held = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Held;
    if (typeof held.secret !== 'string' || !(Date.now() - held.at < LIFETIME_SECONDS * 1000)) return undefined;
    return { secret: held.secret, rotated: held.rotated === true };
  } catch {
    // Another session's, another client's, or tampered with: nothing to show.
    return undefined;
  }
}
