import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import type { Council, CouncilDirectory } from '../councils.js';
import type { Translate } from '../web/i18n.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line: what the operation does (OpenAPI `summary`). */
    summary?: string;
    /** Longer explanation (OpenAPI `description`). */
    description?: string;
    /** Groups operations in the OpenAPI document and on /api/docs. */
    tags?: readonly string[];
    /** Left out of the OpenAPI document (e.g. the `/c/{slug}` twin of a council route). */
    hide?: boolean;
    operationId?: string;
  }
}

type JsonSchema = Record<string, unknown>;

/** The routes are registered twice; the `/c/:council` twin is hidden and documented as a server. */
const COUNCIL_PREFIX = '/c/:council';
const DOCUMENTED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface OpenApiOptions {
  /** HEARTH_PUBLIC_URL: the absolute base of every URL in the document; else the request's own origin. */
  publicUrl?: string;
  /** Councils, for the `/c/{council}` server variable and the layout of /api/docs. */
  councils?: CouncilDirectory;
  title?: string;
  version?: string;
  description?: string;
}

interface CollectedRoute {
  method: string;
  path: string;
  schema: FastifySchema;
}

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; license?: { name: string; identifier?: string } };
  servers: { url: string; description?: string; variables?: Record<string, { default: string; enum?: string[]; description?: string }> }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema> };
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'An RFC 9457 problem details document.',
  required: ['title', 'status'],
  properties: {
    type: { type: 'string', description: 'Always `about:blank`: the status code says what kind of problem it is.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path that was asked for.' },
    invalid_params: {
      type: 'array',
      description: 'Each bad parameter or field, and why it was refused.',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

const packageVersion = (() => {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    return (JSON.parse(readFileSync(join(here, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** `/oruk/services/:id` → `/oruk/services/{id}` (a regular-expression constraint on a parameter is dropped). */
export function toOpenApiPath(url: string): string {
  return url.replace(/:(\w+)(\([^)]*\))?/g, '{$1}');
}

/** A deep copy as plain JSON: TypeBox's symbol keys go, and `$id`s (which would clash once inlined twice) are dropped. */
function plain(schema: unknown, refs: Map<string, string>): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) => {
      if (key === '$id') return undefined;
      if (key === '$ref' && typeof value === 'string') return refs.get(value.replace(/#$/, '')) ?? value;
      return value;
    }),
  ) as JsonSchema;
}

function defaultResponseDescription(code: string): string {
  if (code.startsWith('2')) return 'Success.';
  if (code === '400') return 'A parameter is missing or not valid: each one is named in `invalid_params`.';
  if (code === '404') return 'There is no such thing (or no such council).';
  return 'A problem.';
}

function operationIdFor(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `by_${part.slice(1, -1)}` : part.replace(/[^A-Za-z0-9]+/g, '_')));
  return [method.toLowerCase(), ...words].join('_') || method.toLowerCase();
}

function parametersFrom(schema: unknown, location: OpenApiParameter['in'], refs: Map<string, string>): OpenApiParameter[] {
  if (!schema || typeof schema !== 'object') return [];
  const object = plain(schema, refs);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function responsesFrom(response: unknown, refs: Map<string, string>): OpenApiOperation['responses'] {
  const responses: OpenApiOperation['responses'] = {};
  for (const [code, value] of Object.entries((response ?? {}) as Record<string, JsonSchema>)) {
    const key = code.toUpperCase();
    const given = value as JsonSchema & { content?: Record<string, { schema?: unknown }> };
    const description = typeof given.description === 'string' ? given.description : defaultResponseDescription(key);
    if (given.content && typeof given.content === 'object') {
      const content: Record<string, { schema: JsonSchema }> = {};
      for (const [type, media] of Object.entries(given.content)) content[type] = { schema: plain(media?.schema ?? {}, refs) };
      responses[key] = { description, content };
    } else {
      const type = /^[45]/.test(key) ? 'application/problem+json' : 'application/json';
      responses[key] = { description, content: { [type]: { schema: plain(given, refs) } } };
    }
  }
  return responses;
}

/** The part of the document that does not depend on the request (built once, after every route is known). */
export function buildOpenApiDocument(
  routes: CollectedRoute[],
  councilPaths: Set<string>,
  shared: Record<string, unknown>,
  info: OpenApiDocument['info'],
): OpenApiDocument {
  const refs = new Map<string, string>();
  const components: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  for (const id of Object.keys(shared)) {
    const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
    refs.set(id, `#/components/schemas/${name}`);
  }
  for (const [id, schema] of Object.entries(shared)) components[id.replace(/[^A-Za-z0-9._-]/g, '_')] = plain(schema, refs);
  const problemRef = { $ref: '#/components/schemas/Problem' };

  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];
  const usedIds = new Set<string>();
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || DOCUMENTED_METHODS.indexOf(a.method) - DOCUMENTED_METHODS.indexOf(b.method));
  for (const route of sorted) {
    const { schema } = route;
    const parameters = [
      ...parametersFrom(schema.params, 'path', refs),
      ...parametersFrom((schema as { querystring?: unknown }).querystring ?? (schema as { query?: unknown }).query, 'query', refs),
      ...parametersFrom(schema.headers, 'header', refs),
    ];
    // A path parameter the schema does not describe is still a parameter.
    for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
      if (!parameters.some((p) => p.in === 'path' && p.name === match[1])) parameters.unshift({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    const responses = responsesFrom(schema.response, refs);
    if (!Object.keys(responses).some((code) => code.startsWith('2'))) responses['200'] = { description: 'Success.' };
    const problem = { content: { 'application/problem+json': { schema: problemRef as JsonSchema } } };
    if (parameters.length && !responses['400']) responses['400'] = { description: defaultResponseDescription('400'), ...problem };
    if ((route.path.includes('{') || councilPaths.has(route.path)) && !responses['404']) responses['404'] = { description: defaultResponseDescription('404'), ...problem };

    let operationId = schema.operationId ?? operationIdFor(route.method, route.path);
    while (usedIds.has(operationId)) operationId += '_';
    usedIds.add(operationId);
    for (const tag of schema.tags ?? []) if (!tags.includes(tag)) tags.push(tag);
    const operation: OpenApiOperation = {
      operationId,
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags?.length ? { tags: [...schema.tags] } : {}),
      ...(parameters.length ? { parameters } : {}),
      responses,
    };
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [],
    ...(tags.length ? { tags: tags.map((name) => ({ name })) } : {}),
    paths,
    components: { schemas: components },
  };
}

/** The request's own origin, or the configured public URL. */
export function publicOrigin(request: FastifyRequest, publicUrl?: string): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * The OpenAPI 3.1 description of every route that has a schema, generated from the very
 * schemas Fastify validates requests with (collected by an `onRoute` hook), served at
 * `/api/openapi.json`, and rendered as a readable page at `/api/docs`.
 *
 * Call it BEFORE any block's routes are registered: the hook sees only routes added after it.
 */
export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions = {}): Promise<void> {
  const routes: CollectedRoute[] = [];
  const councilPaths = new Set<string>();

  app.addHook('onRoute', (route) => {
    const schema = route.schema as FastifySchema | undefined;
    if (!schema) return;
    const url = route.url ?? route.path;
    if (schema.hide) {
      if (url.startsWith(`${COUNCIL_PREFIX}/`)) councilPaths.add(toOpenApiPath(url.slice(COUNCIL_PREFIX.length)));
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (DOCUMENTED_METHODS.includes(method.toUpperCase())) routes.push({ method: method.toUpperCase(), path: toOpenApiPath(url), schema });
    }
  });

  let core: OpenApiDocument | undefined;
  const coreDocument = (): OpenApiDocument =>
    (core ??= buildOpenApiDocument(routes, councilPaths, app.getSchemas(), {
      title: options.title ?? 'Hearth API',
      version: options.version ?? packageVersion,
      description:
        options.description ??
        'Open APIs of Hearth, an open-source platform for UK councils. No key is needed. Errors are RFC 9457 problem+json documents naming each bad parameter.',
      license: { name: 'MIT', identifier: 'MIT' },
    }));

  const serialised = new Map<string, string>();

  async function documentFor(request: FastifyRequest): Promise<OpenApiDocument> {
    const base = coreDocument();
    const origin = publicOrigin(request, options.publicUrl);
    const councils = (await options.councils?.all()) ?? [];
    const fallback = councils.find((c) => c.isDefault) ?? councils[0];
    const councilServers: OpenApiDocument['servers'] = [
      { url: origin, description: 'The council of this host name (or the default council).' },
      {
        url: `${origin}/c/{council}`,
        description: 'A named council.',
        variables: {
          council: {
            default: fallback?.slug ?? 'council',
            ...(councils.length ? { enum: councils.map((c) => c.slug) } : {}),
            description: "The council's slug.",
          },
        },
      },
    ];
    const paths: OpenApiDocument['paths'] = {};
    for (const [path, item] of Object.entries(base.paths)) paths[path] = councilPaths.has(path) ? { servers: councilServers, ...item } : item;
    return { ...base, servers: [{ url: origin }], paths };
  }

  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The OpenAPI 3.1 description of this API',
        description: 'This document. It is generated from the schemas that validate each request, so it cannot drift from what the server accepts.',
        tags: ['API description'],
        response: { 200: { description: 'An OpenAPI 3.1 document.', type: 'object', additionalProperties: true } },
      },
    },
    async (request, reply) => {
      const document = await documentFor(request);
      // The text differs only by origin and the councils' slugs: keep the last few.
      const key = JSON.stringify([document.servers, Object.values(document.paths).find((item) => 'servers' in item)?.servers]);
      let text = serialised.get(key);
      if (text === undefined) {
        if (serialised.size >= 16) serialised.clear();
        serialised.set(key, (text = JSON.stringify(document)));
      }
      return reply
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'public, max-age=300')
        .type('application/json; charset=utf-8')
        .send(text);
    },
  );

  app.get(
    '/api/docs',
    {
      schema: {
        summary: 'A readable reference to this API',
        description: 'Every operation of the OpenAPI document, with its parameters and responses, as a web page.',
        tags: ['API description'],
        response: { 200: { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } },
      },
      config: { html: true, access: 'public' },
    },
    async (request, reply) => {
      const document = await documentFor(request);
      const council = (await options.councils?.forHost(request.hostname)) ?? placeholderCouncil(document.info.title);
      request.council ??= council;
      const operations = docsOperations(document, request.t);
      const tags = [...new Set(operations.flatMap((o) => o.tags))];
      return reply.page('api-docs.njk', {
        title: request.t('api.docs.title'),
        council,
        basePath: '',
        footerHtml: '',
        info: document.info,
        jsonUrl: '/api/openapi.json',
        groups: tags.map((tag) => ({ tag, id: slug(tag), operations: operations.filter((o) => o.tags.includes(tag)) })),
      });
    },
  );
}

