import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { MAX_LIST, readList, writeList } from './my-list-cookie.js';

/**
 * Where "my list" lives: for a signed-in person, in the store a block offers for it
 * (`ctx.savedServices`: the vault, in their record, so the list follows them to any browser);
 * otherwise, or with no such block enabled, in this browser's cookie. A list kept in the cookie
 * before signing in joins the person's list the first time it is read signed in, and the cookie
 * is cleared, so the two never drift apart.
 */

function personOf(ctx: PlatformContext, request: FastifyRequest): string | undefined {
  return ctx.savedServices && request.principal?.kind === 'person' ? request.principal.personId : undefined;
}

/** The saved service ids, in the order saved (for a signed-in person, merged with this browser's cookie once). */
export async function savedIds(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply): Promise<string[]> {
  const person = personOf(ctx, request);
  if (!person || !ctx.savedServices) return readList(request);
  const fromCookie = readList(request);
  if (fromCookie.length) {
    await ctx.savedServices.add(request.council.id, person, fromCookie, MAX_LIST);
    writeList(request, reply, [], ctx.config.production);
  }
  return (await ctx.savedServices.list(request.council.id, person)).slice(0, MAX_LIST);
}

/** Save one more: false when the list is full (nothing saved). */
export async function saveId(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, id: string): Promise<boolean> {
  const list = await savedIds(ctx, request, reply);
  if (list.includes(id)) return true;
  if (list.length >= MAX_LIST) return false;
  const person = personOf(ctx, request);
  if (person && ctx.savedServices) await ctx.savedServices.add(request.council.id, person, [id], MAX_LIST);
  else writeList(request, reply, [...list, id], ctx.config.production);
  return true;
}

export async function removeId(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, id: string): Promise<void> {
  const list = await savedIds(ctx, request, reply);
  if (!list.includes(id)) return;
  const person = personOf(ctx, request);
  if (person && ctx.savedServices) await ctx.savedServices.remove(request.council.id, person, id);
  else writeList(request, reply, list.filter((x) => x !== id), ctx.config.production);
}

/** Keep a shared list: added after what is already saved, up to the limit. True when some did not fit. */
export async function saveIds(ctx: PlatformContext, request: FastifyRequest, reply: FastifyReply, incoming: string[]): Promise<boolean> {
  const list = await savedIds(ctx, request, reply);
  const merged = [...list, ...incoming.filter((id) => !list.includes(id))];
  const person = personOf(ctx, request);
  if (person && ctx.savedServices) await ctx.savedServices.add(request.council.id, person, incoming, MAX_LIST);
  else writeList(request, reply, merged.slice(0, MAX_LIST), ctx.config.production);
  return merged.length > MAX_LIST;
}
