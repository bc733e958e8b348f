import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Hearth's own schemas of Open Referral UK 3.0 objects (the UK profile of HSDS 3.0), written
 * from the profile's published schemas. One set serves two purposes: validating imported
 * services (oruk/validate.ts) and describing the ORUK API's responses in the OpenAPI document.
 *
 * - Plain TypeBox: no `$id`, no `$ref`; sub-schemas are embedded by value.
 * - Fields are required exactly where ORUK requires them. Optional fields are never `null`:
 *   ORUK compliance says an empty optional field is left out.
 * - Extra properties are allowed, as ORUK allows them; a few HSDS 3.0 fields that ORUK leaves
 *   out are described (and stored) because publishers send them: service `phones`, `program`,
 *   `required_documents`, `metadata` and descriptive texts, contact `phones`, language
 *   `name`/`code`/`note`, taxonomy term `code`, cost option `currency`, address `address_2`.
 * - Foreign keys that the nesting already implies (a schedule's `service_id`, an address's
 *   `location_id`, an attribute's `link_id`, ...) may be given on input; Hearth's output leaves
 *   them out, as the ORUK examples do.
 */

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Text = (description?: string) => Type.String({ minLength: 1, ...(description ? { description } : {}) });
const Uri = (description?: string) => Type.String({ format: 'uri', ...(description ? { description } : {}) });
const Email = () => Type.String({ format: 'email' });
const DateOnly = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
/** Local time of day, `HH:MM` or `HH:MM:SS` (Hearth outputs `HH:MM:SS`); `24:00` closes at midnight. */
const TimeOfDay = (description: string) =>
  Type.String({ pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?|24:00(?::00)?)$', description });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
/** A string enum as plain JSON Schema `enum` (clearer errors and OpenAPI than a union of consts). */
const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

// --- taxonomies -----------------------------------------------------------------------------

const taxonomyTermProperties = {
  id: Uuid(),
  code: Opt(Text('HSDS 3.0: a short code of the term within its taxonomy.')),
  name: Text(),
  description: Text(),
  parent_id: Opt(Uuid('The parent term, when the taxonomy is hierarchical.')),
  taxonomy: Opt(Text('The name of the taxonomy, as the publisher gives it.')),
  taxonomy_id: Opt(Uuid()),
  term_uri: Opt(Uri()),
  term: Opt(Text()),
  language: Opt(Text('HSDS 3.0: the language of the term.')),
};

export const TaxonomyTermSchema = Type.Object(taxonomyTermProperties, { title: 'taxonomy_term' });
export type TaxonomyTerm = Static<typeof TaxonomyTermSchema>;

const taxonomyProperties = {
  id: Uuid(),
  name: Text(),
  description: Text(),
  uri: Opt(Uri()),
  version: Opt(Text()),
};

/** A taxonomy as `/taxonomies` lists it. */
export const TaxonomySchema = Type.Object(taxonomyProperties, { title: 'taxonomy' });
export type Taxonomy = Static<typeof TaxonomySchema>;

/** A taxonomy with its terms, as `/taxonomies/{id}` returns it. */
export const TaxonomyWithTermsSchema = Type.Object(
  { ...taxonomyProperties, taxonomy_terms: Opt(Type.Array(TaxonomyTermSchema)) },
  { title: 'taxonomy' },
);
export type TaxonomyWithTerms = Static<typeof TaxonomyWithTermsSchema>;

export const AttributeSchema = Type.Object(
  {
    id: Uuid(),
    link_id: Opt(Uuid('The entity the attribute belongs to (implied by nesting).')),
    link_type: Opt(Text()),
    link_entity: Opt(Text('HSDS 3.0: the kind of entity linked (implied by nesting).')),
    taxonomy_term_id: Opt(Uuid()),
    taxonomy_term: Opt(TaxonomyTermSchema),
    value: Opt(Text('HSDS 3.0')),
    label: Opt(Text('HSDS 3.0')),
  },
  { title: 'attribute' },
);
export type Attribute = Static<typeof AttributeSchema>;
const Attributes = () => Opt(Type.Array(AttributeSchema));

// --- organisations --------------------------------------------------------------------------

export const OrganizationIdentifierSchema = Type.Object(
  {
    id: Uuid(),
    organization_id: Opt(Uuid()),
    identifier_scheme: Opt(Text('The org-id.guide scheme, e.g. GB-CHC.')),
    identifier_type: Text(),
    identifier: Text(),
    attributes: Attributes(),
  },
  { title: 'organization_identifier' },
);
export type OrganizationIdentifier = Static<typeof OrganizationIdentifierSchema>;

const organizationSummaryProperties = {
  id: Uuid(),
  name: Text(),
  description: Text(),
  email: Opt(Email()),
  website: Opt(Uri()),
  logo: Opt(Text()),
  uri: Opt(Uri()),
  parent_organization_id: Opt(Uuid()),
};

/** An organisation without its lists, as service list items carry it. */
export const OrganizationSummarySchema = Type.Object(organizationSummaryProperties, { title: 'organization' });
export type OrganizationSummary = Static<typeof OrganizationSummarySchema>;

export const OrganizationSchema = Type.Object(
  {
    ...organizationSummaryProperties,
    organization_identifiers: Opt(Type.Array(OrganizationIdentifierSchema)),
    attributes: Attributes(),
  },
  { title: 'organization' },
);
export type Organization = Static<typeof OrganizationSchema>;

/** HSDS 3.0: a group of related services run by one organisation. */
export const ProgramSchema = Type.Object(
  {
    id: Uuid(),
    organization_id: Opt(Uuid()),
    name: Text(),
    alternate_name: Opt(Text()),
    description: Text(),
  },
  { title: 'program' },
);
export type Program = Static<typeof ProgramSchema>;

// --- locations ------------------------------------------------------------------------------

export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
const LocationType = () => StringEnum(LOCATION_TYPES);

export const AddressSchema = Type.Object(
  {
    id: Uuid(),
    location_id: Opt(Uuid()),
    attention: Opt(Text()),
    address_1: Text(),
    address_2: Opt(Text('HSDS 3.0')),
    city: Text(),
    region: Opt(Text()),
    state_province: Text(),
    postal_code: Text(),
    country: Text('ISO 3166-1 alpha-2 country code, e.g. GB.'),
    address_type: LocationType(),
    attributes: Attributes(),
  },
  { title: 'address' },
);
export type Address = Static<typeof AddressSchema>;

export const AccessibilitySchema = Type.Object(
  {
    id: Uuid(),
    location_id: Opt(Uuid()),
    description: Opt(Text()),
    details: Opt(Text()),
    url: Opt(Uri()),
    accessibility: Opt(Text()),
    attributes: Attributes(),
  },
  { title: 'accessibility' },
);
export type Accessibility = Static<typeof AccessibilitySchema>;

const locationSummaryProperties = {
  id: Uuid(),
  location_type: LocationType(),
  name: Opt(Text()),
  description: Opt(Text()),
  latitude: Opt(Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 decimal degrees.' })),
  longitude: Opt(Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 decimal degrees.' })),
  external_identifier: Opt(Text('e.g. a UPRN.')),
  external_identifier_type: Opt(Text()),
};

/** A location without its lists, as service_at_location list items carry it. */
export const LocationSummarySchema = Type.Object(locationSummaryProperties, { title: 'location' });
export type LocationSummary = Static<typeof LocationSummarySchema>;

export const LocationSchema = Type.Object(
  {
    ...locationSummaryProperties,
    addresses: Opt(Type.Array(AddressSchema)),
    accessibility: Opt(Type.Array(AccessibilitySchema)),
    attributes: Attributes(),
  },
  { title: 'location' },
);
export type Location = Static<typeof LocationSchema>;

/** A service_at_location as nested inside a full service. */
export const ServiceAtLocationSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    location_id: Opt(Uuid('Given alone, names a location defined elsewhere in the feed.')),
    location: Opt(LocationSchema),
  },
  { title: 'service_at_location' },
);
export type ServiceAtLocation = Static<typeof ServiceAtLocationSchema>;

// --- a service's own lists ------------------------------------------------------------------

export const ScheduleSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    service_at_location_id: Opt(Uuid('Set when the times apply at one of the service\'s locations only.')),
    valid_from: Opt(DateOnly()),
    valid_to: Opt(DateOnly()),
    dtstart: Opt(DateOnly()),
    freq: Opt(StringEnum(['WEEKLY', 'MONTHLY'] as const)),
    interval: Opt(Type.Integer({ minimum: 1 })),
    byday: Opt(Text('RFC 5545 BYDAY: MO,TU,WE,TH,FR,SA,SU, with an ordinal for MONTHLY rules (1MO, -1FR).')),
    bymonthday: Opt(Text('RFC 5545 BYMONTHDAY: 1 to 31 or -31 to -1, comma separated.')),
    description: Opt(Text()),
    opens_at: Opt(TimeOfDay('Opening time, local time.')),
    closes_at: Opt(TimeOfDay('Closing time, local time.')),
    schedule_link: Opt(Uri()),
    attending_type: Opt(Text()),
    notes: Opt(Text()),
  },
  { title: 'schedule' },
);
export type Schedule = Static<typeof ScheduleSchema>;

