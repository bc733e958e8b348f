-- What became of a recorded legal basis: a second officer may decline one that waits for their
-- approval (it never gave access), and the team ends one it no longer needs. Who ended or
-- declined it, and when, is kept with the basis (the audit log has the sentence).
ALTER TABLE vault_basis DROP CONSTRAINT vault_basis_status_check;
ALTER TABLE vault_basis ADD CONSTRAINT vault_basis_status_check CHECK (status IN ('awaiting_approval', 'active', 'ended', 'declined'));
ALTER TABLE vault_basis ADD COLUMN ended_by uuid;
ALTER TABLE vault_basis ADD COLUMN ended_at timestamptz;
-- The second officer decides: whoever recorded a basis can neither approve it (002) nor decline it.
-- No basis was ended before this migration (nothing wrote them), but say when if one was.
UPDATE vault_basis SET ended_at = created_at WHERE status = 'ended';
ALTER TABLE vault_basis ADD CONSTRAINT vault_basis_declined_by_another CHECK (status <> 'declined' OR (ended_by IS NOT NULL AND ended_by <> recorded_by));
ALTER TABLE vault_basis ADD CONSTRAINT vault_basis_ended_when CHECK ((status IN ('ended', 'declined')) = (ended_at IS NOT NULL));

-- A team's own list: the bases waiting for a second officer, and those in force.
CREATE INDEX vault_basis_team ON vault_basis (council_id, team, status, created_at);
-- The residents a team may see: its live grants, by grantee.
CREATE INDEX vault_grant_grantee ON vault_grant (council_id, grantee_kind, grantee, expires_at) WHERE status = 'active';
