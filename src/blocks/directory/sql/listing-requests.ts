import type { Queryable } from '../../../platform/db/db.js';

/** SQL of "ask to be listed": requests from organisations not yet in the directory. */

export interface ListingRequestRow {
  id: string;
  organisation_name: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  description: string;
  area: string;
  website: string | null;
  language: 'en' | 'cy';
  status: 'pending' | 'accepted' | 'declined';
  reason: string | null;
  organization_id: string | null;
  requested_at: Date;
  decided_by_email: string | null;
  decided_at: Date | null;
}

export interface NewListingRequest {
  id: string;
  organisationName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  description: string;
  area: string;
  website: string | null;
  language: 'en' | 'cy';
}

export async function insertListingRequest(db: Queryable, councilId: string, r: NewListingRequest): Promise<void> {
  await db.query(
    `INSERT INTO listing_request (council_id, id, organisation_name, contact_name, contact_email, contact_phone, description, area, website, language, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending')`,
    [councilId, r.id, r.organisationName, r.contactName, r.contactEmail, r.contactPhone, r.description, r.area, r.website, r.language],
  );
}

/** One page of pending requests, oldest first, and how many are pending. */
export async function pendingListingRequests(db: Queryable, councilId: string, offset: number, limit: number): Promise<{ requests: ListingRequestRow[]; total: number }> {
  const [page, count] = await Promise.all([
    db.query<ListingRequestRow>(
      `SELECT * FROM listing_request WHERE council_id = $1 AND status = 'pending' ORDER BY requested_at, id OFFSET $2 LIMIT $3`,
      [councilId, offset, limit],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM listing_request WHERE council_id = $1 AND status = 'pending'`, [councilId]),
  ]);
  return { requests: page.rows, total: count.rows[0]?.n ?? 0 };
}

export async function getListingRequest(db: Queryable, councilId: string, id: string, lock = false): Promise<ListingRequestRow | undefined> {
  const { rows } = await db.query<ListingRequestRow>(`SELECT * FROM listing_request WHERE council_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [councilId, id]);
  return rows[0];
}

export async function decideListingRequest(
  tx: Queryable,
  councilId: string,
  id: string,
  d: { status: 'accepted' | 'declined'; reason: string | null; organizationId: string | null; personId: string | null; email: string | null },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE listing_request SET status = $3, reason = $4, organization_id = $5, decided_by_person_id = $6, decided_by_email = $7, decided_at = now()
     WHERE council_id = $1 AND id = $2 AND status = 'pending'`,
    [councilId, id, d.status, d.reason, d.organizationId, d.personId, d.email],
  );
  return rowCount > 0;
}
