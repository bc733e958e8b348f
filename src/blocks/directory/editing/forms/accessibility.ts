import type { Accessibility, Location } from '../../oruk/schemas.js';
import { ACCESSIBILITY_FEATURES, ACCESSIBILITY_TAXONOMY } from '../../vocabulary.js';
import { checkText, field, fieldList, LIMITS, newId, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * Accessibility at one location: features chosen from Hearth's accessibility vocabulary (the
 * ones residents filter on, carried as ORUK attributes linking to its terms), and anything
 * else in the editor's words. Rows of other vocabularies or in words only are kept.
 */

const featureOf = (row: Accessibility) =>
  ACCESSIBILITY_FEATURES.find((f) => row.attributes?.some((a) => (a.taxonomy_term?.id ?? a.taxonomy_term_id) === f.id));

const OTHER_MARK = 'other';

export interface AccessibilityValues {
  features: string[];
  other: string;
}

export function accessibilityValues(location: Location): AccessibilityValues {
  const rows = location.accessibility ?? [];
  return {
    features: rows.map(featureOf).filter((f) => f !== undefined).map((f) => f.code),
    other: rows.find((r) => !featureOf(r) && r.accessibility === OTHER_MARK)?.description ?? '',
  };
}

export const readAccessibility = (body: FormBody): AccessibilityValues => ({ features: fieldList(body, 'features'), other: field(body, 'other') });

export function applyAccessibility(location: Location, values: AccessibilityValues): FormResult<Location> {
  const errors: FieldError[] = [];
  if (values.features.some((c) => !ACCESSIBILITY_FEATURES.some((f) => f.code === c))) errors.push({ field: 'features', key: 'directory.edit.error.feature' });
  checkText(errors, 'other', values.other, { max: LIMITS.description, what: 'accessibility_other' });
  if (errors.length) return { errors };
  const rows = location.accessibility ?? [];
  const chosen: Accessibility[] = ACCESSIBILITY_FEATURES.filter((f) => values.features.includes(f.code)).map((f) => {
    const same = rows.find((r) => featureOf(r)?.code === f.code);
    if (same) return same;
    const id = newId();
    return {
      id,
      description: f.description,
      attributes: [{
        id: newId(),
        link_type: 'accessibility',
        link_entity: 'accessibility',
        taxonomy_term_id: f.id,
        taxonomy_term: { id: f.id, code: f.code, name: f.name, description: f.description, taxonomy: ACCESSIBILITY_TAXONOMY.name, taxonomy_id: ACCESSIBILITY_TAXONOMY.id, term_uri: `${ACCESSIBILITY_TAXONOMY.uri}/${f.code}`, term: f.name },
      }],
    };
  });
  const oldOther = rows.find((r) => !featureOf(r) && r.accessibility === OTHER_MARK);
  const other: Accessibility[] = values.other ? [{ id: oldOther?.id ?? newId(), description: values.other, accessibility: OTHER_MARK }] : [];
  const kept = rows.filter((r) => !featureOf(r) && r.accessibility !== OTHER_MARK);
  return { document: { ...location, accessibility: [...chosen, ...other, ...kept] } };
}
