import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { prefersJson } from '../../../../platform/site/accept.js';
import { needTerms, type NeedTerm } from '../../search/synonyms.js';
import { mappedTermsOf } from '../../taxonomy/external-terms.js';
import { taxonomyMappings, termUri } from '../../taxonomy/mappings.js';
import { NEEDS_PATH } from '../../taxonomy/recognise.js';
import { HTML, notFoundPage } from '../common.js';
import { searchUrl } from '../search-links.js';

/**
 * `/needs/{code}`: each term of Hearth's needs taxonomy at a stable public address on the
 * council's site, so the URI a listing carries for it resolves — a page for people, the ORUK
 * 3.0 taxonomy_term for programs (by the Accept header; `Vary: Accept`). The address is built
 * from configuration (public-origin.ts), never from the request's Host.
 */

export const TERM_PATH = NEEDS_PATH;

const TAXONOMY_NAME = 'Hearth needs';
const TAXONOMY_ID = '5b0e6c40-9a1f-4e2d-b3c4-000000000000';

const byCode = () => new Map(needTerms().map((t) => [t.code, t]));

/** A need term as an ORUK 3.0 taxonomy_term, its `term_uri` the page's own address. */
export function orukTerm(term: NeedTerm, termUri: string): Record<string, unknown> {
  return {
    id: term.id,
    name: term.name,
    description: term.description ?? term.name,
    parent_id: term.parent_id ?? null,
    taxonomy: TAXONOMY_NAME,
    taxonomy_id: TAXONOMY_ID,
    term_uri: termUri,
    term: term.code,
  };
}

/** The external terms mapped to a need, for the page: vocabulary, code, label, address, relation; and the sources they cite. */
function mappedRows(code: string): { rows: { vocabulary: string; code: string; label: string; uri: string; relation: string }[]; sources: string[] } {
  const mapped = mappedTermsOf(code);
  const sources = new Set<string>();
  const rows = mapped.map(({ vocabulary, entry }) => {
    const source = vocabulary.sources.find((s) => s.id === entry.source)!;
    sources.add(source.repository ? `${source.repository} (${source.path ?? ''}, ${source.read})` : `${source.url} (${source.read})`);
    return { vocabulary: vocabulary.name, code: entry.code, label: entry.label, uri: termUri(vocabulary, entry.code), relation: entry.relation };
  });
  return { rows, sources: [...sources] };
}

export function registerNeedTermPages(app: FastifyInstance, ctx: PlatformContext): void {
  // A mapping file that cannot be read stops the start here, named, rather than at a first request.
  taxonomyMappings();
  app.get(`${TERM_PATH}/:code`, HTML, async (request, reply) => {
    const { code } = request.params as { code: string };
    const terms = byCode();
    const term = terms.get(code);
    if (!term) return notFoundPage(request, reply);
    const uri = `${councilBaseUrl(ctx.config, request)}${TERM_PATH}/${term.code}`;
    reply.header('vary', 'Accept');
    if (prefersJson(request.headers.accept)) return reply.type('application/json; charset=utf-8').send(orukTerm(term, uri));
    const { locale, basePath } = request;
    const nameOf = (n: NeedTerm) => (locale === 'cy' && n.name_cy ? n.name_cy : n.name);
    const parent = term.parent_id ? needTerms().find((n) => n.id === term.parent_id) : undefined;
    return reply.page('directory-term.njk', {
      title: nameOf(term),
      otherName: locale === 'cy' ? term.name : term.name_cy,
      otherLang: locale === 'cy' ? 'en' : 'cy',
      description: term.description,
      uri,
      searchHref: searchUrl(basePath, { taxonomy_term: [term.id] }),
      parent: parent ? { name: nameOf(parent), href: `${basePath}${TERM_PATH}/${parent.code}` } : undefined,
      children: needTerms()
        .filter((n) => n.parent_id === term.id)
        .map((n) => ({ name: nameOf(n), href: `${basePath}${TERM_PATH}/${n.code}` })),
      mapped: mappedRows(term.code),
    });
  });
}
