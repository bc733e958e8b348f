import { Type, type Static } from '@sinclair/typebox';
import { ACCESSIBILITY_CODES, DELIVERY_CODES } from '../vocabulary.js';
import { DAY_PATTERN, TIME_PATTERN } from './opening-hours.js';

export const DEFAULT_RADIUS_M = 8000;
export const DEFAULT_PER_PAGE = 10;
export const MAX_Q_LENGTH = 200;

/**
 * The query parameters of `/api/search` and of the search page: one schema, so both accept
 * exactly the same input and refuse the same input with the same named reasons.
 */
export const SearchQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: MAX_Q_LENGTH, description: 'What the person needs, in their own words: "foodbank", "can\'t pay my rent", "lonely".' }),
    ),
    near: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'A postcode ("AS1 1AA"), a postcode district ("AS1"), a town in the directory, or "latitude,longitude".',
      }),
    ),
    radius: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 50_000, description: `Metres from \`near\` (default ${DEFAULT_RADIUS_M} when \`near\` is given).` }),
    ),
    age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, description: 'Only services open to a person of this age.' })),
    free: Type.Optional(Type.Boolean({ description: 'Only services that are free to use.' })),
    open_now: Type.Optional(Type.Boolean({ description: 'Only services open now (Europe/London time).' })),
    day: Type.Optional(
      Type.String({ pattern: DAY_PATTERN, description: 'Only services open on this day: mo, tu, we, th, fr, sa, su (or the day\'s name). With `time`: open at that time.' }),
    ),
    time: Type.Optional(Type.String({ pattern: TIME_PATTERN, description: 'Only services open at this time, HH:MM (24-hour), on `day` or else today.' })),
    language: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
        maxLength: 35,
        description: 'Only services delivered in this language: an ISO 639 code such as "pl" or "cy".',
      }),
    ),
    accessibility: Type.Optional(
      Type.Array(Type.String({ enum: [...ACCESSIBILITY_CODES] }), {
        maxItems: ACCESSIBILITY_CODES.length,
        description: 'Only services with every one of these accessibility features at a location. Repeat the parameter for several.',
      }),
    ),
    delivery: Type.Optional(
      Type.Array(Type.String({ enum: [...DELIVERY_CODES] }), {
        maxItems: DELIVERY_CODES.length,
        description: 'Only services delivered in any of these ways. Repeat the parameter for several.',
      }),
    ),
    taxonomy_term: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 20,
        description: 'Only services tagged with any of these taxonomy terms or a narrower term under one of them.',
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PER_PAGE })),
  },
);

export type SearchParams = Static<typeof SearchQuerySchema>;
