import autocannon from 'autocannon';
import { summarise, type LatencySummary } from './percentiles.js';

/**
 * Drive `paths` (picked round-robin) on a server over loopback with autocannon for
 * `seconds`, recording every response time so the p95 is exact (autocannon's own summary
 * has no p95). Bounded: it stops by itself after `seconds`. `headers` go with every request
 * (a session cookie, a bearer token).
 */
export async function load(baseUrl: string, paths: string[], connections: number, seconds: number, headers: Record<string, string> = {}): Promise<LatencySummary> {
  const latencies: number[] = [];
  let next = 0;
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length], headers: { ...req.headers, ...headers } }),
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  return summarise(latencies, seconds, result.errors + result.timeouts, result.non2xx);
}
