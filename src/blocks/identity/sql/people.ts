import type { Queryable } from '../../../platform/db/db.js';
import type { RoleGrant } from '../../../platform/http/access.js';
import { canonicalEmail } from '../email.js';

/** People and their roles: all of the identity block's SQL about who someone is. */

export interface PersonRow {
  id: string;
  email: string;
  display_name: string | null;
  platform_admin: boolean;
  disabled_at: Date | null;
  last_signed_in_at: Date | null;
}

const PERSON_COLUMNS = 'id, email, display_name, platform_admin, disabled_at, last_signed_in_at';

/** A typed address Hearth cannot write canonically (callers check with `EMAIL` first). */
export class InvalidEmail extends Error {
  constructor() {
    super('not an email address Hearth accepts');
  }
}

function canonicalOrThrow(email: string): string {
  const canonical = canonicalEmail(email);
  if (!canonical) throw new InvalidEmail();
  return canonical;
}

/**
 * The person whose stored (canonical) address is exactly this address's canonical form: never a
 * case-folded look-alike. Undefined for an address that has no canonical form.
 */
export async function personByEmail(db: Queryable, email: string): Promise<PersonRow | undefined> {
  const canonical = canonicalEmail(email);
  if (!canonical) return undefined;
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM person WHERE email = $1`, [canonical]);
  return rows[0];
}

export async function personById(db: Queryable, id: string): Promise<PersonRow | undefined> {
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM person WHERE id = $1`, [id]);
  return rows[0];
}

/** The person with this email (its canonical form), created when there is none; InvalidEmail for an address with no canonical form. */
export async function ensurePerson(db: Queryable, email: string, displayName?: string): Promise<PersonRow> {
  const { rows } = await db.query<PersonRow>(
    `INSERT INTO person (email, display_name) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET display_name = coalesce(person.display_name, EXCLUDED.display_name)
     RETURNING ${PERSON_COLUMNS}`,
    [canonicalOrThrow(email), displayName ?? null],
  );
  return rows[0];
}

/** A new person with this (canonical) address; undefined when someone has it already. */
export async function createPerson(db: Queryable, email: string): Promise<PersonRow | undefined> {
  const { rows } = await db.query<PersonRow>(`INSERT INTO person (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING ${PERSON_COLUMNS}`, [canonicalOrThrow(email)]);
  return rows[0];
}

export async function setPlatformAdmin(db: Queryable, personId: string, on: boolean): Promise<void> {
  await db.query('UPDATE person SET platform_admin = $2 WHERE id = $1', [personId, on]);
}

export async function setDisabled(db: Queryable, personId: string, disabled: boolean): Promise<void> {
  await db.query('UPDATE person SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END WHERE id = $1', [personId, disabled]);
}

/** A sign-in through this council's pages: when, here and anywhere. */
export async function markSignedIn(db: Queryable, personId: string, councilId: string | null): Promise<void> {
  await db.query(
    `WITH here AS (
       INSERT INTO person_council_sign_in (council_id, person_id, last_signed_in_at)
       SELECT $2, $1, now() WHERE $2::uuid IS NOT NULL
       ON CONFLICT (council_id, person_id) DO UPDATE SET last_signed_in_at = EXCLUDED.last_signed_in_at
     )
     UPDATE person SET last_signed_in_at = now() WHERE id = $1`,
    [personId, councilId],
  );
}



export async function personForLogin(db: Queryable, issuer: string, subject: string): Promise<string | undefined> {
  const { rows } = await db.query<{ person_id: string }>('SELECT person_id FROM person_login WHERE issuer = $1 AND subject = $2', [issuer, subject]);
  return rows[0]?.person_id;
}

export async function linkLogin(db: Queryable, issuer: string, subject: string, personId: string): Promise<void> {
  await db.query('INSERT INTO person_login (issuer, subject, person_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [issuer, subject, personId]);
}

export async function grantsOf(db: Queryable, personId: string): Promise<RoleGrant[]> {
  const { rows } = await db.query<{ council_id: string; role: string; scope: string }>(
    'SELECT council_id, role, scope FROM role_grant WHERE person_id = $1 ORDER BY council_id, role, scope',
    [personId],
  );
  return rows.map((r) => ({ councilId: r.council_id, role: r.role, scope: r.scope || null }));
}

/** Give a role; false when the person already had it. */
export async function addGrant(db: Queryable, g: { councilId: string; personId: string; role: string; scope: string; grantedBy: string | null }): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO role_grant (council_id, person_id, role, scope, granted_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (council_id, person_id, role, scope) DO NOTHING RETURNING id`,
    [g.councilId, g.personId, g.role, g.scope, g.grantedBy],
  );
  return rows.length > 0;
}

/** Take a role away; false when the person did not have it. */
export async function removeGrant(db: Queryable, g: { councilId: string; personId: string; role: string; scope: string }): Promise<boolean> {
  const { rows } = await db.query(
    'DELETE FROM role_grant WHERE council_id = $1 AND person_id = $2 AND role = $3 AND scope = $4 RETURNING id',
    [g.councilId, g.personId, g.role, g.scope],
  );
  return rows.length > 0;
}

export interface CouncilPerson extends PersonRow {
  grants: { role: string; scope: string }[];
}

/**
 * Everyone with a role in the council, by email; `search` narrows by email or name.
 * `last_signed_in_at` is their last sign-in through THIS council's pages: when they last signed
 * in anywhere is not this council's business (an admin could otherwise learn it of anyone by
 * giving them a role).
 */
export async function peopleOfCouncil(db: Queryable, councilId: string, search = ''): Promise<CouncilPerson[]> {
  const { rows } = await db.query<CouncilPerson>(
    `SELECT p.id, p.email, p.display_name, p.platform_admin, p.disabled_at, here.last_signed_in_at,
            jsonb_agg(jsonb_build_object('role', g.role, 'scope', g.scope) ORDER BY g.role, g.scope) AS grants
     FROM role_grant g JOIN person p ON p.id = g.person_id
     LEFT JOIN person_council_sign_in here ON here.council_id = g.council_id AND here.person_id = p.id
     WHERE g.council_id = $1 AND ($2 = '' OR p.email ILIKE '%' || $2 || '%' OR p.display_name ILIKE '%' || $2 || '%')
     GROUP BY p.id, here.last_signed_in_at ORDER BY p.email LIMIT 500`,
    [councilId, search],
  );
  return rows;
}
