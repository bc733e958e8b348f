-- People, their sign-in methods, their roles in councils, their sessions, one-time email
-- links, and the audit log of staff and admin actions.

-- A person, whoever they are to each council. The email is how they sign in by link, and how
-- an OIDC login is matched to them when the provider has verified it.
CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  display_name text,
  -- Administers every council (and adds councils); given only from the command line.
  platform_admin boolean NOT NULL DEFAULT false,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz
);
CREATE UNIQUE INDEX person_email ON person (lower(email));

-- An identity at an OpenID Connect provider (GOV.UK One Login or another), linked to a person.
CREATE TABLE person_login (
  issuer text NOT NULL,
  subject text NOT NULL,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);

-- Roles, per council. Scoped roles name what they are limited to: an organisation editor's
-- organisation id, a request handler's team.
CREATE TABLE role_grant (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('resident', 'organisation_editor', 'directory_manager', 'request_handler', 'council_admin')),
  scope text NOT NULL DEFAULT '',
  granted_by uuid REFERENCES person (id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  CHECK ((role IN ('organisation_editor', 'request_handler')) = (scope <> ''))
);
CREATE UNIQUE INDEX role_grant_unique ON role_grant (council_id, person_id, role, scope);
CREATE INDEX role_grant_person ON role_grant (person_id);

-- A signed-in browser. Only the SHA-256 of the cookie's random id is kept, so a copy of this
-- table cannot be used to sign in.
CREATE TABLE session (
  id_hash text PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  method text NOT NULL CHECK (method IN ('email', 'oidc')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ip text,
  user_agent text,
  oidc_issuer text,
  oidc_sid text,
  oidc_id_token text
);
CREATE INDEX session_person ON session (person_id) WHERE ended_at IS NULL;
CREATE INDEX session_oidc ON session (oidc_issuer, oidc_sid) WHERE ended_at IS NULL;

-- One-time sign-in links: the SHA-256 of the token, single use, short-lived.
CREATE TABLE email_link (
  token_hash text PRIMARY KEY,
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  email text NOT NULL,
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Every staff and admin action: who, what, when, from where.
CREATE TABLE audit_log (
  council_id uuid REFERENCES council (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_person_id uuid REFERENCES person (id) ON DELETE SET NULL,
  actor_email text,
  actor_client_id text,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL DEFAULT '{}',
  ip text,
  user_agent text
);
CREATE INDEX audit_log_council_at ON audit_log (council_id, at DESC);
