import type { FastifyInstance } from 'fastify';
import { topLevelNeeds } from '../demo/taxonomy.js';
import { HTML } from './common.js';
import type { PlatformContext } from '../../../platform/block.js';
import { savedIds } from './my-list-store.js';
import { searchUrl } from './search-links.js';

/** The front page: the search box, and the needs people most often come with. */
export function registerHome(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/', HTML, async (request, reply) => {
    const { t, locale, basePath } = request;
    const needs = topLevelNeeds().map((n) => ({
      name: locale === 'cy' ? n.name_cy : n.name,
      href: searchUrl(basePath, { taxonomy_term: [n.id] }),
    }));
    const half = Math.ceil(needs.length / 2);
    return reply.page('directory-home.njk', {
      title: t('directory.home.title'),
      form: { values: { q: '', near: '' }, errors: {} },
      needColumns: [needs.slice(0, half), needs.slice(half)],
      listCount: (await savedIds(ctx, request, reply)).length,
    });
  });
}
