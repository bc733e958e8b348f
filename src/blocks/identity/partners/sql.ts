import type { Queryable } from '../../../platform/db/db.js';

/**
 * All of the partner clients' SQL (tables in migrations/002_partners.sql). Every statement is
 * scoped by council: a client, an assertion or a signing key of one council is invisible to
 * another.
 */

export type PartnerAuthMethod = 'private_key_jwt' | 'client_secret';

export interface PartnerClientRow {
  council_id: string;
  id: string;
  client_id: string;
  name: string;
  description: string | null;
  auth_method: PartnerAuthMethod;
  secret_hash: string | null;
  secret_set_at: Date | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  jwks_uri: string | null;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  disabled_at: Date | null;
  disabled_by: string | null;
}

const CLIENT_COLUMNS = `council_id, id, client_id, name, description, auth_method, secret_hash, secret_set_at, jwks, jwks_uri,
  scopes, created_by, created_at, disabled_at, disabled_by`;

export interface NewClientRow {
  councilId: string;
  id: string;
  clientId: string;
  name: string;
  description?: string;
  authMethod: PartnerAuthMethod;
  secretHash?: string;
  jwks?: { keys: Record<string, unknown>[] };
  jwksUri?: string;
  scopes: string[];
  createdBy?: string;
}

export async function insertClient(q: Queryable, c: NewClientRow): Promise<PartnerClientRow> {
  const { rows } = await q.query<PartnerClientRow>(
    `INSERT INTO partner_client (council_id, id, client_id, name, description, auth_method, secret_hash, secret_set_at, jwks, jwks_uri, scopes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END, $8::jsonb, $9, $10::text[], $11)
     RETURNING ${CLIENT_COLUMNS}`,
    [
      c.councilId,
      c.id,
      c.clientId,
      c.name,
      c.description ?? null,
      c.authMethod,
      c.secretHash ?? null,
      c.jwks ? JSON.stringify(c.jwks) : null,
      c.jwksUri ?? null,
      c.scopes,
      c.createdBy ?? null,
    ],
  );
  return rows[0];
}

/** Every client of the council, enabled ones first, newest first. */
export async function selectClients(q: Queryable, councilId: string): Promise<PartnerClientRow[]> {
  const { rows } = await q.query<PartnerClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM partner_client WHERE council_id = $1
     ORDER BY disabled_at IS NOT NULL, created_at DESC, name`,
    [councilId],
  );
  return rows;
}

export async function selectClientById(q: Queryable, councilId: string, id: string): Promise<PartnerClientRow | undefined> {
  const { rows } = await q.query<PartnerClientRow>(`SELECT ${CLIENT_COLUMNS} FROM partner_client WHERE council_id = $1 AND id = $2`, [councilId, id]);
  return rows[0];
}

export async function selectClientByClientId(q: Queryable, councilId: string, clientId: string): Promise<PartnerClientRow | undefined> {
  const { rows } = await q.query<PartnerClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM partner_client WHERE council_id = $1 AND client_id = $2`,
    [councilId, clientId],
  );
  return rows[0];
}

/** Disable an enabled client; undefined when there is none (or it was already disabled). */
export async function updateClientDisabled(q: Queryable, councilId: string, id: string, by: string | null): Promise<PartnerClientRow | undefined> {
  const { rows } = await q.query<PartnerClientRow>(
    `UPDATE partner_client SET disabled_at = now(), disabled_by = $3
     WHERE council_id = $1 AND id = $2 AND disabled_at IS NULL
     RETURNING ${CLIENT_COLUMNS}`,
    [councilId, id, by],
  );
  return rows[0];
}

/** Replace the secret hash of an enabled client_secret client; undefined when there is none. */
export async function updateClientSecret(q: Queryable, councilId: string, id: string, secretHash: string): Promise<PartnerClientRow | undefined> {
  const { rows } = await q.query<PartnerClientRow>(
    `UPDATE partner_client SET secret_hash = $3, secret_set_at = now()
     WHERE council_id = $1 AND id = $2 AND auth_method = 'client_secret' AND disabled_at IS NULL
     RETURNING ${CLIENT_COLUMNS}`,
    [councilId, id, secretHash],
  );
  return rows[0];
}

/** Whether a client exists and is enabled: the cheap check behind token verification. */
export async function selectClientEnabled(q: Queryable, councilId: string, clientId: string): Promise<boolean> {
  const { rows } = await q.query<{ enabled: boolean }>(
    'SELECT disabled_at IS NULL AS enabled FROM partner_client WHERE council_id = $1 AND client_id = $2',
    [councilId, clientId],
  );
  return rows[0]?.enabled === true;
}

