import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from './cookies.js';

/**
 * A secret made by a form (a partner's client secret, a webhook's signing secret) travels from
 * the POST that makes it to the page that shows it once — post/redirect/get, so a reload cannot
 * make a second one — in a short-lived cookie, encrypted (AES-256-GCM) with a key derived from
 * the signed-in person's session and bound to the thing it belongs to. Hearth never stores the
 * secret in the clear, any process can show it, another session cannot read it, and the page
 * that shows it deletes the cookie: a reload finds nothing and says it was shown once.
 */
const LIFETIME_SECONDS = 5 * 60;

export interface ShownOnce {
  /** The cookie's name (one per kind of secret, so two kinds never take each other's). */
  cookie: string;
  /** What the key is for: a different purpose derives a different key. */
  purpose: string;
  /** Add `Secure` (production). */
  secure: boolean;
}

export interface Held {
  secret: string;
  rotated: boolean;
}

function sessionOf(request: FastifyRequest): string | undefined {
  return request.principal?.kind === 'person' ? request.principal.sessionId : undefined;
}

const keyFor = (session: string, purpose: string) => Buffer.from(hkdfSync('sha256', session, 'hearth', purpose, 32));

/** Keep `held` for the page that shows it, for this session and `subject` (the client's or endpoint's id) only. */
export function holdShownOnce(request: FastifyRequest, reply: FastifyReply, kind: ShownOnce, subject: string, held: Held): void {
  const session = sessionOf(request);
  if (!session) return;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(session, kind.purpose), iv);
  cipher.setAAD(Buffer.from(subject));
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...held, at: Date.now() })), cipher.final()]);
  setCookie(reply, kind.cookie, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), { secure: kind.secure, maxAge: LIFETIME_SECONDS });
}

/**
 * The secret held for `subject`, if this session holds one made in the last five minutes;
 * taking it deletes it, so it is shown once.
 */
export function takeShownOnce(request: FastifyRequest, reply: FastifyReply, kind: ShownOnce, subject: string): Held | undefined {
  const value = readCookie(request, kind.cookie);
  const session = sessionOf(request);
  if (value === undefined || !session) return undefined;
  setCookie(reply, kind.cookie, '', { secure: kind.secure, maxAge: 0 });
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(session, kind.purpose), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(subject));
    decipher.setAuthTag(raw.subarray(12, 28));
    const held = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Held & { at: number };
    if (typeof held.secret !== 'string' || !(Date.now() - held.at < LIFETIME_SECONDS * 1000)) return undefined;
    return { secret: held.secret, rotated: held.rotated === true };
  } catch {
    // Another session's, another subject's, or tampered with: nothing to show.
    return undefined;
  }
}
