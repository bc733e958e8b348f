-- OpenID Connect sign-in in progress: what the callback must check (state, nonce, the PKCE
-- verifier), kept here rather than in a cookie; the browser holds only a random handle, whose
-- SHA-256 is the key. Single use, ten minutes.
CREATE TABLE oidc_pending (
  handle_hash text PRIMARY KEY,
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Back-channel logout tokens already acted on (a replayed token is refused), until they expire.
CREATE TABLE oidc_logout_jti (
  issuer text NOT NULL,
  jti text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, jti)
);