function placeholderCouncil(name: string): Council {
  return { id: '', slug: '', name, hosts: [], isDefault: false, colourPrimary: '#1d70b8' };
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export interface DocsParameter {
  name: string;
  in: string;
  type: string;
  constraints: string[];
  required: boolean;
  description?: DocsText[];
}

/** A run of description text, `code` when it was between backticks. */
export interface DocsText {
  text: string;
  code: boolean;
}

export interface DocsOperation {
  id: string;
  method: string;
  path: string;
  tags: string[];
  summary?: string;
  /** Paragraphs. */
  description: DocsText[][];
  parameters: DocsParameter[];
  responses: { code: string; description: DocsText[]; mediaType?: string }[];
  /** Also served under `/c/{council}`. */
  councilScoped: boolean;
  /** A link to try a GET that needs no path parameter. */
  tryUrl?: string;
}

function typeOf(schema: JsonSchema, t: Translate): string {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    if (alternatives.every((a) => 'const' in a)) return typeOf({ type: typeof alternatives[0].const }, t);
    return [...new Set(alternatives.map((a) => typeOf(a, t)))].join(t('api.docs.or'));
  }
  const type = Array.isArray(schema.type) ? schema.type.join(t('api.docs.or')) : String(schema.type ?? t('api.docs.any'));
  if (type === 'array' && schema.items) return t('api.docs.array_of', { type: typeOf(schema.items as JsonSchema, t) });
  return schema.format ? `${type} (${String(schema.format)})` : type;
}

