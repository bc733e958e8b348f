import { Type, type Static } from '@sinclair/typebox';
import { CrisisHelpSchema } from '../crisis-help.js';

/** The answer of `/api/search` (and what `searchServices` returns), as JSON schemas for the OpenAPI document. */

export const SearchResultSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String({ description: 'The start of the description (about 300 characters).' }),
  organization: Type.Optional(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() })),
  distance_m: Type.Optional(Type.Integer({ description: 'Metres from `near` to the nearest place the service is at (only when `near` was given).' })),
  open_now: Type.Boolean({ description: 'Open at this moment, by its weekly opening times (Europe/London).' }),
  free: Type.Boolean(),
  min_age: Type.Optional(Type.Integer()),
  max_age: Type.Optional(Type.Integer()),
  delivery: Type.Array(Type.String(), { description: 'How it is delivered: in_person, phone, online.' }),
  languages: Type.Array(Type.String(), { description: 'ISO 639 codes of the languages it is delivered in.' }),
  location: Type.Optional(
    Type.Object(
      { name: Type.Optional(Type.String()), address: Type.Optional(Type.String()), postcode: Type.Optional(Type.String()) },
      { description: 'The nearest place it is at (or, without `near`, the first).' },
    ),
  ),
  taxonomy_terms: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  next_opening: Type.Optional(
    Type.Object(
      { day: Type.String({ description: 'mo, tu, we, th, fr, sa or su.' }), time: Type.String({ description: 'HH:MM, 24-hour.' }) },
      { description: 'When it next opens (Europe/London), by its weekly opening times; only when it is closed now and they are known.' },
    ),
  ),
  last_checked: Type.Optional(
    Type.String({
      format: 'date',
      description: 'The date (in the UK) the listing was last confirmed as correct: its ORUK assured_date or a later check, else the date it last changed.',
    }),
  ),
});

export const SearchSuggestionSchema = Type.Object(
  {
    kind: Type.String({ description: 'What the suggestion changes: radius, near, open_now, free, age, day, language, accessibility, delivery, taxonomy_term, need.' }),
    action: Type.Union([Type.Literal('set'), Type.Literal('remove')]),
    param: Type.String({ description: 'The main parameter it changes.' }),
    value: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    text: Type.String({ description: 'The suggestion in plain English.' }),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Integer(), Type.Null()]), {
      description: 'Every parameter to change to follow it: a value to set, or null to remove the parameter.',
    }),
  },
  { description: 'A change to the search that would find something (only given when nothing was found).' },
);

export const SearchResultsSchema = Type.Object({
  crisis: Type.Optional(CrisisHelpSchema),
  total: Type.Integer({ description: 'How many services match (at least this many when `total_is_estimate`).' }),
  total_is_estimate: Type.Boolean(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  total_pages: Type.Integer(),
  results: Type.Array(SearchResultSchema),
  corrected_q: Type.Optional(Type.String({ description: 'The words searched for instead of `q` after correcting spelling ("Showing results for ...").' })),
  interpreted: Type.Object({
    needs: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'The needs the words were read as.' }),
    location: Type.Optional(Type.Object({ label: Type.String(), lat: Type.Number(), lng: Type.Number() })),
    match: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('any')], { description: '`any` when no service had every word, so services with some of them are shown.' }),
    ),
  }),
  suggestions: Type.Array(SearchSuggestionSchema),
});

export type SearchResult = Static<typeof SearchResultSchema>;
export type SearchSuggestion = Static<typeof SearchSuggestionSchema>;
export type SearchResults = Static<typeof SearchResultsSchema>;
