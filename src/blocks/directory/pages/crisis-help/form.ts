import type { Translate } from '../../../../platform/web/i18n.js';
import type { CrisisContact, CrisisHelp } from '../../crisis-help.js';

/**
 * The crisis help form as typed, and its checks. The page keeps what was typed (strings) so a
 * form with a mistake comes back as it was; only a form without one becomes a `CrisisHelp`.
 * The limits are the schema's (crisis-help.ts); the words are ours, naming each field.
 */

export const MAX_CONTACTS = 10;
const NUMBER = /^\+?[0-9][0-9 ]{1,18}[0-9]$/;

export interface ContactInputs {
  name: string;
  how: string;
  number: string;
  message: string;
  description: string;
}

export interface CrisisHelpInputs {
  heading: string;
  text: string;
  contacts: ContactInputs[];
}

const str = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();

/** The inputs of a help already stored (or the default), for the form to start from. */
export function inputsOf(help: CrisisHelp): CrisisHelpInputs {
  return {
    heading: help.heading,
    text: help.text,
    contacts: help.contacts.map((c) => ({ name: c.name, how: c.how, number: c.number, message: c.message ?? '', description: c.description })),
  };
}

/**
 * Read the posted form: `contact-<n>-<field>` for n from 1 to `contacts` (at most MAX_CONTACTS).
 * A contact left wholly empty is dropped (that is how one is taken away without JavaScript).
 */
export function readInputs(body: Record<string, unknown>): CrisisHelpInputs {
  const count = Math.min(Math.max(Number.parseInt(str(body.contacts), 10) || 0, 0), MAX_CONTACTS);
  const contacts: ContactInputs[] = [];
  for (let n = 1; n <= count; n++) {
    const field = (name: string) => str(body[`contact-${n}-${name}`]);
    const contact = { name: field('name'), how: field('how'), number: field('number'), message: field('message'), description: field('description') };
    if (contact.name || contact.number || contact.message || contact.description) contacts.push(contact);
  }
  return { heading: str(body.heading), text: str(body.text), contacts };
}

/** Each mistake by the id of its field (as the error summary links to it), in the form's order. */
export function checkInputs(inputs: CrisisHelpInputs, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!inputs.heading) errors.heading = t('directory.crisis_admin.error.heading_missing');
  else if (inputs.heading.length > 200) errors.heading = t('directory.crisis_admin.error.heading_long', { max: 200 });
  if (inputs.text.length > 1000) errors.text = t('directory.crisis_admin.error.text_long', { max: 1000 });
  if (!inputs.contacts.length) errors['contact-1-name'] = t('directory.crisis_admin.error.no_contacts');
  inputs.contacts.forEach((c, i) => {
    const n = i + 1;
    const id = (name: string) => `contact-${n}-${name}`;
    if (!c.name) errors[id('name')] = t('directory.crisis_admin.error.name_missing', { n });
    else if (c.name.length > 100) errors[id('name')] = t('directory.crisis_admin.error.name_long', { n, max: 100 });
    if (c.how !== 'call' && c.how !== 'text') errors[id('how')] = t('directory.crisis_admin.error.how_missing', { n });
    if (!c.number) errors[id('number')] = t('directory.crisis_admin.error.number_missing', { n });
    else if (!NUMBER.test(c.number)) errors[id('number')] = t('directory.crisis_admin.error.number_invalid', { n });
    if (c.how === 'text' && c.message.length > 40) errors[id('message')] = t('directory.crisis_admin.error.message_long', { n, max: 40 });
    if (c.description.length > 300) errors[id('description')] = t('directory.crisis_admin.error.description_long', { n, max: 300 });
  });
  return errors;
}

/** The help the inputs describe (call only once `checkInputs` found nothing). */
export function helpOf(inputs: CrisisHelpInputs): CrisisHelp {
  return {
    heading: inputs.heading,
    text: inputs.text,
    contacts: inputs.contacts.map((c): CrisisContact => ({
      name: c.name,
      how: c.how as 'call' | 'text',
      number: c.number,
      // A message to send belongs to a text line only.
      ...(c.how === 'text' && c.message ? { message: c.message } : {}),
      description: c.description,
    })),
  };
}

export const emptyContact = (): ContactInputs => ({ name: '', how: '', number: '', message: '', description: '' });
