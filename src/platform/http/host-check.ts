import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { hostName, type CouncilDirectory } from '../councils.js';
import { HttpProblem } from './problem.js';

/**
 * Probes that a load balancer or an orchestrator sends to the machine's own address (whatever
 * Host it names): they answer nothing that depends on the host.
 */
const ANY_HOST = new Set(['/healthz', '/readyz', '/metrics']);

/** Whether requests must name a host Hearth was given: in production, and whenever HEARTH_PUBLIC_URL is set. */
export const hostsAreChecked = (config: Pick<Config, 'production' | 'publicUrl'>) => config.production || Boolean(config.publicUrl);

/** HEARTH_PUBLIC_URL's host name, which serves the default council (and `/c/{slug}` for any). */
export const publicHostName = (config: Pick<Config, 'publicUrl'>) => (config.publicUrl ? hostName(new URL(config.publicUrl).host) : undefined);

/**
 * Refuse, with 421 Misdirected Request, a request for a host no council claims and that is not
 * HEARTH_PUBLIC_URL's: serving it as the default council would let anyone put Hearth's pages
 * (and whatever they link to) under a name of their choosing. In development without
 * HEARTH_PUBLIC_URL every host still reaches the default council (localhost, 127.0.0.1, a
 * machine's name on the local network).
 */
export function registerHostCheck(app: FastifyInstance, config: Pick<Config, 'production' | 'publicUrl'>, councils: CouncilDirectory): void {
  if (!hostsAreChecked(config)) return;
  const publicHost = publicHostName(config);
  app.addHook('onRequest', async (request) => {
    if (ANY_HOST.has(request.url.split('?')[0])) return;
    const name = hostName(request.hostname);
    if (name && (name === publicHost || (await councils.forHost(name, { strict: true })))) return;
    request.log.info({ reason: 'host' }, 'refused: a host name no council claims');
    throw new HttpProblem(421, 'Misdirected request', 'This server does not answer for that host name. Check the address.');
  });
}
