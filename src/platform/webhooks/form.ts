import { checkFetchUrl, plainlyPrivateHost } from '../http/safe-fetch.js';
import type { PublishedEvents } from '../events/published.js';
import type { Translate } from '../web/i18n.js';

/** What an admin types to register an endpoint, and what Hearth keeps of it once it is valid. */
export interface EndpointInputs {
  url: string;
  description: string;
  eventTypes: string;
}

export interface EndpointForm {
  url: string;
  description: string;
  eventTypes: string[];
}

export const MAX_URL = 2000;
export const MAX_DESCRIPTION = 200;
export const MAX_EVENT_TYPES = 20;

/** `directory.service.updated`, `directory.service.*`, `directory.*` or `*` (every event). */
const EVENT_TYPE = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

/** The event types typed one a line (or separated by commas or spaces), without repeats. */
export function splitEventTypes(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * Read the endpoint form; errors by field (the field's id), in the reader's language. A pattern
 * that names no published event (an internal one, say) is refused: it would never send anything.
 */
export function readEndpointForm(t: Translate, body: Record<string, unknown>, published: PublishedEvents): { inputs: EndpointInputs; form?: EndpointForm; errors: Record<string, string> } {
  const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const inputs: EndpointInputs = { url: str('url').trim(), description: str('description').replace(/\r\n?/g, '\n').trim(), eventTypes: str('eventTypes').trim() };
  const errors: Record<string, string> = {};

  if (!inputs.url) errors.url = t('webhooks.form.url.missing');
  else if (inputs.url.length > MAX_URL) errors.url = t('webhooks.form.url.too_long', { max: MAX_URL });
  else {
    const checked = checkFetchUrl(inputs.url);
    if (checked instanceof Error) errors.url = t('webhooks.form.url.not_https');
    else {
      // A name is checked each time it is called (it may change); an address can be refused now.
      if (plainlyPrivateHost(checked)) errors.url = t('webhooks.form.url.private');
    }
  }

  if (inputs.description.length > MAX_DESCRIPTION) errors.description = t('webhooks.form.description.too_long', { max: MAX_DESCRIPTION });

  const eventTypes = splitEventTypes(inputs.eventTypes);
  if (!eventTypes.length) errors.eventTypes = t('webhooks.form.event_types.missing');
  else if (eventTypes.length > MAX_EVENT_TYPES) errors.eventTypes = t('webhooks.form.event_types.too_many', { max: MAX_EVENT_TYPES });
  else {
    const bad = eventTypes.find((e) => e.length > 100 || !EVENT_TYPE.test(e));
    if (bad) errors.eventTypes = t('webhooks.form.event_types.invalid', { value: bad.slice(0, 100) });
    else {
      const unsent = eventTypes.find((e) => !published.reachedBy(e));
      if (unsent) errors.eventTypes = t('webhooks.form.event_types.unpublished', { value: unsent });
    }
  }

  return Object.keys(errors).length ? { inputs, errors } : { inputs, errors, form: { url: new URL(inputs.url).href, description: inputs.description, eventTypes } };
}
