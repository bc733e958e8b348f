import type { FastifyRequest } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import { councilBaseUrl, type PublicAddressConfig } from '../../../platform/http/public-origin.js';
import { needTermById } from '../search/synonyms.js';
import { EXTERNAL_TERM_NAMESPACE, orukExternalTerm, publishedTermsOf } from './external-terms.js';

/**
 * What Hearth publishes so that others recognise its needs: every Hearth need term carries its
 * own resolving address (`/needs/{code}` on the council's site, from configuration), and every
 * attribute tagging something with a need is joined by attributes tagging it with the external
 * terms the need is published as (mapped exactly or broadly: LGSL, the LGA's needs list, ...).
 * Applied to the ORUK documents as they are sent (feed, JSON export), never stored.
 */

/** Where each need term lives on a council's site: `{base}/{code}`. */
export const NEEDS_PATH = '/needs';

/** The address of the council's needs, for this request (its own host or `/c/{slug}`). */
export function needsBaseUrl(config: PublicAddressConfig, request: Pick<FastifyRequest, 'council' | 'basePath'>): string {
  return `${councilBaseUrl(config, request)}${NEEDS_PATH}`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A need term (by its id) with its resolving URI; any other term as it is. */
function recognisedTerm(term: Json, needsBase: string): Json {
  const need = typeof term.id === 'string' ? needTermById(term.id) : undefined;
  return need ? { ...term, term_uri: `${needsBase}/${need.code}` } : term;
}

/** The attributes with each need's published external terms added after them, once each. */
function withExternalAttributes(owner: Json, attributes: unknown[]): unknown[] {
  const out = [...attributes];
  const present = new Set<string>();
  for (const a of attributes) {
    const uri = isObject(a) && isObject(a.taxonomy_term) ? a.taxonomy_term.term_uri : undefined;
    if (typeof uri === 'string') present.add(uri);
  }
  for (const a of attributes) {
    if (!isObject(a) || !isObject(a.taxonomy_term) || typeof a.taxonomy_term.id !== 'string') continue;
    const need = needTermById(a.taxonomy_term.id);
    if (!need) continue;
    for (const mapped of publishedTermsOf(need.code)) {
      const term = orukExternalTerm(mapped);
      if (present.has(term.term_uri as string)) continue;
      present.add(term.term_uri as string);
      out.push({
        id: uuidv5(`${String(owner.id)} ${String(a.link_type ?? '')} ${String(term.id)}`, EXTERNAL_TERM_NAMESPACE),
        ...(a.link_type ? { link_type: a.link_type } : {}),
        taxonomy_term: term,
      });
    }
  }
  return out;
}

/**
 * An ORUK document (a service, a service at a location, a page of terms, a taxonomy with its
 * terms, a term...) with Hearth's need terms recognisable: each carries its `/needs/{code}`
 * URI, and each thing tagged with a need is tagged with the need's published external terms
 * too. A copy: the argument is not changed.
 */
export function withRecognisedTerms<T>(document: T, needsBase: string): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    let out: Json = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    if (typeof out.id === 'string' && typeof out.name === 'string' && needTermById(out.id)) out = recognisedTerm(out, needsBase);
    if (Array.isArray(out.attributes)) out.attributes = withExternalAttributes(out, out.attributes);
    return out;
  };
  return visit(document) as T;
}
