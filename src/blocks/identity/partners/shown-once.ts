import type { FastifyReply, FastifyRequest } from 'fastify';
import { holdShownOnce, takeShownOnce, type Held, type ShownOnce } from '../../../platform/http/shown-once.js';

/**
 * A new client secret is shown once, on the page the registering (or new-secret) form redirects
 * to: held meanwhile in a cookie only this session can read, for this client only (the
 * platform's shown-once.ts says how).
 */
export const SHOWN_ONCE_COOKIE = 'hearth_partner_secret';
const kind = (secure: boolean): ShownOnce => ({ cookie: SHOWN_ONCE_COOKIE, purpose: 'partner client secret, shown once', secure });

/** Keep `secret` for the page that shows it, for this session and this client only. */
export function holdSecret(request: FastifyRequest, reply: FastifyReply, clientId: string, held: Held, secure: boolean): void {
  holdShownOnce(request, reply, kind(secure), clientId, held);
}

/** The secret held for this client, if this session holds one made in the last five minutes; taking it deletes it. */
export function takeSecret(request: FastifyRequest, reply: FastifyReply, clientId: string, secure: boolean): Held | undefined {
  return takeShownOnce(request, reply, kind(secure), clientId);
}
