import type { Queryable } from '../../../platform/db/db.js';
import type { Organization, OrganizationSummary } from '../oruk/schemas.js';
import { isUuid } from '../../../platform/uuid.js';

/**
 * The ORUK feed's organisation queries: a page of organisations (with the feed's `search` and
 * `modified_after`), how many match, and one organisation with its identifiers and attributes.
 * Its services come from `getFullServices` (oruk-read), so they are nested exactly as
 * `/services/{id}` nests them. Feed order is by id, stable while a client pages through.
 */

export interface OrganizationFilters {
  /** Words as a person types them, over the organisation's name and description. */
  search?: string;
  /** The organisation, or any of its services, changed on or after this moment (ISO 8601). */
  modifiedAfter?: string;
}

type Row = Record<string, unknown>;

const ORGANIZATION_KEYS = ['id', 'name', 'description', 'email', 'website', 'logo', 'uri', 'parent_organization_id'] as const;
const TERM_KEYS = ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'taxonomy_id', 'term_uri', 'term', 'language'] as const;

/** The fields of `row` named in `keys`, in that order, leaving out null (ORUK output has no nulls). */
function pick(row: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) if (row[k] !== null && row[k] !== undefined) out[k] = row[k];
  return out;
}

/** The WHERE clause over organisation `o` and its parameters, the council's first. */
function where(councilId: string, f: OrganizationFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [councilId];
  const conditions = ['o.council_id = $1'];
  if (f.search) {
    params.push(f.search);
    // The same words-as-typed syntax as /services' search; organisations are few beside
    // services, so the expression is computed rather than indexed.
    conditions.push(`to_tsvector('english', unaccent(o.name || ' ' || o.description)) @@ websearch_to_tsquery('english', unaccent($${params.length}::text))`);
  }
  if (f.modifiedAfter) {
    params.push(f.modifiedAfter);
    const at = `$${params.length}::timestamptz`;
    // An organisation's document nests its services, so a changed service changes it too.
    conditions.push(`(o.updated_at >= ${at} OR EXISTS (
      SELECT 1 FROM service s WHERE s.council_id = o.council_id AND s.organization_id = o.id AND s.last_modified >= ${at}))`);
  }
  return { sql: conditions.join(' AND '), params };
}

/** One page of organisations' own fields, in id order. */
export async function pageOfOrganizations(db: Queryable, councilId: string, f: OrganizationFilters, limit: number, offset: number): Promise<OrganizationSummary[]> {
  const { sql, params } = where(councilId, f);
  const { rows } = await db.query<Row>(
    `SELECT ${ORGANIZATION_KEYS.map((k) => `o.${k}`).join(', ')} FROM organization o WHERE ${sql}
     ORDER BY o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return rows.map((r) => pick(r, ORGANIZATION_KEYS) as OrganizationSummary);
}

export async function countOrganizationsMatching(db: Queryable, councilId: string, f: OrganizationFilters): Promise<number> {
  const { sql, params } = where(councilId, f);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM organization o WHERE ${sql}`, params);
  return rows[0].n;
}

/**
 * An organisation with its identifiers and its own attributes (each with its taxonomy term),
 * in ORUK's shape; undefined when the council has no such organisation.
 */
export async function getOrganization(db: Queryable, councilId: string, id: string): Promise<Organization | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<{ o: Row; identifiers: Row[]; attributes: Row[] }>(
    `SELECT row_to_json(o) AS o,
       (SELECT coalesce(json_agg(x ORDER BY x.position, x.id), '[]') FROM (
          SELECT i.id, i.identifier_scheme, i.identifier_type, i.identifier, i.position FROM organization_identifier i
          WHERE i.council_id = $1 AND i.organization_id = $2) x) AS identifiers,
       (SELECT coalesce(json_agg(x ORDER BY x.link_id, x.position, x.id), '[]') FROM (
          SELECT a.id, a.link_id, a.link_entity, a.link_type, a.value, a.label, a.position, row_to_json(t) AS term
          FROM attribute a LEFT JOIN taxonomy_term t ON t.council_id = a.council_id AND t.id = a.taxonomy_term_id
          WHERE a.council_id = $1 AND a.organization_id = $2) x) AS attributes
     FROM (SELECT ${ORGANIZATION_KEYS.join(', ')} FROM organization WHERE council_id = $1 AND id = $2) o`,
    [councilId, id.toLowerCase()],
  );
  if (!rows.length) return undefined;
  const { o, identifiers, attributes } = rows[0];
  const attributed = (target: Row, linkId: unknown, entity: string): Row => {
    const own = attributes.filter((a) => a.link_id === linkId && a.link_entity === entity);
    if (own.length) {
      target.attributes = own.map((a) => {
        const out = pick(a, ['id', 'link_type']);
        if (a.term) out.taxonomy_term = pick(a.term as Row, TERM_KEYS);
        return Object.assign(out, pick(a, ['value', 'label']));
      });
    }
    return target;
  };
  const organization = pick(o, ORGANIZATION_KEYS);
  if (identifiers.length) {
    organization.organization_identifiers = identifiers.map((x) =>
      attributed(pick(x, ['id', 'identifier_scheme', 'identifier_type', 'identifier']), x.id, 'organization_identifier'),
    );
  }
  return attributed(organization, o.id, 'organization') as Organization;
}

/** The ids of an organisation's services after `after` (from the start when null), in id order. */
export async function organizationServiceIds(db: Queryable, councilId: string, organizationId: string, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM service WHERE council_id = $1 AND organization_id = $2 AND ($3::uuid IS NULL OR id > $3::uuid) ORDER BY id LIMIT $4`,
    [councilId, organizationId, after, limit],
  );
  return rows.map((r) => r.id);
}
