import { parse as parseUuid, v5 as uuidv5 } from 'uuid';

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

/**
 * A namespace's 16 bytes, parsed once: given as a string, the uuid package parses and checks it
 * on every call, which was most of the cost of namespacing a large pull.
 */
const namespaceBytes = new Map<string, Uint8Array>();
function bytesOf(namespace: string): Uint8Array {
  let bytes = namespaceBytes.get(namespace);
  if (!bytes) {
    if (namespaceBytes.size >= 1000) namespaceBytes.clear(); // one entry per feed: a bound, never reached in practice
    namespaceBytes.set(namespace, (bytes = parseUuid(namespace)));
  }
  return bytes;
}

export function localId(namespace: string, remoteId: string): string {
  return uuidv5(remoteId, bytesOf(namespace));
}

/** The local id of the service a feed calls `remoteId`. */
export function localServiceId(feedId: string, remoteId: string): string {
  return localId(feedNamespace(feedId), remoteId);
}

const isIdKey = (key: string) => key === 'id' || key.endsWith('_id');

/**
 * An ORUK service with every id (`id` and every `*_id` field, at any depth) mapped into the
 * namespace: a copy, or — `inPlace`, for a value the caller has just parsed and owns, such as
 * a pull's page — the value itself, sparing a second copy of every service in memory. Values
 * that are not strings are left for the validator to report.
 */
export function namespaceIds(value: unknown, namespace: string, ids: IdMap = new IdMap(namespace), inPlace = false): unknown {
  if (Array.isArray(value)) {
    const out = inPlace ? value : new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = namespaceIds(value[i], namespace, ids, inPlace);
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = inPlace ? input : {};
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const v = input[key];
    out[key] = isIdKey(key) && typeof v === 'string' && v !== '' ? ids.local(v) : namespaceIds(v, namespace, ids, inPlace);
  }
  return out;
}

/**
 * Remote ids to local ids under one namespace, remembered: a feed repeats the same
 * organisation, locations and taxonomy terms with service after service, and each is hashed
 * once. The memory is bounded (forgotten wholesale when full), so a pull's memory stays flat.
 */
export class IdMap {
  private readonly known = new Map<string, string>();

  constructor(
    readonly namespace: string,
    private readonly limit = 50_000,
  ) {}

  local(remoteId: string): string {
    let id = this.known.get(remoteId);
    if (id === undefined) {
      if (this.known.size >= this.limit) this.known.clear();
      id = localId(this.namespace, remoteId);
      this.known.set(remoteId, id);
    }
    return id;
  }
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
