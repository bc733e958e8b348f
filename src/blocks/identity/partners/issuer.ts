import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../platform/config.js';

/**
 * The issuer of a council's partner tokens: `{public URL}/c/{slug}`, the same whichever address
 * (root on the council's host, or `/c/{slug}`) the token was asked for at. Set HEARTH_PUBLIC_URL
 * in production; without it the address is taken from the request (development and tests).
 */
export function partnerIssuer(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  return `${origin(config, request)}/c/${request.council.slug}`;
}

function origin(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * The audiences a client assertion may name (RFC 7523: the authorization server): the issuer,
 * the canonical token endpoint, and the token endpoint at the address the request came to.
 */
export function assertionAudiences(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string[] {
  const issuer = partnerIssuer(config, request);
  // The origin is HEARTH_PUBLIC_URL when set (never the Host header), so an assertion made
  // for another server cannot be replayed here by sending that server's name.
  const here = `${origin(config, request)}${request.basePath}`;
  return [...new Set([issuer, `${issuer}/oauth/token`, `${here}/oauth/token`])];
}
