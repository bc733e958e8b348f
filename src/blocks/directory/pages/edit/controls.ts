import type { Translate } from '../../../../platform/web/i18n.js';
import type { DateParts } from '../../editing/forms/fields.js';

/**
 * GOV.UK Frontend macro parameters for the edit forms' controls (rendered by
 * `views/directory-edit-form.njk`), with each field's problem shown above it.
 */

export type Control =
  | { type: 'input' | 'textarea' | 'date' | 'checkboxes' | 'radios' | 'select'; params: Record<string, unknown> }
  | { type: 'inset' | 'warning' | 'p'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'button'; text: string; value: string; small?: boolean; describedBy?: string }
  | { type: 'group'; legend: string; hint?: string; id?: string; size?: 's' | 'm' | 'l'; controls: Control[] };

export type Errors = Record<string, string>;

const errorOf = (errors: Errors, id: string, prefix: string) => (errors[id] ? { text: errors[id], visuallyHiddenText: prefix } : undefined);

export interface InputOptions {
  hint?: string;
  classes?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  spellcheck?: boolean;
  labelSize?: 's' | 'm' | 'l';
  prefix?: string;
}

export function input(t: Translate, errors: Errors, id: string, label: string, value: string, o: InputOptions = {}): Control {
  return {
    type: 'input',
    params: {
      id,
      name: id,
      value,
      type: o.type ?? 'text',
      label: { text: label, classes: o.labelSize ? `govuk-label--${o.labelSize}` : undefined },
      hint: o.hint ? { text: o.hint } : undefined,
      classes: o.classes,
      autocomplete: o.autocomplete,
      inputmode: o.inputmode,
      spellcheck: o.spellcheck,
      prefix: o.prefix ? { text: o.prefix } : undefined,
      errorMessage: errorOf(errors, id, t('directory.error_prefix')),
    },
  };
}

export function textarea(t: Translate, errors: Errors, id: string, label: string, value: string, o: { hint?: string; rows?: number; labelSize?: 's' | 'm' | 'l' } = {}): Control {
  return {
    type: 'textarea',
    params: {
      id,
      name: id,
      value,
      rows: o.rows ?? 5,
      label: { text: label, classes: o.labelSize ? `govuk-label--${o.labelSize}` : undefined },
      hint: o.hint ? { text: o.hint } : undefined,
      errorMessage: errorOf(errors, id, t('directory.error_prefix')),
    },
  };
}

/** A GOV.UK date input; a problem with any of its parts is shown on the whole date, the part named marked. */
export function dateInput(t: Translate, errors: Errors, id: string, legend: string, parts: DateParts, hint?: string): Control {
  const problemPart = (['day', 'month', 'year'] as const).find((p) => errors[`${id}-${p}`]);
  const message = problemPart ? errors[`${id}-${problemPart}`] : undefined;
  const item = (name: 'day' | 'month' | 'year', width: number) => ({
    name,
    label: t(`directory.edit.date.${name}`),
    value: parts[name],
    classes: `govuk-input--width-${width}${message && (problemPart === name || problemPart === 'day') ? ' govuk-input--error' : ''}`,
    inputmode: 'numeric',
  });
  return {
    type: 'date',
    params: {
      id,
      namePrefix: id,
      fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--s' } },
      hint: { text: hint ?? t('directory.edit.date.hint') },
      items: [item('day', 2), item('month', 2), item('year', 4)],
      errorMessage: message ? { text: message, visuallyHiddenText: t('directory.error_prefix') } : undefined,
    },
  };
}

export function checkboxes(t: Translate, errors: Errors, id: string, legend: string, items: Array<{ value: string; text: string; hint?: string }>, chosen: string[], hint?: string): Control {
  return {
    type: 'checkboxes',
    params: {
      idPrefix: id,
      name: id,
      fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--m' } },
      hint: hint ? { text: hint } : undefined,
      items: items.map((i) => ({ value: i.value, text: i.text, hint: i.hint ? { text: i.hint } : undefined, checked: chosen.includes(i.value) })),
      errorMessage: errorOf(errors, id, t('directory.error_prefix')),
    },
  };
}

export function radios(t: Translate, errors: Errors, id: string, legend: string, items: Array<{ value: string; text: string; hint?: string }>, chosen: string, o: { hint?: string; inline?: boolean; size?: 's' | 'm' | 'l' } = {}): Control {
  return {
    type: 'radios',
    params: {
      idPrefix: id,
      name: id,
      classes: o.inline ? 'govuk-radios--inline' : undefined,
      fieldset: { legend: { text: legend, classes: `govuk-fieldset__legend--${o.size ?? 'm'}` } },
      hint: o.hint ? { text: o.hint } : undefined,
      items: items.map((i) => ({ value: i.value, text: i.text, hint: i.hint ? { text: i.hint } : undefined, checked: chosen === i.value })),
      errorMessage: errorOf(errors, id, t('directory.error_prefix')),
    },
  };
}

export function select(t: Translate, errors: Errors, id: string, label: string, items: Array<{ value: string; text: string }>, chosen: string): Control {
  return {
    type: 'select',
    params: {
      id,
      name: id,
      label: { text: label },
      items: items.map((i) => ({ value: i.value, text: i.text, selected: chosen === i.value })),
      errorMessage: errorOf(errors, id, t('directory.error_prefix')),
    },
  };
}
