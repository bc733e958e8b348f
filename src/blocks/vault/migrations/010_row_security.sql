-- Row-level security: the second wall around the vault's tables. The first is the code: only
-- the vault's SQL module (src/blocks/vault/sql/) names these tables, and every query it runs says
-- which council it is for. This wall holds when a query forgets: a row is seen, changed or
-- written only while the transaction has named that row's council in `hearth.vault_council`
-- (sql/scope.ts sets it, transaction-local, as the first statement of every vault transaction).
-- With no council named, nothing is visible and nothing can be written.
--
-- FORCE makes the policies hold for the tables' owner too (Hearth runs its own migrations, so it
-- usually owns them). Superusers and roles with BYPASSRLS skip row-level security whatever is
-- forced, so production connects as a role that is neither (README, "PostgreSQL"). PGlite runs
-- as its one superuser: there the policies are present and pass everything, as on any superuser.
--
-- Every vault table carries council_id (the sharding rule), so each policy reads its own column
-- and none needs a join to a parent. A table added later gets the same in its own migration; a
-- test fails if a vault_ table has no policy or is not forced.

DO $$
DECLARE
  t text;
BEGIN
  -- Every vault table there is (the catalogue, not a list that could miss one).
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'vault\_%' ORDER BY tablename LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I
      USING (council_id = nullif(current_setting('hearth.vault_council', true), '')::uuid)
      WITH CHECK (council_id = nullif(current_setting('hearth.vault_council', true), '')::uuid)$p$, t || '_council', t);
  END LOOP;
END;
$$;

-- The team-mail job now claims each council's due notices in that council's scope, so its index
-- leads with the council, as every other vault index does.
DROP INDEX vault_notice_mail_due;
CREATE INDEX vault_notice_mail_due ON vault_notice (council_id, next_attempt_at) WHERE recipient_kind = 'team' AND status IN ('pending', 'retrying');
