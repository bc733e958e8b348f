/**
 * Fixed vocabularies that search filters on. ORUK 3.0 has no field for how a service is
 * delivered or for a location's accessibility features, so Hearth expresses them as
 * ORUK `attributes` linking to terms of two small taxonomies defined here (their ids are
 * fixed so that exported data means the same everywhere). Imported data that does not use
 * them still works: the search index also reads the plain-text fields (see search/).
 */
export const DELIVERY_TAXONOMY = {
  id: '6b3f0a4e-1c1d-4d8e-9a51-0d0e5f1a7a01',
  name: 'Hearth delivery methods',
  description: 'How a service is delivered to the people who use it.',
  uri: 'https://hearth.example/taxonomies/delivery',
  version: '1',
} as const;

export const ACCESSIBILITY_TAXONOMY = {
  id: '6b3f0a4e-1c1d-4d8e-9a51-0d0e5f1a7a02',
  name: 'Hearth accessibility features',
  description: 'Accessibility features of a location.',
  uri: 'https://hearth.example/taxonomies/accessibility',
  version: '1',
} as const;

export interface VocabularyTerm {
  /** The value used in query strings, e.g. `delivery=online`. */
  code: string;
  id: string;
  name: string;
  description: string;
}

export const DELIVERY_METHODS: readonly VocabularyTerm[] = [
  { code: 'in_person', id: '0f5c2a10-7d4e-4b8a-8c11-000000000001', name: 'In person', description: 'Visit the service at one of its locations.' },
  { code: 'phone', id: '0f5c2a10-7d4e-4b8a-8c11-000000000002', name: 'By phone', description: 'Talk to the service by telephone.' },
  { code: 'online', id: '0f5c2a10-7d4e-4b8a-8c11-000000000003', name: 'Online', description: 'Use the service online, by video, chat or email.' },
];

export const ACCESSIBILITY_FEATURES: readonly VocabularyTerm[] = [
  { code: 'wheelchair', id: '1a7d3b20-8e5f-4c9b-9d22-000000000001', name: 'Wheelchair accessible', description: 'Step-free access for wheelchair users throughout.' },
  { code: 'accessible_toilet', id: '1a7d3b20-8e5f-4c9b-9d22-000000000002', name: 'Accessible toilet', description: 'An accessible toilet on site.' },
  { code: 'hearing_loop', id: '1a7d3b20-8e5f-4c9b-9d22-000000000003', name: 'Hearing loop', description: 'An induction loop for hearing aid users.' },
  { code: 'bsl', id: '1a7d3b20-8e5f-4c9b-9d22-000000000004', name: 'British Sign Language', description: 'British Sign Language interpretation available.' },
  { code: 'parking', id: '1a7d3b20-8e5f-4c9b-9d22-000000000005', name: 'Accessible parking', description: 'Blue badge parking close to the entrance.' },
  { code: 'quiet_space', id: '1a7d3b20-8e5f-4c9b-9d22-000000000006', name: 'Quiet space', description: 'A quiet room for people who find busy places hard.' },
  { code: 'large_print', id: '1a7d3b20-8e5f-4c9b-9d22-000000000007', name: 'Large print and easy read', description: 'Information in large print or easy read.' },
];

export const DELIVERY_CODES = DELIVERY_METHODS.map((t) => t.code);
export const ACCESSIBILITY_CODES = ACCESSIBILITY_FEATURES.map((t) => t.code);