function constraintsOf(schema: JsonSchema, t: Translate): string[] {
  const out: string[] = [];
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const values = Array.isArray(schema.enum) ? schema.enum : alternatives?.every((a) => 'const' in a) ? alternatives.map((a) => a.const) : undefined;
  if (values) out.push(t('api.docs.one_of', { values: values.map(String).join(', ') }));
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') out.push(t('api.docs.between', { min: schema.minimum, max: schema.maximum }));
  else if (typeof schema.minimum === 'number') out.push(t('api.docs.minimum', { min: schema.minimum }));
  else if (typeof schema.maximum === 'number') out.push(t('api.docs.maximum', { max: schema.maximum }));
  if (typeof schema.exclusiveMinimum === 'number') out.push(t('api.docs.more_than', { min: schema.exclusiveMinimum }));
  if (typeof schema.exclusiveMaximum === 'number') out.push(t('api.docs.less_than', { max: schema.exclusiveMaximum }));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push(t('api.docs.min_length', { min: schema.minLength }));
  if (typeof schema.maxLength === 'number') out.push(t('api.docs.max_length', { max: schema.maxLength }));
  // A long pattern (say, every spelling of a weekday) says less than the description does.
  if (typeof schema.pattern === 'string') out.push(schema.pattern.length <= 60 ? t('api.docs.pattern', { pattern: schema.pattern }) : t('api.docs.pattern_long'));
  if (schema.default !== undefined) out.push(t('api.docs.default', { value: JSON.stringify(schema.default) }));
  return out;
}