export const ServiceAreaSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    name: Opt(Text()),
    extent: Opt(Text()),
    extent_type: Opt(Text()),
    uri: Opt(Text()),
    service_area: Opt(Text()),
  },
  { title: 'service_area' },
);
export type ServiceArea = Static<typeof ServiceAreaSchema>;

export const LanguageSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    phone_id: Opt(Uuid()),
    name: Opt(Text('HSDS 3.0: the language\'s name, e.g. Polish.')),
    code: Opt(Text('HSDS 3.0: ISO 639 / BCP 47 code, e.g. pl.')),
    note: Opt(Text('HSDS 3.0')),
  },
  { title: 'language' },
);
export type Language = Static<typeof LanguageSchema>;

export const FundingSchema = Type.Object(
  { id: Uuid(), service_id: Opt(Uuid()), source: Opt(Text()) },
  { title: 'funding' },
);
export type Funding = Static<typeof FundingSchema>;

export const CostOptionSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    valid_from: Opt(DateOnly()),
    valid_to: Opt(DateOnly()),
    option: Opt(Text()),
    currency: Opt(Text('HSDS 3.0: ISO 4217 code; absent means GBP.')),
    amount: Opt(Type.Number()),
    amount_description: Opt(Text()),
  },
  { title: 'cost_option' },
);
export type CostOption = Static<typeof CostOptionSchema>;

