import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import { partnerIssuer } from './issuer.js';
import { bearerChallenge, partnerPrincipalFromBearer, scopeRefusal, type PartnerCheck, type PartnerPrincipal, type PartnerRefusal } from './tokens.js';

/**
 * The partner principal of a request to a council route, from its `Authorization: Bearer`
 * header, or why there is none. Local work only: keys are cached, and whether the client is
 * still enabled is asked of the database at most every few seconds per client.
 */
export function partnerPrincipalFromRequest(ctx: PlatformContext, request: FastifyRequest): Promise<PartnerCheck> {
  return partnerPrincipalFromBearer(ctx.db, request.headers.authorization, {
    councilId: request.council.id,
    issuer: partnerIssuer(ctx.config, request),
  });
}

/**
 * Check a request against `access: { partnerScope }`: the principal, or the refusal (401 for
 * no or a bad token, 403 for a missing scope).
 */
export async function checkPartnerScope(ctx: PlatformContext, request: FastifyRequest, scope: string): Promise<PartnerCheck> {
  const check = await partnerPrincipalFromRequest(ctx, request);
  if (!check.ok) return check;
  const refusal = scopeRefusal(check.principal, scope);
  return refusal ? { ok: false, refusal } : check;
}

/** Answer a refused partner request: problem+json with the RFC 6750 WWW-Authenticate challenge. */
export function sendPartnerRefusal(reply: FastifyReply, refusal: PartnerRefusal): FastifyReply {
  return reply
    .code(refusal.status)
    .header('www-authenticate', bearerChallenge(refusal))
    .header('cache-control', 'no-store')
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: refusal.status === 403 ? 'Forbidden' : 'Unauthorized',
      status: refusal.status,
      detail: refusal.reason,
      error: refusal.error,
    });
}

/**
 * The identity block's `AccessProvider.partner` (src/platform/http/access.ts): the partner
 * principal of this request if its bearer token is for this council and holds `scope`, else
 * the status, the reason and the RFC 6750 challenge for the WWW-Authenticate header.
 */
export async function partnerAccess(
  ctx: PlatformContext,
  request: FastifyRequest,
  scope: string,
): Promise<{ ok: true; principal: PartnerPrincipal } | { ok: false; status: 401 | 403; reason: string; challenge: string }> {
  const check = await checkPartnerScope(ctx, request, scope);
  if (check.ok) return check;
  return { ok: false, status: check.refusal.status, reason: check.refusal.reason, challenge: bearerChallenge(check.refusal) };
}

const principals = new WeakMap<FastifyRequest, PartnerPrincipal>();

/** The platform's principal of the request when it is a partner (set by the access check). */
function platformPartner(request: FastifyRequest): PartnerPrincipal | undefined {
  const principal = (request as unknown as { principal?: { kind?: string } }).principal;
  return principal?.kind === 'partner' ? (principal as PartnerPrincipal) : undefined;
}

/** The partner principal the access check (or a `partnerScopeGuard`) accepted for this request. */
export function partnerOf(request: FastifyRequest): PartnerPrincipal | undefined {
  return platformPartner(request) ?? principals.get(request);
}

/** A preHandler that lets through only bearer tokens of this council holding `scope`. */
export function partnerScopeGuard(ctx: PlatformContext, scope: string) {
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // Already checked by the platform for the route's `access: { partnerScope }`: not twice.
    if (platformPartner(request)?.scopes.includes(scope)) return undefined;
    const check = await checkPartnerScope(ctx, request, scope);
    if (!check.ok) {
      request.log.info({ reason: check.refusal.reason }, 'partner request refused');
      return sendPartnerRefusal(reply, check.refusal);
    }
    principals.set(request, check.principal);
    return undefined;
  };
}
