import { normalisePostcode } from '../../../../platform/geo/postcode.js';
import type { Location, Service, ServiceAtLocation } from '../../oruk/schemas.js';
import { checkText, field, LIMITS, newId, optional, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * Where a service is offered. An organisation's places are shared by its services: adding a
 * location chooses one of them (never a copy), or gives a new address. A new or changed address
 * needs a real UK postcode; its map position comes from the postcode when Hearth knows it.
 */

export interface AddressValues {
  name: string;
  line1: string;
  line2: string;
  town: string;
  postcode: string;
}

/** The location's only physical address (the one the form shows), if it has one. */
const addressOf = (location: Location | undefined) => location?.addresses?.find((a) => a.address_type === 'physical') ?? location?.addresses?.[0];

export function addressValues(location: Location | undefined): AddressValues {
  const a = addressOf(location);
  return { name: location?.name ?? '', line1: a?.address_1 ?? '', line2: a?.address_2 ?? '', town: a?.city ?? '', postcode: a?.postal_code ?? '' };
}

export const readAddress = (body: FormBody): AddressValues => ({
  name: field(body, 'location-name'),
  line1: field(body, 'address-line-1'),
  line2: field(body, 'address-line-2'),
  town: field(body, 'address-town'),
  postcode: field(body, 'address-postcode'),
});

/** The address checked: every problem named by field, or the postcode in its standard form. */
export function checkAddress(values: AddressValues): { errors: FieldError[]; postcode?: string } {
  const errors: FieldError[] = [];
  checkText(errors, 'location-name', values.name, { max: LIMITS.short, what: 'location_name' });
  checkText(errors, 'address-line-1', values.line1, { required: true, max: LIMITS.short, what: 'address_line_1' });
  checkText(errors, 'address-line-2', values.line2, { max: LIMITS.short, what: 'address_line_2' });
  checkText(errors, 'address-town', values.town, { required: true, max: LIMITS.short, what: 'address_town' });
  const postcode = normalisePostcode(values.postcode);
  if (!values.postcode) errors.push({ field: 'address-postcode', key: 'directory.edit.error.required', params: { what: 'address_postcode' } });
  else if (!postcode) errors.push({ field: 'address-postcode', key: 'directory.edit.error.postcode' });
  return { errors, postcode };
}

/**
 * A location with this address: `base` changed (same ids, its accessibility kept), or a new
 * one. `point` is the postcode's position, when known; otherwise a changed postcode drops the
 * old position rather than leave the place on the map where it no longer is.
 */
export function locationWithAddress(base: Location | undefined, values: AddressValues, postcode: string, county: string, point?: { lat: number; lng: number }): Location {
  const old = addressOf(base);
  const samePostcode = old?.postal_code && normalisePostcode(old.postal_code) === postcode;
  let address = { ...(old ?? {}), id: old?.id ?? newId(), address_1: values.line1, city: values.town, state_province: old?.state_province ?? county, postal_code: postcode, country: old?.country ?? 'GB', address_type: 'physical' as const };
  address = optional(address, 'address_2', values.line2 || undefined);
  let location: Location = { ...(base ?? {}), id: base?.id ?? newId(), location_type: 'physical', addresses: [address, ...(base?.addresses ?? []).filter((a) => a.id !== address.id)] };
  location = optional(location, 'name', values.name || undefined);
  if (point) location = { ...location, latitude: point.lat, longitude: point.lng };
  else if (!samePostcode) {
    location = optional(optional(location, 'latitude', undefined), 'longitude', undefined);
  }
  return location;
}

/** The service with this location changed in place (wherever it appears), or added at the end. */
export function withLocation(service: Service, location: Location): Service {
  const places = service.service_at_locations ?? [];
  const at = places.findIndex((p) => (p.location?.id ?? p.location_id) === location.id);
  const place: ServiceAtLocation = { id: at >= 0 ? places[at].id : newId(), location_id: location.id, location };
  const next = at >= 0 ? places.map((p, i) => (i === at ? { ...p, ...place } : p)) : [...places, place];
  return { ...service, service_at_locations: next };
}

/** The service without one of its locations (the place itself stays, for the organisation's other services). */
export function withoutLocation(service: Service, locationId: string): Service {
  return { ...service, service_at_locations: (service.service_at_locations ?? []).filter((p) => (p.location?.id ?? p.location_id) !== locationId) };
}

/** A location of this service (by id), if it has it. */
export const serviceLocation = (service: Service, locationId: string): Location | undefined =>
  (service.service_at_locations ?? []).map((p) => p.location).find((l) => l?.id === locationId);

/** Choosing where to add: one of the organisation's places (by id) or a new address. */
export function applyAddLocation(
  service: Service,
  choice: string,
  shared: Location[],
  address: { values: AddressValues; county: string; point?: { lat: number; lng: number } },
): FormResult<Service> {
  if (!choice) return { errors: [{ field: 'location', key: 'directory.edit.error.location_choice' }] };
  if (choice !== 'new') {
    // A forged id (a place of another organisation, or none) is refused like a missing choice.
    const place = shared.find((l) => l.id === choice);
    if (!place || serviceLocation(service, place.id)) return { errors: [{ field: 'location', key: 'directory.edit.error.location_choice' }] };
    return { document: withLocation(service, place) };
  }
  const checked = checkAddress(address.values);
  if (checked.errors.length) return { errors: checked.errors };
  return { document: withLocation(service, locationWithAddress(undefined, address.values, checked.postcode!, address.county, address.point)) };
}
