import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Council } from '../councils.js';

/**
 * Where Hearth is, for every absolute address it gives out: links in messages (sign-in links,
 * invitations), feeds, the OpenAPI `servers`, token issuers and audiences, OIDC redirect URIs.
 * Only configuration decides it, never the request: a Host or X-Forwarded-Host header is
 * whatever the sender typed, and a sign-in link built from one mails a live token to the
 * sender's site ("reset-link poisoning").
 *
 * A council's public origin is, in order: its own configured host name (https); else
 * HEARTH_PUBLIC_URL; else, outside production only, `http://localhost:{PORT}`. (readConfig
 * refuses production without HEARTH_PUBLIC_URL.)
 */
export type PublicAddressConfig = Pick<Config, 'publicUrl' | 'production' | 'port'>;

/** `localhost` and `*.localhost` reach this machine (RFC 6761): no certificate, so plain http on PORT. */
const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** The origin of a council host name: https, except loopback names outside production (the demo's `ashdown.localhost`). */
export function hostOrigin(config: PublicAddressConfig, host: string): string {
  return !config.production && isLoopbackName(host) ? `http://${host}:${config.port}` : `https://${host}`;
}

/** HEARTH_PUBLIC_URL (which may carry a path), or the development fallback. */
export function platformBaseUrl(config: PublicAddressConfig): string {
  if (config.publicUrl) return config.publicUrl;
  if (config.production) throw new Error('HEARTH_PUBLIC_URL must be set in production');
  return `http://localhost:${config.port}`;
}

/** The origin (scheme, host, port) of HEARTH_PUBLIC_URL or its development fallback. */
export function platformOrigin(config: PublicAddressConfig): string {
  return new URL(platformBaseUrl(config)).origin;
}

/** A council's public origin: its own host name when it has one, else the platform's address. */
export function publicOrigin(config: PublicAddressConfig, council?: Pick<Council, 'hosts'>): string {
  const host = council?.hosts[0];
  return host ? hostOrigin(config, host) : platformBaseUrl(config);
}

/**
 * The absolute address of the council's pages for this request, to which a page path is
 * appended (`${councilBaseUrl(config, request)}/sign-in/link?token=…`): the root of the
 * council's own host, or the platform's address with the request's base path (`/c/{slug}`
 * when the council was reached by path; '' for the council HEARTH_PUBLIC_URL's host serves).
 */
export function councilBaseUrl(config: PublicAddressConfig, request: Pick<FastifyRequest, 'council' | 'basePath'>): string {
  return councilAddress(config, request.council, request.basePath);
}

/**
 * The same for a message sent outside any request (a reminder from a scheduled job): the
 * council's own host, else the council by path (`/c/{slug}`) on the platform's address.
 */
export function councilAddress(config: PublicAddressConfig, council: Pick<Council, 'hosts' | 'slug'>, basePath = `/c/${council.slug}`): string {
  const host = council?.hosts[0];
  if (!host) return `${platformBaseUrl(config)}${basePath}`;
  // Not every browser resolves `*.localhost` (the demo's council hosts): in development a link
  // names the council by path on the platform's address, which every browser reaches.
  if (!config.production && isLoopbackName(host)) return `${platformBaseUrl(config)}/c/${council.slug}`;
  return hostOrigin(config, host);
}

/**
 * The origins a browser may be on when it posts one of this council's forms: each of the
 * council's host names and the platform's address (where `/c/{slug}` serves every council).
 */
export function allowedOrigins(config: PublicAddressConfig, council?: Pick<Council, 'hosts'>): string[] {
  return [...new Set([...(council?.hosts ?? []).map((h) => hostOrigin(config, h)), platformOrigin(config)])];
}
