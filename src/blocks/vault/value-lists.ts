/**
 * The fixed choices in a resident's record, as stored: how to be contacted, in which language,
 * in which accessible formats, and which benefits are held. The resident's forms offer them
 * (pages/record) and the partner API's schemas allow exactly them (api/values-schema.ts).
 */
export const CHANNELS = ['email', 'post', 'phone', 'text'] as const;
export const LANGUAGES = ['en', 'cy'] as const;
export const FORMATS = ['large_print', 'easy_read', 'braille', 'audio', 'bsl'] as const;
export const BENEFITS = [
  'universal_credit',
  'pension_credit',
  'housing_benefit',
  'council_tax_reduction',
  'personal_independence_payment',
  'disability_living_allowance',
  'attendance_allowance',
  'carers_allowance',
  'employment_and_support_allowance',
  'jobseekers_allowance',
  'child_benefit',
  'state_pension',
] as const;