export const PhoneSchema = Type.Object(
  {
    id: Uuid(),
    contact_id: Opt(Uuid()),
    service_id: Opt(Uuid()),
    number: Text(),
    extension: Opt(Text('HSDS 3.0')),
    type: Opt(Text('HSDS 3.0: text, voice, fax, cell, video, pager or textphone.')),
    description: Opt(Text()),
    languages: Opt(Type.Array(LanguageSchema)),
  },
  { title: 'phone' },
);
export type Phone = Static<typeof PhoneSchema>;

export const ContactSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    name: Opt(Text()),
    title: Opt(Text()),
    department: Opt(Text('HSDS 3.0')),
    email: Opt(Email()),
    phones: Opt(Type.Array(PhoneSchema)),
    attributes: Attributes(),
  },
  { title: 'contact' },
);
export type Contact = Static<typeof ContactSchema>;

export const RequiredDocumentSchema = Type.Object(
  { id: Uuid(), service_id: Opt(Uuid()), document: Opt(Text()), uri: Opt(Uri()) },
  { title: 'required_document' },
);
export type RequiredDocument = Static<typeof RequiredDocumentSchema>;

/** HSDS 3.0: one entry of the change log a publisher may send with a service. */
export const MetadataSchema = Type.Object(
  {
    id: Uuid(),
    resource_id: Uuid(),
    resource_type: Text(),
    last_action_date: DateOnly(),
    last_action_type: Text(),
    field_name: Opt(Text()),
    previous_value: Opt(Text()),
    replacement_value: Opt(Text()),
    updated_by: Opt(Text()),
  },
  { title: 'metadata' },
);
export type Metadata = Static<typeof MetadataSchema>;

// --- services -------------------------------------------------------------------------------

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
const ServiceStatus = () => StringEnum(SERVICE_STATUSES);

