import type { Queryable } from '../../../platform/db/db.js';

/** SQL of OpenID Connect sign-in: pending authorisations and used logout tokens. */

export interface Pending {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
}

export async function insertPending(db: Queryable, p: { handleHash: string; councilId: string; state: string; nonce: string; codeVerifier: string; returnTo: string; expiresAt: Date }): Promise<void> {
  await db.query(
    `WITH swept AS (DELETE FROM oidc_pending WHERE expires_at < now() - interval '1 day')
     INSERT INTO oidc_pending (handle_hash, council_id, state, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [p.handleHash, p.councilId, p.state, p.nonce, p.codeVerifier, p.returnTo, p.expiresAt],
  );
}

/** Take a pending sign-in: once only, unexpired, for this council. */
export async function takePending(db: Queryable, handleHash: string, councilId: string, now: Date): Promise<Pending | undefined> {
  const { rows } = await db.query<Pending>(
    `UPDATE oidc_pending SET used_at = $3
     WHERE handle_hash = $1 AND council_id = $2 AND used_at IS NULL AND expires_at > $3
     RETURNING state, nonce, code_verifier, return_to`,
    [handleHash, councilId, now],
  );
  return rows[0];
}

/** Remember a logout token's id; false when it was seen before (a replay). */
export async function rememberLogoutJti(db: Queryable, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  const { rows } = await db.query(
    `WITH swept AS (DELETE FROM oidc_logout_jti WHERE expires_at < now())
     INSERT INTO oidc_logout_jti (issuer, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [issuer, jti, expiresAt],
  );
  return rows.length > 0;
}

export interface LinkRequest {
  person_id: string;
  issuer: string;
  subject: string;
  oidc_sid: string | null;
  oidc_id_token: string;
  return_to: string | null;
}

/** An OIDC login waiting for its person to confirm it (`oidc_link_request`). */
export async function insertLinkRequest(
  db: Queryable,
  r: { tokenHash: string; browserHash: string; councilId: string; personId: string; issuer: string; subject: string; sid?: string; idToken: string; returnTo: string | null; expiresAt: Date },
): Promise<void> {
  await db.query(
    `WITH swept AS (DELETE FROM oidc_link_request WHERE expires_at < now() - interval '1 day')
     INSERT INTO oidc_link_request (token_hash, browser_hash, council_id, person_id, issuer, subject, oidc_sid, oidc_id_token, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.tokenHash, r.browserHash, r.councilId, r.personId, r.issuer, r.subject, r.sid ?? null, r.idToken, r.returnTo, r.expiresAt],
  );
}

/** A request whose mail could not be sent: gone, so its link can never be used. */
export async function withdrawLinkRequest(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM oidc_link_request WHERE token_hash = $1', [tokenHash]);
}

/** Whether the mailed link is open to this browser (for the page before the button; it does not use it). */
export async function peekLinkRequest(db: Queryable, tokenHash: string, browserHash: string | null, councilId: string, now: Date): Promise<'ok' | 'unknown' | 'other_browser' | 'used' | 'expired'> {
  const { rows } = await db.query<{ browser_hash: string; council_id: string; expires_at: Date; used_at: Date | null }>(
    'SELECT browser_hash, council_id, expires_at, used_at FROM oidc_link_request WHERE token_hash = $1',
    [tokenHash],
  );
  const row = rows[0];
  if (!row || row.council_id !== councilId) return 'unknown';
  if (row.used_at) return 'used';
  if (new Date(row.expires_at) <= now) return 'expired';
  if (row.browser_hash !== browserHash) return 'other_browser';
  return 'ok';
}

/** Take a confirmation: once, unexpired, in this council, from the browser that signed in at the provider. */
export async function takeLinkRequest(db: Queryable, tokenHash: string, browserHash: string, councilId: string, now: Date): Promise<LinkRequest | undefined> {
  const { rows } = await db.query<LinkRequest>(
    `UPDATE oidc_link_request SET used_at = $4
     WHERE token_hash = $1 AND browser_hash = $2 AND council_id = $3 AND used_at IS NULL AND expires_at > $4
     RETURNING person_id, issuer, subject, oidc_sid, oidc_id_token, return_to`,
    [tokenHash, browserHash, councilId, now],
  );
  return rows[0];
}
