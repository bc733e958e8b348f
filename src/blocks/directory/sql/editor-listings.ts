import type { Queryable } from '../../../platform/db/db.js';

/**
 * The reads an organisation editor's pages need: the organisations they edit with their
 * services (published, and new ones waiting for approval), and which organisations use a place.
 * (Kept apart from `listings.ts`, the approval workflow's SQL, so each has one concern.)
 */

export interface EditorOrganisation {
  id: string;
  name: string;
  trusted: boolean;
  /** A change to the organisation's own details waits for a manager. */
  pending: boolean;
}

/** These organisations of the council (an editor's grants name them), by name; unknown ids are left out. */
export async function editorOrganisations(db: Queryable, councilId: string, ids: string[]): Promise<EditorOrganisation[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<EditorOrganisation>(
    `SELECT o.id, o.name, o.trusted,
       EXISTS (SELECT 1 FROM listing_change c WHERE c.council_id = o.council_id AND c.kind = 'organization' AND c.listing_id = o.id AND c.status = 'pending') AS pending
     FROM organization o WHERE o.council_id = $1 AND o.id = ANY($2::uuid[])
     ORDER BY lower(o.name), o.id`,
    [councilId, ids],
  );
  return rows;
}

export interface EditorService {
  id: string;
  organisationId: string;
  name: string;
  status: string;
  /** `YYYY-MM-DD`: when someone last said the listing is right (the resident's "last checked"). */
  lastChecked: string | null;
  /** A change waits for a manager. */
  pending: boolean;
  /** Proposed, not yet published (added by the editor, waiting for approval). */
  isNew: boolean;
}

/** Every service of these organisations, published and proposed new, by name. */
export async function editorServices(db: Queryable, councilId: string, organisationIds: string[]): Promise<EditorService[]> {
  if (!organisationIds.length) return [];
  const { rows } = await db.query<EditorService>(
    `SELECT s.id, s.organization_id AS "organisationId", coalesce(c.document->>'name', s.name) AS name, s.status,
       to_char(coalesce(greatest(s.assured_date, (s.last_checked AT TIME ZONE 'Europe/London')::date),
                        (s.last_modified AT TIME ZONE 'Europe/London')::date), 'YYYY-MM-DD') AS "lastChecked",
       c.id IS NOT NULL AS pending, false AS "isNew"
     FROM service s
     LEFT JOIN listing_change c ON c.council_id = s.council_id AND c.kind = 'service' AND c.listing_id = s.id AND c.status = 'pending'
     WHERE s.council_id = $1 AND s.organization_id = ANY($2::uuid[])
     UNION ALL
     SELECT c.listing_id, c.organization_id, c.document->>'name', coalesce(c.document->>'status', 'active'), NULL, true, true
     FROM listing_change c
     WHERE c.council_id = $1 AND c.kind = 'service' AND c.status = 'pending' AND c.is_new AND c.organization_id = ANY($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM service s WHERE s.council_id = c.council_id AND s.id = c.listing_id)
     ORDER BY 3, 1`,
    [councilId, organisationIds],
  );
  return rows;
}

/**
 * One of an organisation's places as the "add a location" choice labels it: read from the place
 * and its first address only, so the choice never assembles whole services to show names.
 */
export interface PlaceLabel {
  id: string;
  name: string | null;
  address_1: string | null;
  postal_code: string | null;
}

/** Up to `limit` of the organisation's places, by name (else first address line). */
export async function organisationPlaces(db: Queryable, councilId: string, organisationId: string, limit: number): Promise<PlaceLabel[]> {
  const { rows } = await db.query<PlaceLabel>(
    `SELECT p.id, p.name, a.address_1, a.postal_code
       FROM (SELECT DISTINCT l.id, l.name
               FROM service s
               JOIN service_at_location sal ON sal.council_id = s.council_id AND sal.service_id = s.id
               JOIN location l ON l.council_id = sal.council_id AND l.id = sal.location_id
              WHERE s.council_id = $1 AND s.organization_id = $2) p
       LEFT JOIN LATERAL (SELECT address_1, postal_code FROM address
                           WHERE council_id = $1 AND location_id = p.id ORDER BY position, id LIMIT 1) a ON true
      ORDER BY lower(coalesce(p.name, a.address_1, '')), p.id
      LIMIT $3`,
    [councilId, organisationId, limit],
  );
  return rows;
}

/** One of the organisation's services offered at this place (to read the place whole), or undefined when none is. */
export async function organisationServiceAt(db: Queryable, councilId: string, organisationId: string, locationId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id FROM service_at_location sal
       JOIN service s ON s.council_id = sal.council_id AND s.id = sal.service_id
      WHERE sal.council_id = $1 AND sal.location_id = $3 AND s.organization_id = $2
      ORDER BY s.id LIMIT 1`,
    [councilId, organisationId, locationId],
  );
  return rows[0]?.id;
}

/** Whether a service of another organisation is offered at this place (then an editor may not change its address: they get their own copy). */
export async function locationUsedByOthers(db: Queryable, councilId: string, locationId: string, organisationId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM service_at_location sal JOIN service s ON s.council_id = sal.council_id AND s.id = sal.service_id
     WHERE sal.council_id = $1 AND sal.location_id = $2 AND s.organization_id <> $3 LIMIT 1`,
    [councilId, locationId, organisationId],
  );
  return rows.length > 0;
}

/** The county a new address is in: the council's most used `state_province`, as its listings give it. */
export async function usualCounty(db: Queryable, councilId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ county: string }>(
    `SELECT state_province AS county FROM address WHERE council_id = $1 GROUP BY state_province ORDER BY count(*) DESC LIMIT 1`,
    [councilId],
  );
  return rows[0]?.county;
}

/** Whether the service is published (not only proposed). */
export async function isServicePublished(db: Queryable, councilId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM service WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows.length > 0;
}
