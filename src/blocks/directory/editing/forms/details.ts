import type { Organization, Service } from '../../oruk/schemas.js';
import { checkEmail, checkText, checkUrl, field, LIMITS, optional, type FieldError, type FormBody, type FormResult } from './fields.js';

/** A service's name and description. */
export interface DetailsValues {
  name: string;
  description: string;
}

export const detailsValues = (service: Service): DetailsValues => ({ name: service.name ?? '', description: service.description ?? '' });
export const readDetails = (body: FormBody): DetailsValues => ({ name: field(body, 'name'), description: field(body, 'description') });

export function applyDetails(service: Service, values: DetailsValues): FormResult<Service> {
  const errors: FieldError[] = [];
  checkText(errors, 'name', values.name, { required: true, max: LIMITS.name, what: 'service_name' });
  checkText(errors, 'description', values.description, { required: true, max: LIMITS.description, what: 'service_description' });
  if (errors.length) return { errors };
  return { document: { ...service, name: values.name, description: values.description } };
}

/** The organisation's own details. (ORUK 3.0 gives an organisation no phone: see the report in docs.) */
export interface OrganisationValues {
  name: string;
  description: string;
  email: string;
  website: string;
}

export const organisationValues = (org: Organization): OrganisationValues => ({
  name: org.name ?? '',
  description: org.description ?? '',
  email: org.email ?? '',
  website: org.website ?? '',
});

export const readOrganisation = (body: FormBody): OrganisationValues => ({
  name: field(body, 'name'),
  description: field(body, 'description'),
  email: field(body, 'email'),
  website: field(body, 'website'),
});

export function applyOrganisation(org: Organization, values: OrganisationValues): FormResult<Organization> {
  const errors: FieldError[] = [];
  checkText(errors, 'name', values.name, { required: true, max: LIMITS.name, what: 'organisation_name' });
  checkText(errors, 'description', values.description, { required: true, max: LIMITS.description, what: 'organisation_description' });
  checkEmail(errors, 'email', values.email, 'organisation_email');
  const website = checkUrl(errors, 'website', values.website, 'organisation_website');
  if (errors.length) return { errors };
  let document: Organization = { ...org, name: values.name, description: values.description };
  document = optional(document, 'email', values.email || undefined);
  document = optional(document, 'website', website);
  return { document };
}
