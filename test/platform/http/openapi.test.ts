import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import {
  IdParamsSchema,
  ServiceAtLocationsQuerySchema,
  ServicesQuerySchema,
  TaxonomiesQuerySchema,
  TaxonomyTermsQuerySchema,
} from '../../../src/blocks/directory/api/oruk-feed.js';
import { SearchQuerySchema } from '../../../src/blocks/directory/search/params.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { toOpenApiPath } from '../../../src/platform/http/openapi.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';

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
    assert.equal(document.servers[0].url, 'http://localhost:80');
  });

  it('lists every ORUK path, /api/search and itself, each once (no /c/{council} copies)', () => {
    for (const path of [...ORUK_PATHS, '/api/search', '/api/openapi.json', '/api/docs']) assert.ok(document.paths[path]?.get, `${path} is missing`);
    for (const path of Object.keys(document.paths)) assert.ok(!path.startsWith('/c/'), `${path} should be hidden`);
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

  it('uses the public URL for the document servers', async () => {
    const document = (await hearth.app.inject('/api/openapi.json')).json();
    assert.equal(document.servers[0].url, 'https://help.testshire.example');
  });
});

const CHROMIUM = '/usr/bin/chromium';
// Never skipped in CI, where a missing browser must fail rather than silently stop the check.
const NO_BROWSER = existsSync(CHROMIUM) || process.env.CI === 'true' ? false : `${CHROMIUM} is not installed: apt-get install -y chromium to run the browser check`;

describe('the API reference page in Chromium: no WCAG 2.2 AA violations (axe)', { skip: NO_BROWSER }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  before(async () => {
    hearth = await startTestHearth();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
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
