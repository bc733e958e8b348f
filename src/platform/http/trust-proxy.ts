import ipaddr from 'ipaddr.js';
import type { Config } from '../config.js';

/** The ranges behind proxy-addr's names (as Fastify's trustProxy reads them). */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function toRange(entry: string): Range {
  if (entry.includes('/')) return ipaddr.parseCIDR(entry);
  const address = ipaddr.parse(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as Node gives dual-stack peers) as IPv4. */
function normalised(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/**
 * Whether the peer that connected (the socket's address) is a proxy HEARTH_TRUST_PROXY names,
 * so that what it says about the client (X-Request-Id here; Fastify reads X-Forwarded-* with
 * the same setting) may be believed. Fastify's own `trustProxy` decides the client's address,
 * protocol and host; this answers the same question for the first hop, where Fastify gives
 * no answer before the request object exists.
 */
export function peerIsTrustedProxy(trust: Config['trustProxy'], remoteAddress: string | undefined): boolean {
  if (trust === false) return false;
  if (typeof trust === 'number') return trust > 0;
  const peer = normalised(remoteAddress ?? '');
  if (!peer) return false;
  return trust
    .flatMap((entry) => NAMED[entry] ?? [entry])
    .map(toRange)
    .some(([range, bits]) => range.kind() === peer.kind() && peer.match(range, bits));
}

/** The setting as Fastify's `trustProxy` takes it (a hop count as the function Fastify would make of it). */
export function fastifyTrustProxy(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}
