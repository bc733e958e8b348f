import type { FastifyRequest } from 'fastify';
import { councilBaseUrl, platformBaseUrl, type PublicAddressConfig } from '../../../platform/http/public-origin.js';

/**
 * The issuer of a council's partner tokens: `{public URL}/c/{slug}`, the same whichever address
 * (root on the council's host, or `/c/{slug}`) the token was asked for at. The public URL is
 * HEARTH_PUBLIC_URL (required in production; `http://localhost:{PORT}` in development), never
 * the request's Host.
 */
export function partnerIssuer(config: PublicAddressConfig, request: FastifyRequest): string {
  return `${platformBaseUrl(config)}/c/${request.council.slug}`;
}

/**
 * The audiences a client assertion may name (RFC 7523: the authorization server): the issuer,
 * the canonical token endpoint, and the token endpoint at the council's public address.
 */
export function assertionAudiences(config: PublicAddressConfig, request: FastifyRequest): string[] {
  const issuer = partnerIssuer(config, request);
  // From configuration (never the Host header), so an assertion made for another server cannot
  // be replayed here by sending that server's name.
  const here = councilBaseUrl(config, request);
  return [...new Set([issuer, `${issuer}/oauth/token`, `${here}/oauth/token`])];
}
