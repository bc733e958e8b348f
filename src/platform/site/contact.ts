import type { Council } from '../councils.js';
import { safeHref } from './markup.js';

/** How to reach the council, as its pages show it (a contact page only at an address a link may go to). */
export interface ContactDetails {
  phone?: string;
  /** `tel:` link of the phone number, when it is one. */
  phoneHref?: string;
  email?: string;
  url?: string;
}

export function contactDetails(council: Council): ContactDetails | undefined {
  const details: ContactDetails = {};
  if (council.contactPhone) {
    details.phone = council.contactPhone;
    const digits = council.contactPhone.replace(/[^\d+]/g, '');
    if (/^\+?\d{3,20}$/.test(digits)) details.phoneHref = `tel:${digits}`;
  }
  if (council.contactEmail) details.email = council.contactEmail;
  const url = council.contactUrl ? safeHref(council.contactUrl) : undefined;
  if (url && /^https?:/.test(url)) details.url = url;
  return Object.keys(details).length ? details : undefined;
}
