import { v5 as uuidv5 } from 'uuid';

/**
 * Every id in a feed's data is taken into the feed's own namespace before it is stored: the
 * local id is a name-based UUID (v5) of the remote id under a namespace made from the feed's
 * id. So a feed can never overwrite the council's own services, organisations, locations or
 * terms, nor another feed's, even when two publishers use the same ids; and the same remote
 * record always lands on the same local row, pull after pull.
 */

/** The namespace of one subscription. */
export function feedNamespace(feedId: string): string {
  return uuidv5(`hearth:federation:${feedId}`, uuidv5.URL);
}

export function localId(namespace: string, remoteId: string): string {
  return uuidv5(remoteId, namespace);
}

/** The local id of the service a feed calls `remoteId`. */
export function localServiceId(feedId: string, remoteId: string): string {
  return localId(feedNamespace(feedId), remoteId);
}

const isIdKey = (key: string) => key === 'id' || key.endsWith('_id');

/**
 * A copy of an ORUK service with every id (`id` and every `*_id` field, at any depth) mapped
 * into the namespace. Values that are not strings are left for the validator to report.
 */
export function namespaceIds(value: unknown, namespace: string): unknown {
  if (Array.isArray(value)) return value.map((v) => namespaceIds(v, namespace));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isIdKey(key) && typeof v === 'string' && v !== '' ? localId(namespace, v) : namespaceIds(v, namespace);
  }
  return out;
}

export interface SourceNote {
  feedName: string;
  /** The service's own address in the source feed (`…/services/{remote id}`). */
  serviceUrl: string;
  remoteId: string;
  /** YYYY-MM-DD */
  pulledOn: string;
}

/**
 * The ORUK record of where the service came from: an HSDS 3.0 `metadata` entry on the service
 * (metadata is the standard's own place for the provenance of a record: what happened to it,
 * when and by whom). `last_action_type` 'federated', `field_name` 'source', the source's
 * address as `replacement_value`, its publisher as `updated_by`, the remote id as
 * `previous_value`. Unlike an `attributes` entry it does not become a taxonomy term, so it
 * never shows as a need in search. Any metadata entry with the same meaning already in the
 * record (from a feed that itself federates) is kept: the chain of sources stays readable.
 */
export function withSourceNote(service: Record<string, unknown>, namespace: string, note: SourceNote): Record<string, unknown> {
  const id = service.id as string;
  const entry = {
    id: localId(namespace, `hearth:source:${note.remoteId}`),
    resource_id: id,
    resource_type: 'service',
    last_action_date: note.pulledOn,
    last_action_type: 'federated',
    field_name: 'source',
    previous_value: note.remoteId,
    replacement_value: note.serviceUrl,
    updated_by: note.feedName,
  };
  const existing = Array.isArray(service.metadata) ? (service.metadata as { id?: unknown }[]).filter((m) => m?.id !== entry.id) : [];
  return { ...service, metadata: [...existing, entry] };
}