/** The one-to-one fields of a service, in ORUK's order. */
const serviceFields = {
  id: Uuid(),
  organization_id: Opt(Uuid()),
  name: Text(),
  alternate_name: Opt(Text('HSDS 3.0')),
  description: Opt(Text()),
  url: Opt(Uri()),
  email: Opt(Email()),
  status: ServiceStatus(),
  interpretation_services: Opt(Text('HSDS 3.0')),
  application_process: Opt(Text('HSDS 3.0')),
  fees_description: Opt(Text('HSDS 3.0')),
  wait_time: Opt(Text('HSDS 3.0 (deprecated)')),
  fees: Opt(Text('Deprecated in ORUK 3.0: use cost_options.')),
  accreditations: Opt(Text()),
  eligibility_description: Opt(Text('HSDS 3.0')),
  minimum_age: Opt(Type.Number({ minimum: 0 })),
  maximum_age: Opt(Type.Number({ minimum: 0 })),
  assured_date: Opt(DateOnly('When the information was last checked.')),
  assurer_email: Opt(Email()),
  licenses: Opt(Text('HSDS 3.0')),
  alert: Opt(Text()),
  last_modified: Opt(Type.String({ format: 'date-time', description: 'When the service or anything about it last changed.' })),
};

const serviceLists = {
  phones: Opt(Type.Array(PhoneSchema, { description: 'HSDS 3.0' })),
  schedules: Opt(Type.Array(ScheduleSchema)),
  service_areas: Opt(Type.Array(ServiceAreaSchema)),
  service_at_locations: Opt(Type.Array(ServiceAtLocationSchema)),
  languages: Opt(Type.Array(LanguageSchema)),
  organization: Opt(OrganizationSchema),
  funding: Opt(Type.Array(FundingSchema)),
  cost_options: Opt(Type.Array(CostOptionSchema)),
  program: Opt(ProgramSchema),
  required_documents: Opt(Type.Array(RequiredDocumentSchema, { description: 'HSDS 3.0' })),
  contacts: Opt(Type.Array(ContactSchema)),
  attributes: Attributes(),
  metadata: Opt(Type.Array(MetadataSchema, { description: 'HSDS 3.0' })),
};

/** One full service, as `/services/{id}` returns it and as the importer takes it. */
export const ServiceSchema = Type.Object({ ...serviceFields, ...serviceLists }, { title: 'service' });
export type Service = Static<typeof ServiceSchema>;

/** A service in `/services` pages: its own fields and its organisation. */
export const ServiceListItemSchema = Type.Object(
  { ...serviceFields, organization: Opt(OrganizationSummarySchema) },
  { title: 'service' },
);
export type ServiceListItem = Static<typeof ServiceListItemSchema>;

const { service_at_locations: _omitted, ...serviceListsWithoutPlaces } = serviceLists;
void _omitted;

/** One service at one location, as `/service_at_locations/{id}` returns it. */
export const ServiceAtLocationFullSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    location_id: Opt(Uuid()),
    location: Opt(LocationSchema),
    service: Opt(Type.Object({ ...serviceFields, ...serviceListsWithoutPlaces }, { title: 'service' })),
  },
  { title: 'service_at_location' },
);
export type ServiceAtLocationFull = Static<typeof ServiceAtLocationFullSchema>;

/** An item of `/service_at_locations` pages. */
export const ServiceAtLocationListItemSchema = Type.Object(
  {
    id: Uuid(),
    service_id: Opt(Uuid()),
    location_id: Opt(Uuid()),
    location: Opt(LocationSummarySchema),
    service: Opt(ServiceListItemSchema),
  },
  { title: 'service_at_location' },
);
export type ServiceAtLocationListItem = Static<typeof ServiceAtLocationListItemSchema>;

// --- pages ----------------------------------------------------------------------------------

/** An ORUK page of items: `total_items`, `total_pages`, `page_number` (from 1), `size`, ... */
export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({
    total_items: Type.Integer({ minimum: 0 }),
    total_pages: Type.Integer({ minimum: 0 }),
    page_number: Type.Integer({ minimum: 1 }),
    size: Type.Integer({ minimum: 0, description: 'The number of items on this page.' }),
    first_page: Type.Boolean(),
    last_page: Type.Boolean(),
    empty: Type.Boolean(),
    contents: Type.Array(item),
  });

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export const ServicePageSchema = Paged(ServiceListItemSchema);
export const ServiceAtLocationPageSchema = Paged(ServiceAtLocationListItemSchema);
export const TaxonomyPageSchema = Paged(TaxonomySchema);
export const TaxonomyTermPageSchema = Paged(TaxonomyTermSchema);
