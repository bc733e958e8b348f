import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { normalisePostcode } from '../../../platform/geo/postcode.js';
import type { InvalidParam } from '../../../platform/http/problem.js';
import { EMAIL, MAX_EMAIL } from '../../identity/index.js';
import type { CategoryKind } from '../categories.js';
import { BENEFITS, CHANNELS, FORMATS, LANGUAGES } from '../value-lists.js';

/**
 * What a partner system may send as a category's values: one JSON schema per kind of category
 * (the same shapes the resident's own pages write), checked strictly — no type coercion, no
 * property the shape does not name — and then the checks a schema cannot make (a real
 * postcode, written the Royal Mail way; a date of birth not in the future). Each problem names
 * its place in the body (`values[0].postcode`) and why.
 */

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const optionalText = (maxLength: number) => ({ type: 'string', maxLength });


const object = (properties: Record<string, unknown>, required: string[], description: string) => ({ type: 'object', description, properties, required, additionalProperties: false });

/** Each kind's value, as a JSON schema (documented in the OpenAPI description too). */
export const VALUE_SCHEMAS: Record<CategoryKind, Record<string, unknown>> = {
  name: object({ fullName: text(200), preferredName: optionalText(100) }, ['fullName'], 'A name: the full name, and what they like to be called.'),
  contact: object(
    { email: { type: 'string', maxLength: MAX_EMAIL }, phone: { type: 'string', maxLength: 30, pattern: '^\\+?[0-9 ()-]{7,30}$' } },
    [],
    'Contact details: an email address, a phone number, or both.',
  ),
  preferences: object(
    { channel: { enum: CHANNELS }, language: { enum: LANGUAGES }, formats: { type: 'array', items: { enum: FORMATS }, uniqueItems: true } },
    ['channel', 'language'],
    'How to contact them: a channel, a language, and accessible formats.',
  ),
  address: object(
    {
      lines: { type: 'array', items: text(100), minItems: 1, maxItems: 2 },
      town: text(100),
      postcode: { type: 'string', minLength: 5, maxLength: 8 },
      uprn: { type: 'string', pattern: '^[0-9]{1,12}$' },
    },
    ['lines', 'town', 'postcode'],
    'An address: one or two lines, the town, the postcode, and the UPRN where known.',
  ),
  household: object(
    { name: text(200), relationship: text(100), dateOfBirth: { type: 'string', format: 'date' } },
    ['name', 'relationship'],
    'One person they live with (the household holds one value per person).',
  ),
  circumstance: object({ applies: { type: 'boolean' }, details: optionalText(1000) }, ['applies'], 'A circumstance: whether it applies, and details.'),
  benefits: object({ held: { type: 'array', items: { enum: BENEFITS }, uniqueItems: true }, other: optionalText(500) }, ['held'], 'Benefits held, and any other in words.'),
};

/** How many values a category of this kind may hold at once: one, but a household has a value per person. */
export const maxValues = (kind: CategoryKind): number => (kind === 'household' ? 30 : 1);

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;
// Strict: JSON arrives typed, so nothing is coerced; every error is collected.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators = new Map<CategoryKind, ValidateFunction>();
const validatorOf = (kind: CategoryKind) => {
  let v = validators.get(kind);
  if (!v) validators.set(kind, (v = ajv.compile(VALUE_SCHEMAS[kind])));
  return v;
};

/** `/lines/0` under `values[2]` → `values[2].lines[0]`. */
function placeOf(prefix: string, error: ErrorObject): string {
  let place = prefix;
  for (const part of error.instancePath.split('/').slice(1)) place += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'required') place += `.${String(p.missingProperty)}`;
  if (error.keyword === 'additionalProperties') place += `.${String(p.additionalProperty)}`;
  return place;
}

function reasonOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not part of this category';
    case 'type':
      return `must be ${String(p.type) === 'boolean' ? 'true or false' : `a ${String(p.type)}`}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minItems':
      return `must have at least ${String(p.limit)} ${Number(p.limit) === 1 ? 'value' : 'values'}`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} values`;
    case 'uniqueItems':
      return 'must not name the same value twice';
    case 'format':
      return 'must be a date written YYYY-MM-DD';
    case 'pattern':
      return 'is not in the expected format';
    default:
      return error.message ?? 'is not valid';
  }
}

const todayInLondon = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/**
 * A category's values as sent, checked: the values to store (postcodes written the Royal Mail
 * way) or every problem, each named by its place in the body.
 */
export function checkValues(kind: CategoryKind, values: unknown, now = new Date()): { values: unknown[] } | { problems: InvalidParam[] } {
  if (!Array.isArray(values)) return { problems: [{ name: 'values', reason: 'must be a list of values' }] };
  const problems: InvalidParam[] = [];
  if (values.length > maxValues(kind)) problems.push({ name: 'values', reason: `must have at most ${maxValues(kind)} ${maxValues(kind) === 1 ? 'value' : 'values'} for this category` });
  // Only contact details may be emptied (a resident may hold none); every other category is changed, not erased, here.
  if (!values.length && kind !== 'contact') problems.push({ name: 'values', reason: 'must have a value (erasing is the resident\'s to do)' });
  const stored = values.map((value, i) => {
    const validate = validatorOf(kind);
    if (!validate(value)) {
      const seen = new Set<string>();
      for (const error of validate.errors ?? []) {
        const name = placeOf(`values[${i}]`, error);
        if (seen.has(name)) continue;
        seen.add(name);
        problems.push({ name, reason: reasonOf(error) });
      }
      return value;
    }
    const v = value as Record<string, unknown>;
    if (kind === 'address') {
      const postcode = normalisePostcode(String(v.postcode));
      if (!postcode) problems.push({ name: `values[${i}].postcode`, reason: 'is not a UK postcode' });
      else return { ...v, postcode, ...(typeof v.uprn === 'string' ? { uprn: v.uprn.replace(/^0+(?=\d)/, '') } : {}) };
    }
    if (kind === 'contact') {
      if (typeof v.email === 'string' && !EMAIL.test(v.email)) problems.push({ name: `values[${i}].email`, reason: 'is not an email address' });
      if (v.email === undefined && v.phone === undefined) problems.push({ name: `values[${i}]`, reason: 'must have an email address or a phone number' });
    }
    if (kind === 'household' && typeof v.dateOfBirth === 'string' && v.dateOfBirth > todayInLondon(now)) problems.push({ name: `values[${i}].dateOfBirth`, reason: 'must not be in the future' });
    return value;
  });
  return problems.length ? { problems } : { values: stored };
}
