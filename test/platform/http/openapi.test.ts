import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  IdParamsSchema,
  ServiceAtLocationsQuerySchema,
  ServicesQuerySchema,
  TaxonomiesQuerySchema,
  TaxonomyTermsQuerySchema,
} from '../../../src/blocks/directory/api/oruk-feed.js';
import { SearchQuerySchema } from '../../../src/blocks/directory/search/params.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { routesOf } from '../../../src/platform/http/access.js';
import { EXPLORER_PATH, toOpenApiPath } from '../../../src/platform/http/openapi.js';
import { openApi31Problems } from './openapi-31.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { browserSkip, launchChromium } from '../../support/chromium.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is JSON */
type Json = any;

const ORUK_PATHS = [
  '/oruk/',
  '/oruk/services',
  '/oruk/services/{id}',
  '/oruk/service_at_locations',
  '/oruk/service_at_locations/{id}',
  '/oruk/taxonomies',
  '/oruk/taxonomies/{id}',
  '/oruk/taxonomy_terms',
  '/oruk/taxonomy_terms/{id}',
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** What a schema object says, as JSON (TypeBox's symbol keys dropped). */
const plain = (schema: unknown): Json => JSON.parse(JSON.stringify(schema));

/** The parameters a route's TypeBox object schema declares, as the document should give them. */
function expectedParameters(schema: unknown, location: 'query' | 'path'): Json[] {
  const object = plain(schema);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties as Record<string, Json>).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: location, required: location === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function resolvesIn(document: Json, ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node = document;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) return false;
  }
  return true;
}

function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else collectRefs(v, found);
    }
  }
  return found;
}

