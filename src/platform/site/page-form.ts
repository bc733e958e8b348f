import type { Translate } from '../web/i18n.js';
import { PAGE_FIELDS, type PageFields, type SitePage } from './page-fields.js';

/**
 * The admin's edit form of one page in one language: its inputs as submitted (a date is three
 * inputs, `{name}-day`, `-month` and `-year`, as in GOV.UK's date input) and their checks.
 */

/** The inputs' values by input name, as the form shows them. */
export type FormInputs = Record<string, string>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The form's inputs for these field values. */
export function inputsOf(page: SitePage, fields: PageFields): FormInputs {
  const inputs: FormInputs = {};
  for (const spec of PAGE_FIELDS[page]) {
    const value = fields[spec.name] ?? '';
    if (spec.kind === 'date') {
      const m = DATE.exec(value);
      inputs[`${spec.name}-day`] = m ? String(Number(m[3])) : '';
      inputs[`${spec.name}-month`] = m ? String(Number(m[2])) : '';
      inputs[`${spec.name}-year`] = m ? m[1] : '';
    } else inputs[spec.name] = value;
  }
  return inputs;
}

/** A real day (not 31 February), as YYYY-MM-DD; undefined otherwise. */
export function dayOf(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 2000 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

export interface ReadForm {
  inputs: FormInputs;
  fields: PageFields;
  /** Messages by the id of the input to go to (`#{id}` in the error summary). */
  errors: Record<string, string>;
}

/** Read and check a submitted form; messages are the field's own, in the reader's language. */
export function readPageForm(page: SitePage, body: Record<string, unknown>, t: Translate): ReadForm {
  const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const inputs: FormInputs = {};
  const fields: PageFields = {};
  const errors: Record<string, string> = {};
  for (const spec of PAGE_FIELDS[page]) {
    const key = `site.field.${page}.${spec.name}`;
    if (spec.kind === 'date') {
      const [day, month, year] = ['day', 'month', 'year'].map((part) => str(`${spec.name}-${part}`).trim());
      Object.assign(inputs, { [`${spec.name}-day`]: day, [`${spec.name}-month`]: month, [`${spec.name}-year`]: year });
      const value = dayOf(day, month, year);
      if (value) fields[spec.name] = value;
      else errors[`${spec.name}-day`] = t(`${key}.error`);
      continue;
    }
    if (spec.kind === 'choice') {
      const value = str(spec.name);
      inputs[spec.name] = value;
      if (spec.choices.includes(value)) fields[spec.name] = value;
      else errors[spec.name] = t(`${key}.error_missing`);
      continue;
    }
    // Text: one line; markup: lines as typed, without the trailing spaces a textarea keeps.
    // Control characters other than line breaks and tabs mean nothing on a page: dropped.
    const raw = str(spec.name).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    const value = spec.kind === 'text' ? raw.replace(/\s+/g, ' ').trim() : raw.split('\n').map((l) => l.trimEnd()).join('\n').trim();
    inputs[spec.name] = value;
    // Characters as people count them: an emoji is one.
    if (!value && spec.required) errors[spec.name] = t(`${key}.error_missing`);
    else if ([...value].length > spec.max) errors[spec.name] = t(`${key}.error_long`, { max: spec.max });
    else fields[spec.name] = value;
  }
  return { inputs, fields, errors };
}
