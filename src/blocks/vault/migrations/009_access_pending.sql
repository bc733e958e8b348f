-- Accesses recorded but not yet chained. Every access is written here in the transaction of the
-- access itself (log/append.ts `recordAccess`), with no lock: so accesses to different residents
-- never wait on one another. A chaining pass (log/chainer.ts: every half second in a serving
-- process, and before anything reads or checks the chain) takes the council's chain head, moves
-- the waiting entries into vault_access_log in the order they were recorded, numbering and
-- hashing each, and deletes them from here in the same transaction.
--
-- Before this, each access took the chain head's row lock until its transaction committed, so
-- every access in a council waited for the one before to reach disk: 32 partners reading at
-- once queued behind one another (bench/vault-read.ts, docs/benchmarks.md).
--
-- What this trades: an entry is tamper-evident from its chaining (within a second), not from
-- its commit. In that second it can be deleted by someone who can already write this database
-- as its owner; it can never be changed once chained, and a chained entry is never reordered.
CREATE TABLE vault_access_pending (
  -- The order accesses were recorded in: the order they are chained in.
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id   uuid        NOT NULL REFERENCES council (id),
  at           timestamptz NOT NULL,
  resident_id  uuid        NOT NULL,
  actor_kind   text        NOT NULL CHECK (actor_kind IN ('staff', 'partner', 'advocate', 'resident', 'system')),
  actor_id     text        NOT NULL,
  actor_name   text        NOT NULL,
  organisation text        NOT NULL,
  on_behalf_of uuid,
  action       text        NOT NULL CHECK (action IN ('read', 'update', 'export', 'erase')),
  categories   text[]      NOT NULL,
  grant_id     uuid,
  basis_id     uuid,
  purpose      text        NOT NULL
);
CREATE INDEX vault_access_pending_council ON vault_access_pending (council_id, id);

-- An entry waiting is never changed: it is chained as it was written, or (by the chaining pass
-- only, in the transaction that chains it) deleted.
CREATE TRIGGER vault_access_pending_no_update BEFORE UPDATE ON vault_access_pending FOR EACH ROW EXECUTE FUNCTION vault_log_append_only();
