import type { Service } from '../../oruk/schemas.js';
import { checkText, field, LIMITS, optional, parseAge, type FieldError, type FormBody, type FormResult } from './fields.js';

/** Who the service is for: in words, and the youngest and oldest ages it takes. */
export interface EligibilityValues {
  description: string;
  minimumAge: string;
  maximumAge: string;
}

export const eligibilityValues = (service: Service): EligibilityValues => ({
  description: service.eligibility_description ?? '',
  minimumAge: service.minimum_age === undefined ? '' : String(service.minimum_age),
  maximumAge: service.maximum_age === undefined ? '' : String(service.maximum_age),
});

export const readEligibility = (body: FormBody): EligibilityValues => ({
  description: field(body, 'eligibility'),
  minimumAge: field(body, 'minimum-age'),
  maximumAge: field(body, 'maximum-age'),
});

export function applyEligibility(service: Service, values: EligibilityValues): FormResult<Service> {
  const errors: FieldError[] = [];
  checkText(errors, 'eligibility', values.description, { max: LIMITS.description, what: 'eligibility' });
  const min = parseAge(values.minimumAge);
  const max = parseAge(values.maximumAge);
  if (Number.isNaN(min)) errors.push({ field: 'minimum-age', key: 'directory.edit.error.age', params: { what: 'minimum_age' } });
  if (Number.isNaN(max)) errors.push({ field: 'maximum-age', key: 'directory.edit.error.age', params: { what: 'maximum_age' } });
  if (min !== undefined && max !== undefined && !Number.isNaN(min) && !Number.isNaN(max) && max < min) {
    errors.push({ field: 'maximum-age', key: 'directory.edit.error.ages_reversed' });
  }
  if (errors.length) return { errors };
  let document = optional(service, 'eligibility_description', values.description || undefined);
  document = optional(document, 'minimum_age', min);
  document = optional(document, 'maximum_age', max);
  return { document };
}
