import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Compress responses (Brotli or gzip, as the browser accepts): GOV.UK Frontend's stylesheet
 * alone is about 136 KB as written and 16 KB compressed, which is most of the difference between
 * a page that loads on a poor mobile connection and one that does not.
 *
 * Register it before any route, static files included: the plugin hooks into each route as
 * the route is added, so routes added earlier are sent uncompressed.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Quality 11 (the default) costs tens of milliseconds per page for a few per cent;
    // 5 is close in size and fast enough to run on every response.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
}
