import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { InvalidParam } from './problem.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

/**
 * One Ajv configuration for everything that validates requests: Fastify's route schemas and
 * the pages that read the same query parameters. Query strings arrive as strings, so types
 * are coerced; every error is collected so each bad parameter is named at once.
 */
export const AJV_OPTIONS = {
  coerceTypes: 'array' as const,
  useDefaults: true,
  removeAdditional: false as const,
  allErrors: true,
  strict: false,
};

export function createAjv(): Ajv {
  const ajv = new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  return ajv;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Fastify types plugins loosely
export const ajvPlugins = [addFormats as unknown as (ajv: any) => any];

const sharedAjv = createAjv();

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${p.type === 'integer' ? 'a whole number' : p.type === 'number' ? 'a number' : `of type ${String(p.type)}`}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be at most ${String(p.limit)}`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return 'is not in the expected format';
    case 'format':
      return `must be a valid ${String(p.format)}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a recognised parameter';
    case 'maxItems':
      return `must have at most ${String(p.limit)} values`;
    default:
      return error.message ?? 'is not valid';
  }
}

/** Turn Ajv errors into named parameters with plain-English reasons. */
export function invalidParamsFromAjv(errors: ErrorObject[] | null | undefined, fallbackName = 'request'): InvalidParam[] {
  const seen = new Set<string>();
  const params: InvalidParam[] = [];
  for (const error of errors ?? []) {
    let name = error.instancePath.replace(/^\//, '').split('/')[0];
    const p = error.params as Record<string, unknown>;
    if (error.keyword === 'required') name = String(p.missingProperty);
    if (error.keyword === 'additionalProperties') name = String(p.additionalProperty);
    name ||= fallbackName;
    if (seen.has(name)) continue; // one reason per parameter is clearer than several
    seen.add(name);
    params.push({ name, reason: describe(error) });
  }
  return params;
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validate (and coerce, in place on a copy) a query object against a schema, as the API
 * routes do. Pages use this so that `/search` and `/api/search` accept exactly the same input.
 */
export function validateAgainst<T>(schema: object, input: unknown): { value: T; errors: InvalidParam[] } {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = sharedAjv.compile(schema);
    compiled.set(schema, validate);
  }
  const value = structuredClone(input ?? {}) as T;
  const ok = validate(value);
  return { value, errors: ok ? [] : invalidParamsFromAjv(validate.errors) };
}
