import type { Translate } from '../../../../platform/web/i18n.js';
import type { CategoryKind } from '../../categories.js';
import { BENEFITS, CHANNELS, FORMATS, LANGUAGES, type Inputs } from './values.js';

/**
 * Each kind's form as GOV.UK Frontend macro parameters (rendered by `vault-record-form.njk`),
 * filled with what was typed or is held, each field's problem shown with it.
 */

export type Control = { type: 'input' | 'textarea' | 'radios' | 'checkboxes' | 'date'; params: Record<string, unknown> };

type Errors = Record<string, string>;

/** Where the error summary links to for fields whose first input has another id. */
export const FIRST_INPUT: Record<string, string> = { dateOfBirth: 'dateOfBirth-day' };

const str = (inputs: Inputs, key: string) => (typeof inputs[key] === 'string' ? (inputs[key] as string) : '');
const strs = (inputs: Inputs, key: string) => (Array.isArray(inputs[key]) ? (inputs[key] as string[]) : []);

function make(t: Translate, inputs: Inputs, errors: Errors) {
  const errorOf = (id: string) => (errors[id] ? { text: errors[id], visuallyHiddenText: t('vault.record.error_prefix') } : undefined);
  const label = (id: string) => t(`vault.record.field.${id}`);
  const hintOf = (id: string, hint?: boolean) => (hint ? { text: t(`vault.record.field.${id}_hint`) } : undefined);
  return {
    input(id: string, o: { autocomplete?: string; type?: string; classes?: string; inputmode?: string; spellcheck?: boolean; hint?: boolean } = {}): Control {
      return {
        type: 'input',
        params: {
          id, name: id, value: str(inputs, id), type: o.type ?? 'text', label: { text: label(id), classes: 'govuk-label--s' }, hint: hintOf(id, o.hint),
          autocomplete: o.autocomplete, classes: o.classes, inputmode: o.inputmode, spellcheck: o.spellcheck, errorMessage: errorOf(id),
        },
      };
    },
    textarea(id: string, o: { hint?: boolean; label?: string } = {}): Control {
      return { type: 'textarea', params: { id, name: id, value: str(inputs, id), rows: 4, label: { text: o.label ?? label(id), classes: 'govuk-label--s' }, hint: hintOf(id, o.hint), errorMessage: errorOf(id) } };
    },
    choice(type: 'radios' | 'checkboxes', id: string, options: readonly string[], optionKey: string, o: { legend?: string; hint?: boolean; inline?: boolean } = {}): Control {
      const chosen = type === 'radios' ? [str(inputs, id)] : strs(inputs, id);
      return {
        type,
        params: {
          idPrefix: id, name: id,
          fieldset: { legend: { text: o.legend ?? label(id), classes: 'govuk-fieldset__legend--s' } },
          hint: hintOf(id, o.hint), classes: o.inline ? 'govuk-radios--inline' : undefined, errorMessage: errorOf(id),
          items: options.map((value) => ({ value, text: t(`${optionKey}.${value}`), checked: chosen.includes(value) })),
        },
      };
    },
    date(id: string): Control {
      const problem = errors[id];
      const item = (part: 'day' | 'month' | 'year', width: number) => ({
        name: part, label: t(`vault.record.field.date_${part}`), value: str(inputs, `${id}-${part}`),
        classes: `govuk-input--width-${width}${problem ? ' govuk-input--error' : ''}`, inputmode: 'numeric',
      });
      return {
        type: 'date',
        params: {
          id, namePrefix: id, fieldset: { legend: { text: label(id), classes: 'govuk-fieldset__legend--s' } }, hint: { text: t(`vault.record.field.${id}_hint`) },
          errorMessage: errorOf(id), items: [item('day', 2), item('month', 2), item('year', 4)],
        },
      };
    },
  };
}

/** The controls of a category's form; `question` is what a circumstance asks (the category's name). */
export function controlsFor(t: Translate, kind: CategoryKind, inputs: Inputs, errors: Errors, question: string): Control[] {
  const c = make(t, inputs, errors);
  switch (kind) {
    case 'name':
      return [c.input('fullName', { autocomplete: 'name', spellcheck: false }), c.input('preferredName', { spellcheck: false, hint: true })];
    case 'contact':
      return [
        c.input('email', { type: 'email', autocomplete: 'email', spellcheck: false, hint: true }),
        c.input('phone', { type: 'tel', autocomplete: 'tel', classes: 'govuk-input--width-20', hint: true }),
      ];
    case 'preferences':
      return [
        c.choice('radios', 'channel', CHANNELS, 'vault.record.channel'),
        c.choice('radios', 'language', LANGUAGES, 'vault.record.language', { inline: true }),
        c.choice('checkboxes', 'formats', FORMATS, 'vault.record.format', { hint: true }),
      ];
    case 'address':
      return [
        c.input('line1', { autocomplete: 'address-line1' }),
        c.input('line2', { autocomplete: 'address-line2' }),
        c.input('town', { autocomplete: 'address-level2', classes: 'govuk-!-width-two-thirds' }),
        c.input('postcode', { autocomplete: 'postal-code', classes: 'govuk-input--width-10', spellcheck: false }),
        c.input('uprn', { classes: 'govuk-input--width-20', inputmode: 'numeric', spellcheck: false, hint: true }),
      ];
    case 'household':
      return [c.input('memberName', { spellcheck: false }), c.input('relationship', { hint: true }), c.date('dateOfBirth')];
    case 'benefits':
      return [c.choice('checkboxes', 'held', BENEFITS, 'vault.record.benefit', { hint: true }), c.textarea('other', { hint: true })];
    case 'circumstance':
      return [c.choice('radios', 'applies', ['yes', 'no'], 'vault.record.answer', { legend: t('vault.record.field.applies', { category: question }), inline: true }), c.textarea('details', { hint: true })];
  }
}
