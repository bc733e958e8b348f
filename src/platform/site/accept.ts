/**
 * Whether a request wants a page or data, from its Accept header. Hand-written because no
 * dependency of Hearth negotiates media types (`@fastify/accept-negotiator`, which Fastify's
 * plugins use, matches single tokens such as encodings), and only this one question is asked.
 */

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const isJsonType = (type: string) => type === 'application/json' || type.endsWith('+json');

/** The highest quality the header gives any of the types `matches` accepts (wildcards count for neither). */
function quality(accept: string, matches: (type: string) => boolean): number {
  let best = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (!type || !matches(type)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    if (Number.isFinite(value) && value > best) best = Math.min(1, value);
  }
  return best;
}

export interface AcceptPreference {
  html: number;
  json: number;
}

export function acceptPreference(accept: string | undefined): AcceptPreference {
  const header = accept ?? '';
  return { html: quality(header, (t) => HTML_TYPES.has(t)), json: quality(header, isJsonType) };
}

/** A browser: names HTML, and likes it at least as much as JSON. */
export function prefersHtml(accept: string | undefined): boolean {
  const { html, json } = acceptPreference(accept);
  return html > 0 && html >= json;
}

/** A program asking for JSON (or problem+json) over HTML. */
export function prefersJson(accept: string | undefined): boolean {
  const { html, json } = acceptPreference(accept);
  return json > 0 && json > html;
}
