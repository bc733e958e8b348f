-- The vault's access log: every time anyone but the resident reads or changes a resident's
-- information, one entry, written in the same transaction as the access (log/append.ts).
-- Entries form one hash chain per council: each entry's hash covers its fields and the hash
-- before it, so an entry edited, deleted, inserted or moved breaks the chain from there, and
-- `hearth vault verify` names the first broken one. The chain's head is signed at intervals
-- (vault_log_seal) and published, so a rewrite of the whole tail is caught too.
CREATE TABLE vault_access_log (
  council_id   uuid        NOT NULL REFERENCES council (id),
  -- 1, 2, 3… per council, without gaps: given under the lock on vault_log_head.
  seq          bigint      NOT NULL CHECK (seq > 0),
  at           timestamptz NOT NULL,
  resident_id  uuid        NOT NULL,
  -- Who: a member of staff, a partner system, an advocate, the resident, or Hearth itself.
  actor_kind   text        NOT NULL CHECK (actor_kind IN ('staff', 'partner', 'advocate', 'resident', 'system')),
  actor_id     text        NOT NULL,
  actor_name   text        NOT NULL,
  -- The team or partner organisation they acted for.
  organisation text        NOT NULL,
  -- An advocate's entries name the resident they acted for here (and resident_id is theirs too).
  on_behalf_of uuid,
  action       text        NOT NULL CHECK (action IN ('read', 'update', 'export', 'erase')),
  categories   text[]      NOT NULL,
  -- Under which grant, or which recorded legal basis (one of the two, or neither for the resident themselves).
  grant_id     uuid,
  basis_id     uuid,
  purpose      text        NOT NULL,
  prev_hash    bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash         bytea       NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (council_id, seq)
);
CREATE INDEX vault_access_log_resident ON vault_access_log (council_id, resident_id, seq DESC);

-- The last entry of each council's chain: locked while an entry is appended, so entries are
-- numbered and chained one after another.
CREATE TABLE vault_log_head (
  council_id uuid   PRIMARY KEY REFERENCES council (id),
  seq        bigint NOT NULL,
  hash       bytea  NOT NULL CHECK (octet_length(hash) = 32)
);

-- Signed heads: at intervals, the head's seq and hash signed (Ed25519) and kept with the public
-- key, for anyone to check a copy of the log against.
CREATE TABLE vault_log_seal (
  council_id uuid        NOT NULL REFERENCES council (id),
  seq        bigint      NOT NULL,
  hash       bytea       NOT NULL CHECK (octet_length(hash) = 32),
  sealed_at  timestamptz NOT NULL DEFAULT now(),
  -- The signing key: its id, and its public key (SPKI DER), so a seal checks without Hearth.
  key_id     text        NOT NULL,
  public_key bytea       NOT NULL,
  signature  bytea       NOT NULL,
  PRIMARY KEY (council_id, seq)
);

-- Append-only, for everyone but whoever can switch the trigger off (the table's owner): and
-- what they change, the chain shows.
CREATE FUNCTION vault_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the vault access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER vault_access_log_append_only BEFORE UPDATE OR DELETE ON vault_access_log FOR EACH ROW EXECUTE FUNCTION vault_log_append_only();
CREATE TRIGGER vault_access_log_no_truncate BEFORE TRUNCATE ON vault_access_log FOR EACH STATEMENT EXECUTE FUNCTION vault_log_append_only();
CREATE TRIGGER vault_log_seal_append_only BEFORE UPDATE OR DELETE ON vault_log_seal FOR EACH ROW EXECUTE FUNCTION vault_log_append_only();
