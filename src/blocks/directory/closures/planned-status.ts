import { isStatusClosure } from '../editing/forms/status.js';
import type { Schedule, Service } from '../oruk/schemas.js';

/**
 * What a closure planned ahead means on a given day. The status form (`editing/forms/status.ts`)
 * writes a closure as a dated row with no days or times, its words the service's alert, and
 * leaves the service open until the first day ("Closed from"); it is closed to the last day
 * (`valid_to`, the day before the editor's "Open again on") and opens again the day after, or
 * stays closed until someone says otherwise when it has none.
 * Dates are Europe/London calendar days as YYYY-MM-DD, compared as text.
 */

/** The closure the status form wrote, if the service has one. */
export function plannedClosure(service: Service): Schedule | undefined {
  return (service.schedules ?? []).find(isStatusClosure(service));
}

/** Whether the closure covers this day. */
export function closureCovers(closure: Schedule, day: string): boolean {
  return Boolean(closure.valid_from && closure.valid_from <= day && (!closure.valid_to || day <= closure.valid_to));
}

/** Whether the planned closure is over on this day (its words no longer apply). */
export function closureOver(service: Service, day: string): boolean {
  const closure = plannedClosure(service);
  return Boolean(closure?.valid_to && closure.valid_to < day);
}

/**
 * Whether residents should read the service as closed on this day: ended, or inside its planned
 * closure whatever its status says (the job may not have run since midnight), or marked
 * temporarily closed with no planned closure to say until when.
 */
export function closedOn(service: Service, day: string): boolean {
  const status = (service.status ?? 'active').toLowerCase();
  if (status === 'inactive' || status === 'defunct') return true;
  const closure = plannedClosure(service);
  if (closure) return closureCovers(closure, day);
  return status === 'temporarily closed';
}

export type PlannedStep =
  | { status: 'temporarily closed'; document: Service }
  | { status: 'active'; document: Service };

/**
 * The change the dates make today, or undefined when the listing already says what they mean:
 * an open service whose closure has begun is closed; a closed (or still open) service whose
 * closure is over opens again without the closure and its words, as "Open again" on the form
 * leaves it. An ended service is never touched.
 */
export function plannedStep(service: Service, today: string): PlannedStep | undefined {
  const closure = plannedClosure(service);
  if (!closure) return undefined;
  const over = Boolean(closure.valid_to && closure.valid_to < today);
  if (service.status === 'active' && closureCovers(closure, today)) {
    return { status: 'temporarily closed', document: { ...service, status: 'temporarily closed' } };
  }
  if ((service.status === 'temporarily closed' || service.status === 'active') && over) {
    const { alert: _words, ...rest } = service;
    return { status: 'active', document: { ...rest, status: 'active', schedules: (service.schedules ?? []).filter((s) => s !== closure) } };
  }
  return undefined;
}
