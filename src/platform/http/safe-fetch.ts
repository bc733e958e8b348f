import { lookup as systemLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one way Hearth fetches an address that someone outside the server gave it (a partner's
 * JWKS, later federated ORUK feeds and webhooks): a server-side request forgery guard.
 *
 * - https only, no credentials in the URL;
 * - every address the host name resolves to is checked when the socket connects (a `lookup`
 *   given to node:https), so a name that answers a public address to one question and a
 *   private one to the next (DNS rebinding) cannot slip between a check and the connection.
 *   Only public unicast addresses pass: loopback, private, link-local, CGNAT, multicast,
 *   unique-local, IPv4-mapped and unspecified addresses (and the other special ranges
 *   ipaddr.js knows) are refused;
 * - redirects are not followed unless the caller allows some (at most 3), each through the same checks;
 * - the body is cut when it passes `maxBytes`, while it streams in (nothing larger is held);
 * - one time limit covers resolving, connecting, TLS, headers and body;
 * - every failure is a `SafeFetchError`, whose `kind` is for logs: callers answer their own
 *   clients with one message, so a response never tells which hosts or ports answer.
 */

export type SafeFetchErrorKind = 'url' | 'address' | 'connect' | 'redirect' | 'status' | 'too_large' | 'timeout';

export class SafeFetchError extends Error {
  constructor(
    readonly kind: SafeFetchErrorKind,
    message: string,
    readonly status?: number,
    /** For a 'status' failure: the answer's headers (a 429's or 503's Retry-After). */
    readonly headers?: IncomingHttpHeaders,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchRequest {
  /** The most body bytes to accept; beyond it the connection is closed (too_large). */
  maxBytes: number;
  /** The time limit for the whole exchange, in milliseconds (default 5 s). */
  timeoutMs?: number;
  /** How many redirects to follow, each through the same checks (default 0, at most 3). */
  maxRedirects?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SafeResponse {
  /** The address that answered (after any redirects). */
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SafeFetchGuardOptions {
  /**
   * Tests only, never from configuration: host names (as in the URL, e.g. `127.0.0.1`) whose
   * loopback addresses may be reached, so a test can serve a JWKS on this machine. Private
   * and other special addresses stay refused even for these names.
   */
  allowLoopbackHosts?: string[];
  /** Tests only: certificate authorities to trust besides the system's (a test server's self-signed certificate). */
  ca?: string | Buffer;
  /** Tests only: how a host name is resolved (default: the system resolver). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const MAX_REDIRECTS = 3;

/** Why an address may not be fetched (its special range), or undefined for a public unicast address. */
export function forbiddenRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return 'unparsable';
  const range = ipaddr.parse(bare).range();
  return range === 'unicast' ? undefined : range;
}

/**
 * Whether an address given to Hearth plainly names this machine or a private network
 * (`localhost`, a private or loopback IP address): refused when given. A name that resolves to
 * such an address is refused when it is fetched (every address is checked as it connects).
 */
export function plainlyPrivateHost(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && forbiddenRange(host) !== undefined);
}

/** The URL if Hearth may try to fetch it (https, no user name or password), else why not. */
export function checkFetchUrl(value: string | URL): URL | SafeFetchError {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return new SafeFetchError('url', 'not a URL');
  }
  if (url.protocol !== 'https:') return new SafeFetchError('url', 'only https addresses are fetched');
  if (url.username || url.password) return new SafeFetchError('url', 'the address must not carry a user name or password');
  return url;
}

const systemResolve = (hostname: string) =>
  new Promise<LookupAddress[]>((resolve, reject) => systemLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class SafeFetcher {
  private readonly loopbackHosts: Set<string>;
  private readonly resolve: (hostname: string) => Promise<LookupAddress[]>;

  constructor(private readonly options: SafeFetchGuardOptions = {}) {
    this.loopbackHosts = new Set((options.allowLoopbackHosts ?? []).map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
    this.resolve = options.resolve ?? systemResolve;
  }

  /** Fetch `url` under every check; the whole answer, or a SafeFetchError. */
  async fetch(url: string | URL, request: SafeFetchRequest): Promise<SafeResponse> {
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const redirects = Math.min(Math.max(request.maxRedirects ?? 0, 0), MAX_REDIRECTS);
    const deadline = Date.now() + timeoutMs;
    let target = checkFetchUrl(url);
    for (let hop = 0; ; hop++) {
      if (target instanceof SafeFetchError) throw target;
      const answer = await this.once(target, request, deadline - Date.now());
      if (answer.status >= 300 && answer.status < 400) {
        const location = answer.headers.location;
        if (!location || hop >= redirects) throw new SafeFetchError('redirect', `redirected (${answer.status}) and redirects are not followed here`, answer.status);
        target = checkFetchUrl(new URL(location, target));
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) throw new SafeFetchError('status', `answered ${answer.status}`, answer.status, answer.headers);
      return answer;
    }
  }

  /** Why an address reached through `hostname` is refused, or undefined. */
  private refusal(hostname: string, address: string): string | undefined {
    const range = forbiddenRange(address);
    if (range === undefined) return undefined;
    if (range === 'loopback' && this.loopbackHosts.has(hostname.toLowerCase())) return undefined;
    return range;
  }

  /** The resolver node:https calls when the socket connects: every answer checked, none skipped. */
  private lookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    this.resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        if (addresses.length === 0) return callback(new SafeFetchError('connect', `${hostname} has no address`), '');
        for (const { address } of found) {
          const range = this.refusal(hostname, address);
          if (range) return callback(new SafeFetchError('address', `${hostname} resolves to a ${range} address`), '');
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
      () => callback(new SafeFetchError('connect', `${hostname} could not be resolved`), ''),
    );
  }

  private once(url: URL, request: SafeFetchRequest, remainingMs: number): Promise<SafeResponse> {
    if (remainingMs <= 0) return Promise.reject(new SafeFetchError('timeout', 'the time limit passed'));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Node connects to an IP address without calling `lookup`: check it here instead.
    if (isIP(host)) {
      const range = this.refusal(host, host);
      if (range) return Promise.reject(new SafeFetchError('address', `${host} is a ${range} address`));
    }
    return new Promise<SafeResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error instanceof SafeFetchError ? error : new SafeFetchError('connect', `could not fetch: ${(error as Error)?.message ?? error}`));
      };
      const req = httpsRequest(
        url,
        {
          method: request.method ?? 'GET',
          headers: { 'accept-encoding': 'identity', ...request.headers },
          agent: false,
          lookup: this.lookup.bind(this) as never,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        },
        (res: IncomingMessage) => {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > request.maxBytes) {
            return fail(new SafeFetchError('too_large', `the answer declares ${declared} bytes; at most ${request.maxBytes} are read`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > request.maxBytes) return fail(new SafeFetchError('too_large', `the answer is longer than ${request.maxBytes} bytes`));
            chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('aborted', () => fail(new SafeFetchError('connect', 'the connection closed before the answer ended')));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) });
          });
        },
      );
      const timer = setTimeout(() => fail(new SafeFetchError('timeout', 'the time limit passed')), remainingMs);
      req.on('error', fail);
      req.end(request.body);
    });
  }
}

/** The guard with no exceptions: what production code uses. */
export const safeFetcher = new SafeFetcher();