/**
 * Record a client assertion's `jti` as used. False when it was used before (a replay). Expired
 * rows of the council are pruned in the same breath: after expiry an assertion is refused anyway.
 */
export async function useAssertionJti(q: Queryable, councilId: string, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  await q.query('DELETE FROM partner_assertion_jti WHERE council_id = $1 AND expires_at < now()', [councilId]);
  const { rows } = await q.query<{ jti: string }>(
    `INSERT INTO partner_assertion_jti (council_id, client_id, jti, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING jti`,
    [councilId, clientId, jti, expiresAt],
  );
  return rows.length === 1;
}

export interface SigningKeyRow {
  kid: string;
  alg: 'ES256';
  public_jwk: Record<string, unknown>;
  private_jwk: Record<string, unknown>;
  created_at: Date;
  retired_at: Date | null;
}

/** The current key and the keys retired less than `keepSeconds` ago, current first. */
export async function selectSigningKeys(q: Queryable, councilId: string, keepSeconds: number): Promise<SigningKeyRow[]> {
  const { rows } = await q.query<SigningKeyRow>(
    `SELECT kid, alg, public_jwk, private_jwk, created_at, retired_at FROM partner_signing_key
     WHERE council_id = $1 AND (retired_at IS NULL OR retired_at > now() - make_interval(secs => $2))
     ORDER BY retired_at IS NOT NULL, retired_at DESC NULLS FIRST, created_at DESC`,
    [councilId, keepSeconds],
  );
  return rows;
}

/**
 * Insert a key as the council's current one unless it already has one (two processes may race
 * on first use: one insert wins, both then read the winner). True when this one was inserted.
 */
export async function insertSigningKeyIfNone(
  q: Queryable,
  councilId: string,
  key: { kid: string; publicJwk: Record<string, unknown>; privateJwk: Record<string, unknown> },
): Promise<boolean> {
  const { rows } = await q.query<{ kid: string }>(
    `INSERT INTO partner_signing_key (council_id, kid, public_jwk, private_jwk) VALUES ($1, $2, $3::jsonb, $4::jsonb)
     ON CONFLICT (council_id) WHERE retired_at IS NULL DO NOTHING RETURNING kid`,
    [councilId, key.kid, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk)],
  );
  return rows.length === 1;
}

/** Retire the council's current key; its kid, or undefined when it had none. */
export async function retireCurrentSigningKey(q: Queryable, councilId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ kid: string }>(
    'UPDATE partner_signing_key SET retired_at = now() WHERE council_id = $1 AND retired_at IS NULL RETURNING kid',
    [councilId],
  );
  return rows[0]?.kid;
}

/** Delete the council's retired keys (withdrawn: no longer published or accepted); their kids. */
export async function deleteRetiredSigningKeys(q: Queryable, councilId: string): Promise<string[]> {
  const { rows } = await q.query<{ kid: string }>('DELETE FROM partner_signing_key WHERE council_id = $1 AND retired_at IS NOT NULL RETURNING kid', [councilId]);
  return rows.map((r) => r.kid);
}

/** Serialise key changes of one council across processes for the rest of the transaction. */
export async function lockSigningKeys(q: Queryable, councilId: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('partner_signing_key:' || $1::text))", [councilId]);
}

/** Every signing key's council and kid (for `hearth keys rewrap`). */
export async function allSigningKeyIds(q: Queryable): Promise<{ councilId: string; kid: string }[]> {
  const { rows } = await q.query<{ council_id: string; kid: string }>('SELECT council_id, kid FROM partner_signing_key ORDER BY council_id, kid');
  return rows.map((r) => ({ councilId: r.council_id, kid: r.kid }));
}

/** A signing key's private half as stored (sealed, or clear from an earlier Hearth), locked until the transaction ends. */
export async function lockPrivateJwk(tx: Queryable, councilId: string, kid: string): Promise<unknown> {
  const { rows } = await tx.query<{ private_jwk: unknown }>('SELECT private_jwk FROM partner_signing_key WHERE council_id = $1 AND kid = $2 FOR UPDATE', [councilId, kid]);
  return rows[0]?.private_jwk;
}

export async function setPrivateJwk(tx: Queryable, councilId: string, kid: string, value: unknown): Promise<void> {
  await tx.query('UPDATE partner_signing_key SET private_jwk = $3::jsonb WHERE council_id = $1 AND kid = $2', [councilId, kid, JSON.stringify(value)]);
}