describe('the OpenAPI 3.1 document at /api/openapi.json', () => {
  let hearth: TestHearth;
  let document: Json;

  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Borough Council' });
    await hearth.councils.reload();
    const res = await hearth.app.inject('/api/openapi.json');
    assert.equal(res.statusCode, 200, 'registerOpenApi must be called in createHttpServer before the blocks register their routes');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    document = res.json();
  });
  after(() => hearth?.stop());

  it('is OpenAPI 3.1 with info and a server', () => {
    assert.ok(String(document.openapi).startsWith('3.1'), document.openapi);
    assert.equal(typeof document.info.title, 'string');
    assert.equal(typeof document.info.version, 'string');
    // Without HEARTH_PUBLIC_URL the address is relative: wherever the document was fetched from.
    assert.equal(document.servers[0].url, '/');
  });

  it('is a valid OpenAPI 3.1 document (structure, references, security, and every schema a JSON Schema 2020-12)', () => {
    assert.deepEqual(openApi31Problems(document), []);
  });

  it('never takes an address from the request: forged Host and X-Forwarded-Host change nothing', async () => {
    const forged = await hearth.app.inject({ url: '/api/openapi.json', headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    assert.ok(!forged.body.includes('evil.example'), 'the forged host is not in the document');
    assert.deepEqual(forged.json().servers, document.servers);
  });

  it('declares the partner security schemes, on exactly the routes that take a partner token', () => {
    const schemes = document.components.securitySchemes;
    assert.equal(schemes.partnerOAuth.type, 'oauth2');
    assert.equal(schemes.partnerOAuth.flows.clientCredentials.tokenUrl, '/oauth/token');
    assert.ok(schemes.partnerOAuth.flows.clientCredentials.scopes['partner.read'], 'the scopes routes ask for are listed');
    assert.deepEqual({ type: schemes.partnerBearer.type, scheme: schemes.partnerBearer.scheme }, { type: 'http', scheme: 'bearer' });
    const whoami = document.paths['/api/partner/whoami'].get;
    assert.deepEqual(whoami.security, [{ partnerOAuth: ['partner.read'] }, { partnerBearer: [] }]);
    assert.equal(whoami.responses['401'].content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
    assert.ok(whoami.responses['403']);
    assert.equal(document.security, undefined, 'the directory APIs need no token');
    // Exactly the routes whose access is a partner scope declare it, each with that scope.
    const partnerRoutes = new Map<string, string>();
    for (const route of routesOf(hearth.app)) {
      const access = route.config?.access;
      if (typeof access !== 'object' || !('partnerScope' in access)) continue;
      // HEAD answers are Fastify's own copies of GET routes, not in the document.
      // (and the /c/{council} copies of council routes are described once, at the root).
      if (route.url.startsWith('/c/:council')) continue;
      for (const method of [route.method].flat()) if (method !== 'HEAD') partnerRoutes.set(`${method.toLowerCase()} ${toOpenApiPath(route.url)}`, access.partnerScope);
    }
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const method of METHODS) {
        const scope = partnerRoutes.get(`${method} ${path}`);
        if (scope) assert.deepEqual(item[method]?.security, [{ partnerOAuth: [scope] }, { partnerBearer: [] }], `${method} ${path} takes a partner token with ${scope}`);
        else assert.equal(item[method]?.security, undefined, `${method} ${path} takes no partner token`);
      }
    }
    for (const key of partnerRoutes.keys()) {
      const [method, path] = key.split(' ');
      assert.ok(document.paths[path]?.[method], `${key} is in the document`);
    }
    assert.ok(partnerRoutes.size > 1);
  });

  it('describes the token endpoint’s form', () => {
    const operation = document.paths['/oauth/token'].post;
    const form = operation.requestBody.content['application/x-www-form-urlencoded'].schema;
    assert.deepEqual(form.required, ['grant_type']);
    assert.deepEqual(form.properties.grant_type.enum, ['client_credentials']);
    assert.deepEqual(form.properties.client_assertion_type.enum, ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer']);
    for (const field of ['scope', 'client_id', 'client_secret', 'client_assertion']) assert.equal(form.properties[field].type, 'string', field);
    assert.ok(operation.responses['400'], 'bad input');
    assert.ok(operation.responses['429'], 'the rate limit');
  });

  it('lists every ORUK path, /api/search and itself, each once (no /c/{council} copies)', () => {
    for (const path of [...ORUK_PATHS, '/api/search', '/api/openapi.json', '/api/docs']) assert.ok(document.paths[path]?.get, `${path} is missing`);
    for (const path of Object.keys(document.paths)) assert.ok(!path.startsWith('/c/'), `${path} should be hidden`);
    for (const path of Object.keys(document.paths)) assert.ok(!path.startsWith(EXPLORER_PATH), `${path}: Swagger UI's own routes are not the API`);
    for (const path of ['/healthz', '/readyz', '/sign-in', '/']) assert.equal(document.paths[path], undefined, `${path} has no schema: not documented`);
    assert.equal(document.paths['/oruk'], undefined, '/oruk (no slash) is the undocumented twin of /oruk/');
  });

  it('has well-formed operations: unique ids, responses, declared path parameters, resolvable $refs', () => {
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      assert.ok(path.startsWith('/'), path);
      const operations = METHODS.filter((m) => item[m]);
      assert.ok(operations.length > 0, `${path} has no operation`);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const method of operations) {
        const op = item[method];
        assert.equal(typeof op.operationId, 'string');
        assert.ok(!operationIds.has(op.operationId), `duplicate operationId ${op.operationId}`);
        operationIds.add(op.operationId);
        assert.ok(op.summary, `${method} ${path} has no summary`);
        assert.ok(Object.keys(op.responses).some((code) => /^2/.test(code)), `${method} ${path} has no success response`);
        for (const [code, response] of Object.entries<Json>(op.responses)) {
          assert.match(code, /^([1-5]\d\d|[1-5]XX|default)$/);
          assert.equal(typeof response.description, 'string', `${method} ${path} ${code} has no description`);
        }
        const parameters: Json[] = op.parameters ?? [];
        for (const p of parameters) {
          assert.ok(['query', 'path', 'header', 'cookie'].includes(p.in), `${p.name} in ${p.in}`);
          assert.equal(typeof p.schema, 'object', `${p.name} has no schema`);
          if (p.in === 'path') assert.equal(p.required, true);
        }
        const keys = parameters.map((p) => `${p.in}:${p.name}`);
        assert.equal(new Set(keys).size, keys.length, `${method} ${path} repeats a parameter`);
        assert.deepEqual(parameters.filter((p) => p.in === 'path').map((p) => p.name).sort(), templated, `${method} ${path} path parameters`);
      }
    }
    for (const ref of collectRefs(document)) assert.ok(resolvesIn(document, ref), `unresolved $ref ${ref}`);
    for (const tag of document.tags ?? []) assert.equal(typeof tag.name, 'string');
  });

  it('gives the ORUK operations exactly the parameters their route schemas validate', () => {
    const cases: [string, unknown, unknown][] = [
      ['/oruk/services', ServicesQuerySchema, undefined],
      ['/oruk/service_at_locations', ServiceAtLocationsQuerySchema, undefined],
      ['/oruk/taxonomies', TaxonomiesQuerySchema, undefined],
      ['/oruk/taxonomy_terms', TaxonomyTermsQuerySchema, undefined],
      ['/oruk/services/{id}', undefined, IdParamsSchema('service')],
      ['/oruk/service_at_locations/{id}', undefined, IdParamsSchema('service at location')],
      ['/oruk/taxonomies/{id}', undefined, IdParamsSchema('taxonomy')],
      ['/oruk/taxonomy_terms/{id}', undefined, IdParamsSchema('taxonomy term')],
      ['/api/search', SearchQuerySchema, undefined],
    ];
    for (const [path, query, params] of cases) {
      const expected = [...(params ? expectedParameters(params, 'path') : []), ...(query ? expectedParameters(query, 'query') : [])];
      assert.deepEqual(document.paths[path].get.parameters, expected, path);
    }
    const perPage = document.paths['/oruk/services'].get.parameters.find((p: Json) => p.name === 'per_page');
    assert.equal(perPage.schema.maximum, 100);
    assert.equal(document.paths['/oruk/'].get.parameters, undefined);
  });

  it('documents responses: the page schema of lists, problem+json for bad input and unknown ids', () => {
    const services = document.paths['/oruk/services'].get;
    assert.equal(services.tags[0], 'Open Referral UK');
    const page = services.responses['200'].content['application/json'].schema;
    for (const field of ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents']) assert.ok(page.properties[field], field);
    assert.ok(page.properties.contents.items.properties.organization, 'list items document their organisation');
    assert.equal(services.responses['400'].content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
    const one = document.paths['/oruk/services/{id}'].get;
    assert.ok(one.responses['404'].content['application/problem+json']);
    assert.ok(one.responses['200'].content['application/json'].schema.properties.service_at_locations);
  });

  it('says where the /c/{council} copies of council routes are, with the councils as the variable', () => {
    for (const path of [...ORUK_PATHS, '/api/search']) {
      const servers: Json[] = document.paths[path].servers;
      assert.ok(servers, `${path} has no servers`);
      const named = servers.find((s) => s.url.endsWith('/c/{council}'));
      assert.ok(named, path);
      assert.equal(named.variables.council.default, 'testshire');
      assert.deepEqual([...named.variables.council.enum].sort(), ['otherton', 'testshire']);
    }
    assert.equal(document.paths['/api/openapi.json'].servers, undefined, 'platform routes are not per council');
    assert.match(document.paths['/oruk/services'].get.description, /\/c\/\{council\}\/oruk\/services/);
  });

  it('matches route urls to OpenAPI paths', () => {
    assert.equal(toOpenApiPath('/oruk/services/:id'), '/oruk/services/{id}');
    assert.equal(toOpenApiPath('/c/:council/x/:id(^\\d+)'), '/c/{council}/x/{id}');
  });

  it('is open to other origins', async () => {
    const res = await hearth.app.inject('/api/openapi.json');
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});

describe('the API reference page at /api/docs', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_PUBLIC_URL: 'https://help.testshire.example' } });
  });
  after(() => hearth?.stop());

  it('renders every operation of the document server-side', async () => {
    const res = await hearth.app.inject('/api/docs');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const html = res.body;
    const document = (await hearth.app.inject('/api/openapi.json')).json();
    for (const path of Object.keys(document.paths)) assert.ok(html.includes(`<code>${path}</code>`), `${path} is not on the page`);
    assert.match(html, /<h1 class="govuk-heading-xl">API reference<\/h1>/);
    assert.match(html, /href="\/api\/openapi.json"/);
    assert.match(html, /per_page/);
    assert.match(html, /from 1 to 100/, 'constraints are shown');
    assert.match(html, /\/c\/\{council\}\/oruk\/services/);
    assert.match(html, /Testshire Council/, 'in the layout of the council of the host');
  });

  it('has no inline script, so the Content-Security-Policy holds', async () => {
    const res = await hearth.app.inject('/api/docs');
    for (const tag of res.body.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\ssrc="/, tag);
    assert.doesNotMatch(res.body, /\son[a-z]+="/, 'no inline event handlers');
  });

  it('speaks Welsh', async () => {
    const res = await hearth.app.inject('/api/docs?lang=cy');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="cy"/);
    assert.match(res.body, /Cyfeirnod yr API/);
  });

  it('uses the public URL for the document servers and the token URL', async () => {
    const document = (await hearth.app.inject({ url: '/api/openapi.json', headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } })).json();
    assert.equal(document.servers[0].url, 'https://help.testshire.example');
    const named = document.paths['/oruk/services'].servers.find((s: Json) => s.url.endsWith('/c/{council}'));
    assert.equal(named.url, 'https://help.testshire.example/c/{council}');
    assert.equal(document.components.securitySchemes.partnerOAuth.flows.clientCredentials.tokenUrl, 'https://help.testshire.example/oauth/token');
    assert.deepEqual(openApi31Problems(document), []);
  });

  it('says which operations need a partner token, and lists the token endpoint’s form fields', async () => {
    const html = (await hearth.app.inject('/api/docs')).body;
    assert.match(html, /Needs a partner access token with the scope partner\.read/);
    assert.match(html, /Request body \(<code>application\/x-www-form-urlencoded<\/code>\)/);
    for (const field of ['grant_type', 'client_assertion_type', 'client_assertion', 'scope']) assert.ok(html.includes(`<code>${field}</code>`), field);
    assert.match(html, new RegExp(`href="${EXPLORER_PATH}/"`), 'links to Swagger UI');
  });
});