/** Text with `code` spans marked, for the page to set in <code>. */
function codeSpans(text: string): DocsText[] {
  return text.split('`').map((part, i) => ({ text: part, code: i % 2 === 1 })).filter((part) => part.text !== '');
}

/** The operations of a document as the reference page shows them. */
export function docsOperations(document: OpenApiDocument, t: Translate): DocsOperation[] {
  const operations: DocsOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!DOCUMENTED_METHODS.includes(method.toUpperCase())) continue;
      const operation = value as OpenApiOperation;
      const parameters = (operation.parameters ?? []).map((p) => ({
        name: p.name,
        in: t(`api.docs.in_${p.in}`),
        type: typeOf(p.schema, t),
        constraints: constraintsOf(p.schema, t),
        required: p.required,
        ...(p.description === undefined ? {} : { description: codeSpans(p.description) }),
      }));
      const description = operation.description ?? '';
      const json = Object.entries(operation.responses).some(([code, r]) => code.startsWith('2') && r.content?.['application/json']);
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        tags: operation.tags?.length ? operation.tags : [t('api.docs.untagged')],
        summary: operation.summary,
        description: description.split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean).map(codeSpans),
        parameters,
        responses: Object.entries(operation.responses).map(([code, r]) => ({ code, description: codeSpans(r.description), mediaType: Object.keys(r.content ?? {})[0] })),
        // Said once: the description may already name the /c/{council} address.
        councilScoped: 'servers' in item && !description.includes('/c/{council}'),
        ...(method === 'get' && json && !path.includes('{') ? { tryUrl: path } : {}),
      });
    }
  }
  return operations;
}
