/**
 * What a resident's record holds, by category. Grants name categories; the access log records
 * them. A category's sensitivity decides whether its values are sealed at rest and whether a
 * recorded legal basis needs a second officer's approval. Councils will add their own (issue 10:
 * "a council-extensible list"); these are the ones every council has.
 */
export type Sensitivity = 'standard' | 'sensitive';

export const BUILTIN_CATEGORIES: ReadonlyArray<{ code: string; sensitivity: Sensitivity }> = [
  { code: 'name', sensitivity: 'standard' },
  { code: 'contact', sensitivity: 'standard' },
  { code: 'preferences', sensitivity: 'standard' },
  { code: 'address', sensitivity: 'standard' },
  { code: 'household', sensitivity: 'standard' },
  { code: 'carer', sensitivity: 'sensitive' },
  { code: 'disability', sensitivity: 'sensitive' },
  { code: 'benefits', sensitivity: 'sensitive' },
];

export const CATEGORY_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export function sensitivityOf(code: string): Sensitivity | undefined {
  return BUILTIN_CATEGORIES.find((c) => c.code === code)?.sensitivity;
}