describe(`Swagger UI at ${EXPLORER_PATH}`, () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth({ env: { HEARTH_PUBLIC_URL: 'https://help.testshire.example' } });
  });
  after(() => hearth?.stop());

  it('is served from node_modules: its page loads only this site’s scripts and styles', async () => {
    const res = await hearth.app.inject(`${EXPLORER_PATH}/`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const sources = [...res.body.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(sources.some((s) => s.endsWith('swagger-ui-bundle.js')));
    for (const source of sources) {
      assert.ok(!/^(https?:)?\/\//.test(source), `${source} would come from another site`);
      const asset = await hearth.app.inject(new URL(source, `http://localhost${EXPLORER_PATH}/`).pathname);
      assert.equal(asset.statusCode, 200, source);
    }
    assert.doesNotMatch(res.body, /<script>|<style>|\son[a-z]+="/, 'no inline script or style');
  });

  it('runs under the site’s Content-Security-Policy, unchanged', async () => {
    const page = await hearth.app.inject(`${EXPLORER_PATH}/`);
    const site = await hearth.app.inject('/api/docs');
    assert.ok(page.headers['content-security-policy']);
    assert.equal(page.headers['content-security-policy'], site.headers['content-security-policy']);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
  });

  it('shows the same document as /api/openapi.json', async () => {
    const ui = await hearth.app.inject(`${EXPLORER_PATH}/json`);
    assert.equal(ui.statusCode, 200);
    assert.deepEqual(ui.json(), (await hearth.app.inject('/api/openapi.json')).json());
  });
});


describe('the API reference page in Chromium: no WCAG 2.2 AA violations (axe)', { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  before(async () => {
    hearth = await startTestHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  it(`Swagger UI at ${EXPLORER_PATH}/ shows every operation, with nothing refused by the Content-Security-Policy`, async () => {
    const page = await browser.newPage();
    try {
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      assert.equal((await page.goto(`${base}${EXPLORER_PATH}/`))?.status(), 200);
      const description = (await hearth.app.inject('/api/openapi.json')).json();
      const operations = Object.values<Json>(description.paths).reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0);
      await page.waitForFunction((count) => window.document.querySelectorAll('.opblock').length === count, operations);
      assert.deepEqual(refused, []);
    } finally {
      await page.close();
    }
  });

  for (const lang of ['en', 'cy']) {
    it(`/api/docs?lang=${lang}`, async () => {
      const page = await browser.newPage();
      try {
        const res = await page.goto(`${base}/api/docs?lang=${lang}`);
        assert.equal(res?.status(), 200);
        await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { html: string }[] }[] }> } }).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
          return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.html ?? ''}`);
        });
        assert.deepEqual(violations, []);
      } finally {
        await page.close();
      }
    });
  }
});
