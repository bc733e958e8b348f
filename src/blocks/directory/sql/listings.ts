import type { Queryable } from '../../../platform/db/db.js';
import type { Organization } from '../oruk/schemas.js';

/**
 * SQL an editor's change needs around a listing: the full ORUK organisation (read and
 * written on its own, not only inside a service), the organisation's `trusted` flag, which
 * organisation a service belongs to, and the row lock that serialises writers of one listing.
 */

type Row = Record<string, unknown>;

/** Fields of `row` in the given order, leaving out null (ORUK leaves empty fields out). */
function pick(row: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) if (row[k] !== null && row[k] !== undefined) out[k] = row[k];
  return out;
}

const ORGANIZATION_KEYS = ['id', 'name', 'description', 'email', 'website', 'logo', 'uri', 'parent_organization_id'] as const;
const ATTRIBUTE_KEYS = ['id', 'link_type', 'taxonomy_term_id', 'value', 'label'] as const;

/** A whole organisation as ORUK publishes it (identifiers and attributes), or undefined. */
export async function readOrganization(db: Queryable, councilId: string, id: string): Promise<Organization | undefined> {
  const { rows } = await db.query<{ o: Row; identifiers: Row[]; attributes: Row[] }>(
    `SELECT row_to_json(o) AS o,
       (SELECT coalesce(json_agg(i ORDER BY i.position, i.id), '[]') FROM organization_identifier i
        WHERE i.council_id = $1 AND i.organization_id = o.id) AS identifiers,
       (SELECT coalesce(json_agg(a ORDER BY a.position, a.id), '[]') FROM attribute a
        WHERE a.council_id = $1 AND a.organization_id = o.id) AS attributes
     FROM organization o WHERE o.council_id = $1 AND o.id = $2`,
    [councilId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const attributesOf = (entity: string, linkId: unknown) =>
    row.attributes.filter((a) => a.link_entity === entity && a.link_id === linkId).map((a) => pick(a, ATTRIBUTE_KEYS));
  const org = pick(row.o, ORGANIZATION_KEYS);
  const identifiers = row.identifiers.map((i) => {
    const out = pick(i, ['id', 'identifier_scheme', 'identifier_type', 'identifier']);
    const attrs = attributesOf('organization_identifier', i.id);
    if (attrs.length) out.attributes = attrs;
    return out;
  });
  if (identifiers.length) org.organization_identifiers = identifiers;
  const attrs = attributesOf('organization', row.o.id);
  if (attrs.length) org.attributes = attrs;
  return org as Organization;
}

/**
 * Write a whole organisation (validated): its own fields, and its identifiers and attributes
 * replaced as a set, as the importer replaces an organisation's lists. Returns whether it was new.
 */
export async function writeOrganization(tx: Queryable, councilId: string, org: Organization): Promise<{ created: boolean }> {
  const { rows } = await tx.query<{ created: boolean }>(
    `INSERT INTO organization (council_id, id, name, description, email, website, logo, uri, parent_organization_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (council_id, id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, email = EXCLUDED.email,
       website = EXCLUDED.website, logo = EXCLUDED.logo, uri = EXCLUDED.uri, parent_organization_id = EXCLUDED.parent_organization_id,
       updated_at = now()
     RETURNING (xmax = 0) AS created`,
    [councilId, org.id, org.name, org.description, org.email ?? null, org.website ?? null, org.logo ?? null, org.uri ?? null, org.parent_organization_id ?? null],
  );
  await tx.query('DELETE FROM organization_identifier WHERE council_id = $1 AND organization_id = $2', [councilId, org.id]);
  await tx.query('DELETE FROM attribute WHERE council_id = $1 AND organization_id = $2', [councilId, org.id]);
  const identifiers = (org.organization_identifiers ?? []).map((x, position) => ({
    id: x.id, identifier_scheme: x.identifier_scheme ?? null, identifier_type: x.identifier_type, identifier: x.identifier, position,
  }));
  if (identifiers.length) {
    await tx.query(
      `INSERT INTO organization_identifier (council_id, id, organization_id, identifier_scheme, identifier_type, identifier, position)
       SELECT $1, x.id, $2, x.identifier_scheme, x.identifier_type, x.identifier, x.position
       FROM json_to_recordset($3::json) AS x (id uuid, identifier_scheme text, identifier_type text, identifier text, position int)
       ON CONFLICT (council_id, id) DO UPDATE SET organization_id = EXCLUDED.organization_id, identifier_scheme = EXCLUDED.identifier_scheme,
         identifier_type = EXCLUDED.identifier_type, identifier = EXCLUDED.identifier, position = EXCLUDED.position`,
      [councilId, org.id, JSON.stringify(identifiers)],
    );
  }
  const attributes = [
    ...(org.attributes ?? []).map((a, position) => ({ ...a, link_entity: 'organization', link_id: org.id, position })),
    ...(org.organization_identifiers ?? []).flatMap((x) =>
      (x.attributes ?? []).map((a, position) => ({ ...a, link_entity: 'organization_identifier', link_id: x.id, position })),
    ),
  ].map((a) => ({
    id: a.id, link_entity: a.link_entity, link_id: a.link_id, link_type: a.link_type ?? null,
    taxonomy_term_id: a.taxonomy_term?.id ?? a.taxonomy_term_id ?? null, value: a.value ?? null, label: a.label ?? null, position: a.position,
  }));
  if (attributes.length) {
    await tx.query(
      `INSERT INTO attribute (council_id, id, link_entity, link_id, link_type, taxonomy_term_id, value, label, position, organization_id)
       SELECT $1, x.id, x.link_entity, x.link_id, x.link_type, x.taxonomy_term_id, x.value, x.label, x.position, $2
       FROM json_to_recordset($3::json) AS x (id uuid, link_entity text, link_id uuid, link_type text, taxonomy_term_id uuid, value text, label text, position int)
       ON CONFLICT (council_id, id) DO UPDATE SET link_entity = EXCLUDED.link_entity, link_id = EXCLUDED.link_id, link_type = EXCLUDED.link_type,
         taxonomy_term_id = EXCLUDED.taxonomy_term_id, value = EXCLUDED.value, label = EXCLUDED.label, position = EXCLUDED.position,
         organization_id = EXCLUDED.organization_id, service_id = NULL, location_id = NULL`,
      [councilId, org.id, JSON.stringify(attributes)],
    );
  }
  return { created: rows[0].created };
}

/** Whether the organisation's editors publish at once; undefined when there is no such organisation. */
export async function organisationTrust(db: Queryable, councilId: string, id: string): Promise<{ trusted: boolean; name: string } | undefined> {
  const { rows } = await db.query<{ trusted: boolean; name: string }>('SELECT trusted, name FROM organization WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows[0];
}

/** Trust an organisation (its editors' changes are published at once) or stop trusting it. Returns whether it changed. */
export async function setOrganisationTrusted(tx: Queryable, councilId: string, id: string, trusted: boolean): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE organization SET trusted = $3 WHERE council_id = $1 AND id = $2 AND trusted IS DISTINCT FROM $3', [councilId, id, trusted]);
  return rowCount > 0;
}

/** The organisation a service belongs to, and its name and status; undefined when there is no such service. */
export async function serviceOwner(db: Queryable, councilId: string, id: string): Promise<{ organization_id: string; name: string; status: string } | undefined> {
  const { rows } = await db.query<{ organization_id: string; name: string; status: string }>(
    'SELECT organization_id, name, status FROM service WHERE council_id = $1 AND id = $2',
    [councilId, id],
  );
  return rows[0];
}

/**
 * Lock a listing's row until the transaction ends, so that two approvals, reverts or imports
 * of one listing take turns (each numbers its version after the other's). Returns whether it exists.
 */
export async function lockListing(tx: Queryable, councilId: string, kind: 'service' | 'organization', id: string): Promise<boolean> {
  const table = kind === 'service' ? 'service' : 'organization';
  const { rows } = await tx.query(`SELECT 1 FROM ${table} WHERE council_id = $1 AND id = $2 FOR UPDATE`, [councilId, id]);
  return rows.length > 0;
}

/** Ids of an organisation's services (their search rows carry its name). */
export async function serviceIdsOfOrganisation(db: Queryable, councilId: string, organisationId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM service WHERE council_id = $1 AND organization_id = $2', [councilId, organisationId]);
  return rows.map((r) => r.id);
}

/** Up to `limit` active services with opening times, other than lunch clubs (the demo's changes waiting are proposed on these). */
export async function demoServiceIds(db: Queryable, councilId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id FROM service s WHERE s.council_id = $1 AND s.status = 'active' AND s.name NOT ILIKE '%lunch%'
       AND EXISTS (SELECT 1 FROM schedule h WHERE h.council_id = s.council_id AND h.service_id = s.id)
     ORDER BY s.id LIMIT $2`,
    [councilId, limit],
  );
  return rows.map((r) => r.id);
}
