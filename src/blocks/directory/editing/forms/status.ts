import { addDays } from '../../../../platform/calendar.js';
import type { Schedule, Service } from '../../oruk/schemas.js';
import { checkText, dateParts, field, LIMITS, newId, optional, parseDate, partsOf, type DateParts, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * Whether the service is running: open, temporarily closed (from a date, to a date or until
 * further notice, with a reason residents see) or ended (ORUK `status` `temporarily closed` /
 * `inactive`). A closure also becomes a dated closure in the opening times, and its words the
 * service's `alert`, which the service page shows first.
 *
 * The editor gives the day the service opens again; the closure's row keeps, as every dated
 * closure does (the opening times form's, an imported feed's), the last day it is closed:
 * ORUK's `valid_to` is the last day a schedule applies, and the pages, search and other
 * directories reading the feed take it so.
 */
export type StatusChoice = 'active' | 'temporarily closed' | 'inactive';

export interface StatusValues {
  status: StatusChoice | '';
  closedFrom: DateParts;
  closedTo: DateParts;
  reason: string;
  endedOn: DateParts;
  endReason: string;
}

/**
 * The closure this form wrote: a dated row with no days or times whose words are the service's
 * alert (ORUK has no field to mark it, and `attending_type` means how to attend, not this).
 */
export const isStatusClosure = (service: Service) => (s: Schedule) =>
  Boolean(service.alert && s.valid_from && !s.byday && !s.opens_at && !s.closes_at && !s.service_at_location_id && s.description === service.alert);

export function statusValues(service: Service): StatusValues {
  const closure = (service.schedules ?? []).find(isStatusClosure(service));
  const status = service.status === 'defunct' ? 'inactive' : service.status;
  return {
    status: status as StatusChoice,
    closedFrom: partsOf(closure?.valid_from),
    closedTo: partsOf(closure?.valid_to && addDays(closure.valid_to, 1)),
    reason: service.status === 'temporarily closed' ? closure?.notes ?? service.alert ?? '' : '',
    endedOn: partsOf(undefined),
    endReason: service.status === 'inactive' ? service.alert ?? '' : '',
  };
}

export function readStatus(body: FormBody): StatusValues {
  const status = field(body, 'status');
  return {
    status: status === 'active' || status === 'temporarily closed' || status === 'inactive' ? status : '',
    closedFrom: dateParts(body, 'closed-from'),
    closedTo: dateParts(body, 'closed-to'),
    reason: field(body, 'reason'),
    endedOn: dateParts(body, 'ended-on'),
    endReason: field(body, 'end-reason'),
  };
}

/** What residents read about a closure or an end, in the editor's language (the page supplies it). */
export interface StatusWords {
  closed(from: string, to: string | undefined, reason: string): string;
  ended(on: string, reason: string): string;
}

export function applyStatus(service: Service, values: StatusValues, words: StatusWords, today: string): FormResult<Service> {
  const errors: FieldError[] = [];
  if (!values.status) errors.push({ field: 'status', key: 'directory.edit.error.status_missing' });
  let from: string | null | undefined;
  let to: string | null | undefined;
  let endedOn: string | null | undefined;
  if (values.status === 'temporarily closed') {
    from = parseDate(errors, 'closed-from', values.closedFrom, 'closed_from', true);
    to = parseDate(errors, 'closed-to', values.closedTo, 'closed_to');
    if (from && to && to <= from) errors.push({ field: 'closed-to-day', key: 'directory.edit.error.date_order' });
    if (to && to < today) errors.push({ field: 'closed-to-day', key: 'directory.edit.error.closed_to_past' });
    checkText(errors, 'reason', values.reason, { required: true, max: LIMITS.reason, what: 'closure_reason' });
  } else if (values.status === 'inactive') {
    endedOn = parseDate(errors, 'ended-on', values.endedOn, 'ended_on', true);
    if (endedOn && endedOn > today) errors.push({ field: 'ended-on-day', key: 'directory.edit.error.ended_future' });
    checkText(errors, 'end-reason', values.endReason, { max: LIMITS.reason, what: 'end_reason' });
  }
  if (errors.length) return { errors };

  const ours = isStatusClosure(service);
  const schedules = (service.schedules ?? []).filter((s) => !ours(s));
  let document: Service = { ...service, schedules };
  if (values.status === 'active') {
    // Open again: the closure's words come off the page with it.
    document = optional({ ...document, status: 'active' }, 'alert', service.status === 'active' ? service.alert : undefined);
  } else if (values.status === 'temporarily closed') {
    const alert = words.closed(from!, to ?? undefined, values.reason);
    const old = (service.schedules ?? []).find(ours);
    const row = { id: old?.id ?? newId(), valid_from: from!, ...(to ? { valid_to: addDays(to, -1) } : {}), description: alert, notes: values.reason };
    // A closure that starts later leaves the service open until then; its words say when.
    document = { ...document, status: from! <= today ? 'temporarily closed' : 'active', alert, schedules: [...schedules, row] };
  } else {
    document = { ...document, status: 'inactive', alert: words.ended(endedOn!, values.endReason) };
  }
  return { document };
}
