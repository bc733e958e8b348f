/**
 * The ORUK 3.0 object types the demo generator produces: the directory block's own schemas
 * (oruk/schemas.ts), under the names the demo code uses. Generated services carry the HSDS 3.0
 * extras those schemas describe (`phones`, language `name`/`code`, taxonomy term `code`,
 * attribute `link_entity`); ORUK allows extra properties, so they still validate against it.
 */
import type {
  Accessibility,
  Address,
  Attribute,
  Contact,
  CostOption,
  Funding,
  Language,
  Location,
  Organization,
  Phone,
  Schedule,
  Service,
  ServiceArea,
  ServiceAtLocation,
  SERVICE_STATUSES,
  TaxonomyTerm,
  TaxonomyWithTerms,
} from '../oruk/schemas.js';

export type OrukFullService = Service;
export type OrukServiceStatus = (typeof SERVICE_STATUSES)[number];
export type OrukTaxonomy = TaxonomyWithTerms;
export type OrukTaxonomyTerm = TaxonomyTerm;
export type OrukAttribute = Attribute;
export type OrukAddress = Address;
export type OrukAccessibility = Accessibility;
export type OrukLocation = Location;
export type OrukServiceAtLocation = ServiceAtLocation;
export type OrukSchedule = Schedule;
export type OrukServiceArea = ServiceArea;
export type OrukLanguage = Language;
export type OrukOrganization = Organization;
export type OrukFunding = Funding;
export type OrukCostOption = CostOption;
export type OrukContact = Contact;
export type OrukPhone = Phone;
