import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from '../../../platform/http/cookies.js';
import { isUuid, UUID } from '../../../platform/uuid.js';

/**
 * "My list" for people without an account: the ids of saved services, in a cookie of their
 * own browser (ids only: nothing about the person). One list per council.
 */
export const MAX_LIST = 50;

const MAX_AGE_S = 180 * 24 * 60 * 60;

export { isUuid };

/** Service ids from a cookie or a shared link: well-formed, lower case, no repeats, at most MAX_LIST. */
export function parseIds(raw: string | undefined | null, separator: RegExp = /[.,\s]+/): { ids: string[]; dropped: number } {
  const parts = (raw ?? '').split(separator).map((p) => p.trim()).filter(Boolean);
  const ids: string[] = [];
  let dropped = 0;
  for (const part of parts) {
    const id = part.toLowerCase();
    if (!UUID.test(id) || ids.length >= MAX_LIST) dropped++;
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, dropped };
}

function cookieName(request: FastifyRequest): string {
  return `hearth_list_${request.council.slug}`;
}

export function readList(request: FastifyRequest): string[] {
  return parseIds(readCookie(request, cookieName(request))).ids;
}

export function writeList(request: FastifyRequest, reply: FastifyReply, ids: string[], secure: boolean): void {
  const name = cookieName(request);
  if (ids.length) setCookie(reply, name, ids.slice(0, MAX_LIST).join('.'), { secure, maxAge: MAX_AGE_S });
  else setCookie(reply, name, '', { secure, maxAge: 0 });
}
