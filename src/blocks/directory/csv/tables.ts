/**
 * The ORUK 3.0 tabular form: one CSV per table, with the standard's file names and column names
 * (`services.csv`, `organizations.csv`, `service_at_location.csv`, ...). Where Hearth keeps an
 * HSDS 3.0 field the ORUK table lacks (a language's name and code, a phone's service, an
 * attribute's value), the column is added with its HSDS 3.0 name, so the tables carry everything
 * the JSON does. Export and import both read this list.
 *
 * Rows that belong to something come in that thing's order (`order`), so lists keep their order
 * through a round trip.
 */
export interface OrukTable {
  /** The file in the ZIP or folder. */
  file: string;
  /** The database table it is read from. */
  table: string;
  columns: readonly string[];
  /** Columns an import requires a value in. */
  required: readonly string[];
  /** Export order (keyset): the owner first, then its list position, then id. */
  order: readonly string[];
  /** What a column holds, when not plain text: how export formats it and import checks it. */
  kinds?: Readonly<Record<string, 'uuid' | 'number' | 'integer' | 'date' | 'time' | 'date-time'>>;
}

const uuids = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 'uuid' as const]));

export const ORUK_TABLES: readonly OrukTable[] = [
  {
    file: 'organizations.csv',
    table: 'organization',
    columns: ['id', 'name', 'description', 'email', 'website', 'logo', 'uri', 'parent_organization_id'],
    required: ['id', 'name', 'description'],
    order: ['id'],
    kinds: uuids('id', 'parent_organization_id'),
  },
  {
    file: 'organization_identifiers.csv',
    table: 'organization_identifier',
    columns: ['id', 'organization_id', 'identifier_scheme', 'identifier_type', 'identifier'],
    required: ['id', 'organization_id', 'identifier_type', 'identifier'],
    order: ['organization_id', 'position', 'id'],
    kinds: uuids('id', 'organization_id'),
  },
  {
    file: 'programs.csv',
    table: 'program',
    columns: ['id', 'organization_id', 'name', 'alternate_name', 'description'],
    required: ['id', 'name'],
    order: ['id'],
    kinds: uuids('id', 'organization_id'),
  },
  {
    file: 'services.csv',
    table: 'service',
    columns: [
      'id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services',
      'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age',
      'assured_date', 'assurer_email', 'licenses', 'alert', 'last_modified',
    ],
    required: ['id', 'organization_id', 'name', 'status'],
    order: ['id'],
    kinds: { ...uuids('id', 'organization_id', 'program_id'), minimum_age: 'number', maximum_age: 'number', assured_date: 'date', last_modified: 'date-time' },
  },
  {
    file: 'locations.csv',
    table: 'location',
    columns: ['id', 'location_type', 'name', 'description', 'latitude', 'longitude', 'external_identifier', 'external_identifier_type'],
    required: ['id', 'location_type'],
    order: ['id'],
    kinds: { ...uuids('id'), latitude: 'number', longitude: 'number' },
  },
  {
    file: 'address.csv',
    table: 'address',
    columns: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type'],
    required: ['id', 'location_id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
    order: ['location_id', 'position', 'id'],
    kinds: uuids('id', 'location_id'),
  },
  {
    file: 'accessibility.csv',
    table: 'accessibility',
    columns: ['id', 'location_id', 'description', 'details', 'url', 'accessibility'],
    required: ['id', 'location_id'],
    order: ['location_id', 'position', 'id'],
    kinds: uuids('id', 'location_id'),
  },
  {
    file: 'service_at_location.csv',
    table: 'service_at_location',
    columns: ['id', 'service_id', 'location_id'],
    required: ['id', 'service_id', 'location_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id', 'location_id'),
  },
  {
    file: 'contacts.csv',
    table: 'contact',
    columns: ['id', 'service_id', 'name', 'title', 'department', 'email'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id'),
  },
  {
    file: 'phones.csv',
    table: 'phone',
    columns: ['id', 'service_id', 'contact_id', 'number', 'extension', 'type', 'description'],
    required: ['id', 'service_id', 'number'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id', 'contact_id'),
  },
  {
    file: 'schedule.csv',
    table: 'schedule',
    columns: [
      'id', 'service_id', 'service_at_location_id', 'valid_from', 'valid_to', 'dtstart', 'freq', 'interval', 'byday', 'bymonthday', 'description',
      'opens_at', 'closes_at', 'schedule_link', 'attending_type', 'notes',
    ],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: { ...uuids('id', 'service_id', 'service_at_location_id'), valid_from: 'date', valid_to: 'date', dtstart: 'date', interval: 'integer', opens_at: 'time', closes_at: 'time' },
  },
  {
    file: 'service_areas.csv',
    table: 'service_area',
    columns: ['id', 'service_id', 'name', 'extent', 'extent_type', 'uri', 'service_area'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id'),
  },
  {
    file: 'languages.csv',
    table: 'language',
    columns: ['id', 'service_id', 'phone_id', 'name', 'code', 'note'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id', 'phone_id'),
  },
  {
    file: 'funding.csv',
    table: 'funding',
    columns: ['id', 'service_id', 'source'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id'),
  },
  {
    file: 'cost_options.csv',
    table: 'cost_option',
    columns: ['id', 'service_id', 'valid_from', 'valid_to', 'option', 'currency', 'amount', 'amount_description'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: { ...uuids('id', 'service_id'), valid_from: 'date', valid_to: 'date', amount: 'number' },
  },
  {
    file: 'required_documents.csv',
    table: 'required_document',
    columns: ['id', 'service_id', 'document', 'uri'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: uuids('id', 'service_id'),
  },
  {
    file: 'metadata.csv',
    table: 'metadata',
    columns: ['id', 'service_id', 'resource_id', 'resource_type', 'last_action_date', 'last_action_type', 'field_name', 'previous_value', 'replacement_value', 'updated_by'],
    required: ['id', 'service_id'],
    order: ['service_id', 'position', 'id'],
    kinds: { ...uuids('id', 'service_id', 'resource_id'), last_action_date: 'date' },
  },
  {
    // The vocabularies the terms come from (Hearth's needs, LGSL, ...), so a term's taxonomy_id
    // names a row of the same export.
    file: 'taxonomies.csv',
    table: 'taxonomy',
    columns: ['id', 'name', 'description', 'uri', 'version'],
    required: ['id', 'name', 'description'],
    order: ['id'],
    kinds: uuids('id'),
  },
  {
    file: 'taxonomy_terms.csv',
    table: 'taxonomy_term',
    columns: ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'taxonomy_id', 'term_uri', 'term', 'language'],
    required: ['id', 'name', 'description'],
    order: ['id'],
    kinds: uuids('id', 'parent_id', 'taxonomy_id'),
  },
  {
    file: 'attribute.csv',
    table: 'attribute',
    columns: ['id', 'link_id', 'link_entity', 'link_type', 'taxonomy_term_id', 'value', 'label'],
    required: ['id', 'link_id', 'link_entity'],
    order: ['link_id', 'position', 'id'],
    kinds: uuids('id', 'link_id', 'taxonomy_term_id'),
  },
];

export const tableByFile = new Map(ORUK_TABLES.map((t) => [t.file, t]));
