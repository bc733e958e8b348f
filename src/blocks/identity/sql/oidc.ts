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
