import type { Queryable } from '../../../platform/db/db.js';
import type { RoleGrant } from '../../../platform/http/access.js';

/** Sessions and one-time email links: the identity block's SQL about signing in. */

export interface NewSession {
  idHash: string;
  personId: string;
  method: 'email' | 'oidc';
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  oidc?: { issuer: string; sid?: string; idToken: string };
}

export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db.query(
    `INSERT INTO session (id_hash, person_id, method, expires_at, ip, user_agent, oidc_issuer, oidc_sid, oidc_id_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [s.idHash, s.personId, s.method, s.expiresAt, s.ip, s.userAgent, s.oidc?.issuer ?? null, s.oidc?.sid ?? null, s.oidc?.idToken ?? null],
  );
}

export interface LiveSession {
  person_id: string;
  email: string;
  display_name: string | null;
  platform_admin: boolean;
  last_seen_at: Date;
  grants: RoleGrant[];
}

/**
 * The live session with this id hash and its person's roles, in one indexed query (every
 * signed-in request runs it). Live: not ended, not past its absolute expiry, seen within the
 * idle timeout, and its person not disabled.
 */
export async function liveSession(db: Queryable, idHash: string, now: Date, idleSeconds: number): Promise<LiveSession | undefined> {
  const { rows } = await db.query<Omit<LiveSession, 'grants'> & { grants: { councilId: string; role: string; scope: string }[] }>(
    `SELECT s.person_id, p.email, p.display_name, p.platform_admin, s.last_seen_at,
            coalesce((SELECT jsonb_agg(jsonb_build_object('councilId', g.council_id, 'role', g.role, 'scope', g.scope))
                      FROM role_grant g WHERE g.person_id = s.person_id), '[]') AS grants
     FROM session s JOIN person p ON p.id = s.person_id
     WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2
       AND s.last_seen_at > $2::timestamptz - make_interval(secs => $3) AND p.disabled_at IS NULL`,
    [idHash, now, idleSeconds],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { ...row, grants: row.grants.map((g) => ({ councilId: g.councilId, role: g.role, scope: g.scope || null })) };
}

export async function touchSession(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db.query('UPDATE session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
}

/** End one session; returns its OIDC details, if it came from a provider. */
export async function endSessionRow(db: Queryable, idHash: string): Promise<{ oidc_issuer: string | null; oidc_id_token: string | null } | undefined> {
  const { rows } = await db.query<{ oidc_issuer: string | null; oidc_id_token: string | null }>(
    'UPDATE session SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL RETURNING oidc_issuer, oidc_id_token',
    [idHash],
  );
  return rows[0];
}

/** End every live session of a person; returns how many. */
export async function endSessionsOfPerson(db: Queryable, personId: string): Promise<number> {
  const { rows } = await db.query('UPDATE session SET ended_at = now() WHERE person_id = $1 AND ended_at IS NULL RETURNING 1', [personId]);
  return rows.length;
}

/** End the sessions a provider's back-channel logout names (by session id, or all of a subject's). */
export async function endSessionsForLogin(db: Queryable, issuer: string, sub: string | undefined, sid: string | undefined): Promise<number> {
  const { rows } = await db.query(
    `UPDATE session s SET ended_at = now()
     WHERE s.ended_at IS NULL AND s.oidc_issuer = $1
       AND ($3::text IS NULL OR s.oidc_sid = $3)
       AND ($2::text IS NULL OR s.person_id = (SELECT person_id FROM person_login WHERE issuer = $1 AND subject = $2))
       AND ($2::text IS NOT NULL OR $3::text IS NOT NULL)
     RETURNING 1`,
    [issuer, sub ?? null, sid ?? null],
  );
  return rows.length;
}

export interface SessionListing {
  id_hash: string;
  method: string;
  created_at: Date;
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export async function liveSessionsOf(db: Queryable, personId: string, now: Date, idleSeconds: number): Promise<SessionListing[]> {
  const { rows } = await db.query<SessionListing>(
    `SELECT id_hash, method, created_at, last_seen_at, ip, user_agent FROM session
     WHERE person_id = $1 AND ended_at IS NULL AND expires_at > $2 AND last_seen_at > $2::timestamptz - make_interval(secs => $3)
     ORDER BY last_seen_at DESC`,
    [personId, now, idleSeconds],
  );
  return rows;
}

/** End one of a person's own sessions (from their account page). */
export async function endOwnSession(db: Queryable, personId: string, idHash: string): Promise<boolean> {
  const { rows } = await db.query('UPDATE session SET ended_at = now() WHERE person_id = $1 AND id_hash = $2 AND ended_at IS NULL RETURNING 1', [personId, idHash]);
  return rows.length > 0;
}

export async function insertEmailLink(db: Queryable, link: { tokenHash: string; councilId: string; email: string; returnTo: string | null; expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO email_link (token_hash, council_id, email, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    link.tokenHash,
    link.councilId,
    link.email,
    link.returnTo,
    link.expiresAt,
  ]);
}

export type LinkState = { state: 'ok'; email: string; returnTo: string | null } | { state: 'unknown' | 'used' | 'expired' | 'other_council' };

/** Use a link: at most once (the row is locked and marked in one statement). */
export async function consumeEmailLink(db: Queryable, tokenHash: string, councilId: string, now: Date): Promise<LinkState> {
  const { rows } = await db.query<{ email: string; return_to: string | null; council_id: string; expires_at: Date; used_at: Date | null; consumed: boolean }>(
    `WITH target AS (SELECT * FROM email_link WHERE token_hash = $1 FOR UPDATE),
     consumed AS (
       UPDATE email_link l SET used_at = $3 FROM target
       WHERE l.token_hash = target.token_hash AND target.used_at IS NULL AND target.expires_at > $3 AND target.council_id = $2
       RETURNING l.token_hash
     )
     SELECT t.email, t.return_to, t.council_id, t.expires_at, t.used_at, EXISTS (SELECT 1 FROM consumed) AS consumed FROM target t`,
    [tokenHash, councilId, now],
  );
  const row = rows[0];
  if (!row) return { state: 'unknown' };
  if (row.consumed) return { state: 'ok', email: row.email, returnTo: row.return_to };
  if (row.council_id !== councilId) return { state: 'other_council' };
  if (row.used_at) return { state: 'used' };
  return { state: 'expired' };
}

/** Whether a link exists and could still be used (for the landing page, which does not use it). */
export async function peekEmailLink(db: Queryable, tokenHash: string, councilId: string, now: Date): Promise<LinkState['state']> {
  const { rows } = await db.query<{ council_id: string; expires_at: Date; used_at: Date | null }>(
    'SELECT council_id, expires_at, used_at FROM email_link WHERE token_hash = $1',
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return 'unknown';
  if (row.council_id !== councilId) return 'other_council';
  if (row.used_at) return 'used';
  if (new Date(row.expires_at) <= now) return 'expired';
  return 'ok';
}

/** A link whose mail could not be sent: gone, so it can never be used. */
export async function withdrawEmailLink(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM email_link WHERE token_hash = $1', [tokenHash]);
}
