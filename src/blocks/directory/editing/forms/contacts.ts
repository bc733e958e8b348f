import type { Contact, Phone, Service } from '../../oruk/schemas.js';
import { checkEmail, checkPhone, checkText, checkUrl, field, LIMITS, newId, optional, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * How to get in touch: the service's own email and website, a named contact, and its phone
 * numbers (as many as it has; "Add another phone number" posts the form and comes back).
 */
export const MAX_PHONES = 10;

export interface PhoneValues {
  number: string;
  description: string;
}

export interface ContactsValues {
  email: string;
  website: string;
  contactName: string;
  contactTitle: string;
  contactEmail: string;
  phones: PhoneValues[];
}

export function contactsValues(service: Service): ContactsValues {
  const contact = service.contacts?.[0];
  const phones = (service.phones ?? []).map((p) => ({ number: p.number, description: p.description ?? '' }));
  return {
    email: service.email ?? '',
    website: service.url ?? '',
    contactName: contact?.name ?? '',
    contactTitle: contact?.title ?? '',
    contactEmail: contact?.email ?? '',
    phones: phones.length ? phones : [{ number: '', description: '' }],
  };
}

export function readContacts(body: FormBody): { values: ContactsValues; rowsChanged: boolean } {
  const phones: PhoneValues[] = [];
  for (let i = 0; i < MAX_PHONES; i++) {
    if (!(`phone-${i}-number` in body)) continue;
    phones.push({ number: field(body, `phone-${i}-number`), description: field(body, `phone-${i}-description`) });
  }
  const action = field(body, 'action');
  let rowsChanged = false;
  const remove = /^remove-phone-(\d)$/.exec(action);
  if (action === 'add-phone') {
    if (phones.length < MAX_PHONES) phones.push({ number: '', description: '' });
    rowsChanged = true;
  } else if (remove) {
    phones.splice(Number(remove[1]), 1);
    rowsChanged = true;
  }
  return {
    values: {
      email: field(body, 'email'),
      website: field(body, 'website'),
      contactName: field(body, 'contact-name'),
      contactTitle: field(body, 'contact-title'),
      contactEmail: field(body, 'contact-email'),
      phones,
    },
    rowsChanged,
  };
}

export function applyContacts(service: Service, values: ContactsValues): FormResult<Service> {
  const errors: FieldError[] = [];
  checkEmail(errors, 'email', values.email, 'service_email');
  const url = checkUrl(errors, 'website', values.website, 'service_website');
  checkText(errors, 'contact-name', values.contactName, { max: LIMITS.short, what: 'contact_name' });
  checkText(errors, 'contact-title', values.contactTitle, { max: LIMITS.short, what: 'contact_title' });
  checkEmail(errors, 'contact-email', values.contactEmail, 'contact_email');
  values.phones.forEach((p, i) => {
    checkPhone(errors, `phone-${i}-number`, p.number, 'phone');
    checkText(errors, `phone-${i}-description`, p.description, { max: LIMITS.short, what: 'phone_description' });
    if (!p.number && p.description) errors.push({ field: `phone-${i}-number`, key: 'directory.edit.error.required', params: { what: 'phone' } });
  });
  if (errors.length) return { errors };

  const before = service.phones ?? [];
  const phones: Phone[] = values.phones
    .filter((p) => p.number)
    .map((p) => {
      const same = before.find((b) => b.number === p.number);
      return optional({ ...(same ?? {}), id: same?.id ?? newId(), number: p.number } as Phone, 'description', p.description || undefined);
    });
  const old = service.contacts?.[0];
  let contact: Contact | undefined;
  if (values.contactName || values.contactTitle || values.contactEmail) {
    contact = { ...(old ?? {}), id: old?.id ?? newId() } as Contact;
    contact = optional(contact, 'name', values.contactName || undefined);
    contact = optional(contact, 'title', values.contactTitle || undefined);
    contact = optional(contact, 'email', values.contactEmail || undefined);
  }
  let document: Service = { ...service, phones, contacts: [...(contact ? [contact] : []), ...(service.contacts ?? []).slice(1)] };
  document = optional(document, 'email', values.email || undefined);
  document = optional(document, 'url', url);
  return { document };
}
