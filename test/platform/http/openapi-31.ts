import { Ajv2020 } from 'ajv/dist/2020.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is JSON */
type Json = any;

/**
 * What makes an OpenAPI 3.1.x document invalid, as a list of problems (none: valid).
 *
 * No OpenAPI validator and no copy of the OpenAPI 3.1 JSON Schema is installed, so this checks
 * the rules of the specification (https://spec.openapis.org/oas/v3.1.0) that a document of
 * ours can break: required fields and their types, the maps' keys, path templates against path
 * parameters, unique operation ids and parameters, resolvable local references, security
 * requirements against the declared schemes and OAuth scopes, server variables; and every
 * Schema Object against the JSON Schema 2020-12 meta-schema (Ajv's own copy), which is what a
 * 3.1 Schema Object is.
 */
export function openApi31Problems(document: Json): string[] {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const ajv = new Ajv2020({ strict: false, validateFormats: false });

  const schema = (where: string, value: unknown) => {
    if (typeof value === 'boolean') return;
    if (!isObject(value)) return problem(where, 'a Schema Object must be an object or a boolean');
    if (!ajv.validateSchema(value)) problem(where, `not a JSON Schema 2020-12: ${ajv.errorsText(ajv.errors)}`);
  };
  const resolves = (ref: string) => {
    if (!ref.startsWith('#/')) return true; // another document: not ours to check
    let node = document;
    for (const part of ref.slice(2).split('/')) {
      node = node?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
      if (node === undefined) return false;
    }
    return true;
  };
  const walkRefs = (where: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => walkRefs(`${where}[${i}]`, v));
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && !resolves(v)) problem(where, `unresolved $ref ${v}`);
        else walkRefs(`${where}.${k}`, v);
      }
    }
  };
  const servers = (where: string, list: unknown) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return problem(where, 'servers must be an array');
    list.forEach((server, i) => {
      if (!isObject(server) || typeof server.url !== 'string') return problem(`${where}[${i}]`, 'a server needs a url');
      const named = [...server.url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const name of named) {
        const variable = server.variables?.[name];
        if (!isObject(variable) || typeof variable.default !== 'string') problem(`${where}[${i}]`, `variable ${name} needs a string default`);
        else if (variable.enum !== undefined && (!Array.isArray(variable.enum) || !variable.enum.length || !variable.enum.includes(variable.default))) {
          problem(`${where}[${i}]`, `variable ${name}: enum must be a non-empty array holding the default`);
        }
      }
    });
  };
  const media = (where: string, content: unknown) => {
    if (!isObject(content)) return problem(where, 'content must be a map of media types');
    for (const [type, value] of Object.entries(content)) {
      if (!/^[\w.+-]+\/[\w.+*-]+$/.test(type) && type !== '*/*') problem(where, `${type} is not a media type`);
      if (!isObject(value)) problem(`${where}.${type}`, 'a Media Type Object must be an object');
      else if (value.schema !== undefined) schema(`${where}.${type}.schema`, value.schema);
    }
  };

  if (typeof document?.openapi !== 'string' || !/^3\.1\.\d+$/.test(document.openapi)) problem('openapi', `must be 3.1.x, not ${document?.openapi}`);
  if (!isObject(document?.info) || typeof document.info.title !== 'string' || typeof document.info.version !== 'string') problem('info', 'needs a title and a version');
  if (document?.info?.license && typeof document.info.license.name !== 'string') problem('info.license', 'needs a name');
  if (document?.info?.license?.identifier && document.info.license.url) problem('info.license', 'identifier and url exclude each other');
  if (!document.paths && !document.components && !document.webhooks) problem('document', 'needs paths, components or webhooks');
  servers('servers', document.servers);

  const schemes: Record<string, Json> = document.components?.securitySchemes ?? {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const where = `components.securitySchemes.${name}`;
    if (!['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'].includes(scheme?.type)) problem(where, `unknown type ${scheme?.type}`);
    if (scheme.type === 'http' && typeof scheme.scheme !== 'string') problem(where, 'an http scheme needs its scheme');
    if (scheme.type === 'apiKey' && (typeof scheme.name !== 'string' || !['query', 'header', 'cookie'].includes(scheme.in))) problem(where, 'an apiKey needs name and in');
    if (scheme.type === 'openIdConnect' && typeof scheme.openIdConnectUrl !== 'string') problem(where, 'needs openIdConnectUrl');
    if (scheme.type === 'oauth2') {
      if (!isObject(scheme.flows) || !Object.keys(scheme.flows).length) problem(where, 'an oauth2 scheme needs flows');
      for (const [flow, value] of Object.entries<Json>(scheme.flows ?? {})) {
        if (!['implicit', 'password', 'clientCredentials', 'authorizationCode'].includes(flow)) problem(where, `unknown flow ${flow}`);
        if (['password', 'clientCredentials', 'authorizationCode'].includes(flow) && typeof value?.tokenUrl !== 'string') problem(`${where}.${flow}`, 'needs tokenUrl');
        if (['implicit', 'authorizationCode'].includes(flow) && typeof value?.authorizationUrl !== 'string') problem(`${where}.${flow}`, 'needs authorizationUrl');
        if (!isObject(value?.scopes) || Object.values(value.scopes).some((d) => typeof d !== 'string')) problem(`${where}.${flow}`, 'scopes must map names to descriptions');
      }
    }
  }
  const requirements = (where: string, list: unknown) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return problem(where, 'security must be an array');
    for (const requirement of list) {
      for (const [name, scopes] of Object.entries<Json>(requirement ?? {})) {
        const scheme = schemes[name];
        if (!scheme) problem(where, `no security scheme ${name}`);
        else if (!Array.isArray(scopes)) problem(where, `${name}: scopes must be an array`);
        else if (scheme.type === 'oauth2') {
          const declared = new Set(Object.values<Json>(scheme.flows ?? {}).flatMap((f) => Object.keys(f?.scopes ?? {})));
          for (const scope of scopes) if (!declared.has(scope)) problem(where, `${name}: scope ${scope} is not declared in its flows`);
        }
      }
    }
  };
  requirements('security', document.security);
  for (const [name, value] of Object.entries(document.components?.schemas ?? {})) schema(`components.schemas.${name}`, value);

  const operationIds = new Set<string>();
  const tagNames = (document.tags ?? []).map((t: Json) => t?.name);
  if (tagNames.some((n: unknown) => typeof n !== 'string')) problem('tags', 'each tag needs a name');
  if (new Set(tagNames).size !== tagNames.length) problem('tags', 'tag names must be unique');
  const templates = new Map<string, string>();
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    if (!path.startsWith('/')) problem(`paths.${path}`, 'must start with /');
    const shape = path.replace(/\{[^}]+\}/g, '{}');
    if (templates.has(shape)) problem(`paths.${path}`, `same template as ${templates.get(shape)}`);
    templates.set(shape, path);
    servers(`paths.${path}.servers`, item.servers);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const operation = item[method];
      if (operation === undefined) continue;
      const where = `${method} ${path}`;
      if (typeof operation.operationId === 'string') {
        if (operationIds.has(operation.operationId)) problem(where, `operationId ${operation.operationId} is used twice`);
        operationIds.add(operation.operationId);
      }
      const parameters: Json[] = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
      const keys = new Set<string>();
      for (const p of parameters) {
        if (typeof p?.name !== 'string' || !['query', 'header', 'path', 'cookie'].includes(p?.in)) {
          problem(where, `a parameter needs a name and an in: ${JSON.stringify(p)}`);
          continue;
        }
        if (keys.has(`${p.in}:${p.name}`)) problem(where, `parameter ${p.name} in ${p.in} is given twice`);
        keys.add(`${p.in}:${p.name}`);
        if (p.in === 'path' && p.required !== true) problem(where, `path parameter ${p.name} must be required`);
        if (p.in === 'path' && !templated.includes(p.name)) problem(where, `path parameter ${p.name} is not in the path`);
        if ((p.schema === undefined) === (p.content === undefined)) problem(where, `parameter ${p.name} needs a schema or a content, not both`);
        if (p.schema !== undefined) schema(`${where} parameter ${p.name}`, p.schema);
        if (p.content !== undefined) media(`${where} parameter ${p.name}`, p.content);
      }
      for (const name of templated) if (!keys.has(`path:${name}`)) problem(where, `path parameter ${name} is not declared`);
      if (operation.requestBody !== undefined) {
        if (!isObject(operation.requestBody) || !operation.requestBody.content) problem(where, 'a requestBody needs content');
        else media(`${where} requestBody`, operation.requestBody.content);
      }
      if (!isObject(operation.responses) || !Object.keys(operation.responses).length) problem(where, 'needs responses');
      for (const [code, response] of Object.entries<Json>(operation.responses ?? {})) {
        if (!/^([1-5](\d\d|XX)|default)$/.test(code)) problem(where, `${code} is not a status code`);
        if (typeof response?.description !== 'string') problem(`${where} ${code}`, 'a response needs a description');
        if (response?.content !== undefined) media(`${where} ${code}`, response.content);
      }
      requirements(`${where} security`, operation.security);
      for (const tag of operation.tags ?? []) if (typeof tag !== 'string') problem(where, 'tags must be strings');
    }
  }
  walkRefs('document', document);
  return problems;
}
