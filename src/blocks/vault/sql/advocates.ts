import type { CouncilTx } from './scope.js';

/** The vault's SQL about advocates: appointments, their invitations, and the live ones the gateway checks. */

export interface AppointmentRow {
  id: string;
  resident_id: string;
  resident_name: string;
  advocate_person_id: string | null;
  advocate_email: string;
  advocate_name: string;
  relationship: string;
  categories: string[];
  access: 'read' | 'read_update';
  manage_grants: boolean;
  kind: 'appointed_by_resident' | 'legal';
  status: 'invited' | 'awaiting_approval' | 'active' | 'declined' | 'ended';
  starts_at: Date;
  ends_at: Date;
  invitation_expires: Date | null;
  evidence_ref: string | null;
  team: string | null;
  recorded_by: string | null;
  approved_by: string | null;
  ended_at: Date | null;
  ended_by: 'resident' | 'advocate' | 'staff' | null;
  created_at: Date;
}

const COLUMNS = `id, resident_id, resident_name, advocate_person_id, advocate_email, advocate_name, relationship, categories, access, manage_grants,
  kind, status, starts_at, ends_at, invitation_expires, evidence_ref, team, recorded_by, approved_by, ended_at, ended_by, created_at`;

export interface NewAppointment {
  id: string;
  residentId: string;
  residentName: string;
  advocatePersonId: string | null;
  advocateEmail: string;
  advocateName: string;
  relationship: string;
  categories: string[];
  access: 'read' | 'read_update';
  manageGrants: boolean;
  kind: AppointmentRow['kind'];
  status: 'invited' | 'awaiting_approval';
  startsAt: Date;
  endsAt: Date;
  invitationHash: string | null;
  invitationExpires: Date | null;
  evidenceRef: string | null;
  team: string | null;
  recordedBy: string | null;
}

export async function insertAppointment(q: CouncilTx, councilId: string, a: NewAppointment): Promise<void> {
  await q.query(
    `INSERT INTO vault_advocate (council_id, id, resident_id, resident_name, advocate_person_id, advocate_email, advocate_name, relationship, categories, access,
       manage_grants, kind, status, starts_at, ends_at, invitation_hash, invitation_expires, evidence_ref, team, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [councilId, a.id, a.residentId, a.residentName, a.advocatePersonId, a.advocateEmail, a.advocateName, a.relationship, a.categories, a.access,
      a.manageGrants, a.kind, a.status, a.startsAt, a.endsAt, a.invitationHash, a.invitationExpires, a.evidenceRef, a.team, a.recordedBy],
  );
}

/** A resident's appointments, newest first. */
export async function appointmentsOfResident(q: CouncilTx, councilId: string, residentId: string): Promise<AppointmentRow[]> {
  const { rows } = await q.query<AppointmentRow>(`SELECT ${COLUMNS} FROM vault_advocate WHERE council_id = $1 AND resident_id = $2 ORDER BY created_at DESC, id`, [councilId, residentId]);
  return rows;
}

export async function appointmentOfResident(q: CouncilTx, councilId: string, residentId: string, id: string): Promise<AppointmentRow | undefined> {
  const { rows } = await q.query<AppointmentRow>(`SELECT ${COLUMNS} FROM vault_advocate WHERE council_id = $1 AND resident_id = $2 AND id = $3`, [councilId, residentId, id]);
  return rows[0];
}

/** The appointment an invitation's token (by its hash) belongs to, in this council, whatever its state. */
export async function appointmentByInvitation(q: CouncilTx, councilId: string, invitationHash: string): Promise<AppointmentRow | undefined> {
  const { rows } = await q.query<AppointmentRow>(`SELECT ${COLUMNS} FROM vault_advocate WHERE council_id = $1 AND invitation_hash = $2`, [councilId, invitationHash]);
  return rows[0];
}

/**
 * Use an invitation once: accepted (active, as this person) or declined, only while it is
 * still an invitation, unexpired, for an appointment not yet over: either way it is used up
 * (its hash stays, so the same answer sent twice is recognised). Returns the appointment as it now is, or undefined when nothing moved.
 */
export async function answerInvitation(tx: CouncilTx, councilId: string, invitationHash: string, personId: string, accept: boolean, now: Date): Promise<AppointmentRow | undefined> {
  const { rows } = await tx.query<AppointmentRow>(
    `UPDATE vault_advocate
        SET status = $4, advocate_person_id = $3, updated_at = $5,
            ended_at = CASE WHEN $4 = 'declined' THEN $5 ELSE NULL END, ended_by = CASE WHEN $4 = 'declined' THEN 'advocate' ELSE NULL END
      WHERE council_id = $1 AND invitation_hash = $2 AND status = 'invited' AND invitation_expires > $5 AND ends_at > $5
      RETURNING ${COLUMNS}`,
    [councilId, invitationHash, personId, accept ? 'active' : 'declined', now],
  );
  return rows[0];
}

/**
 * End an appointment at once (an invitation not yet answered, one awaiting approval, or a live
 * one): `who` limits it to the resident's own, the advocate's own, or the team's legal ones.
 * True when it ended.
 */
export async function endAppointment(
  q: CouncilTx,
  councilId: string,
  id: string,
  who: { residentId: string } | { advocatePersonId: string } | { team: string },
  now: Date,
): Promise<boolean> {
  const [column, value, by] =
    'residentId' in who ? ['resident_id', who.residentId, 'resident'] : 'advocatePersonId' in who ? ['advocate_person_id', who.advocatePersonId, 'advocate'] : ['team', who.team, 'staff'];
  const { rows } = await q.query(
    `UPDATE vault_advocate SET status = 'ended', ended_at = $4, ended_by = $5, updated_at = $4
      WHERE council_id = $1 AND id = $2 AND ${column} = $3 AND status IN ('invited', 'awaiting_approval', 'active')
        ${by === 'staff' ? "AND kind = 'legal'" : ''}
      RETURNING id`,
    [councilId, id, value, now, by],
  );
  return rows.length > 0;
}

/** The appointments that let this person act for this resident now: active, started, not over. */
export async function liveAppointments(q: CouncilTx, councilId: string, residentId: string, advocatePersonId: string, now: Date): Promise<AppointmentRow[]> {
  const { rows } = await q.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vault_advocate
      WHERE council_id = $1 AND resident_id = $2 AND advocate_person_id = $3 AND status = 'active' AND starts_at <= $4 AND ends_at > $4
      ORDER BY created_at`,
    [councilId, residentId, advocatePersonId, now],
  );
  return rows;
}

/** The people this person acts for now, by their live appointments. */
export async function liveAppointmentsOfAdvocate(q: CouncilTx, councilId: string, advocatePersonId: string, now: Date): Promise<AppointmentRow[]> {
  const { rows } = await q.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vault_advocate
      WHERE council_id = $1 AND advocate_person_id = $2 AND status = 'active' AND starts_at <= $3 AND ends_at > $3
      ORDER BY resident_name, created_at`,
    [councilId, advocatePersonId, now],
  );
  return rows;
}

/** One appointment of this advocate, whatever its state (the pages say why it no longer works). */
export async function appointmentOfAdvocate(q: CouncilTx, councilId: string, advocatePersonId: string, id: string): Promise<AppointmentRow | undefined> {
  const { rows } = await q.query<AppointmentRow>(`SELECT ${COLUMNS} FROM vault_advocate WHERE council_id = $1 AND advocate_person_id = $2 AND id = $3`, [councilId, advocatePersonId, id]);
  return rows[0];
}

/**
 * Legal appointments in force for an address whose person had not signed in when they were
 * approved: they become this person's (the address is theirs: they signed in with it).
 */
export async function claimLegalAppointments(q: CouncilTx, councilId: string, personId: string, canonicalEmail: string): Promise<number> {
  const { rows } = await q.query(
    `UPDATE vault_advocate SET advocate_person_id = $2, updated_at = now()
      WHERE council_id = $1 AND kind = 'legal' AND status = 'active' AND advocate_person_id IS NULL AND advocate_email = $3
      RETURNING id`,
    [councilId, personId, canonicalEmail],
  );
  return rows.length;
}

/** A team's legal appointments waiting for a second officer and those in force, oldest first. */
export async function legalAppointmentsOfTeam(q: CouncilTx, councilId: string, team: string, now: Date): Promise<AppointmentRow[]> {
  const { rows } = await q.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vault_advocate
      WHERE council_id = $1 AND kind = 'legal' AND team = $2 AND (status = 'awaiting_approval' OR (status = 'active' AND ends_at > $3))
      ORDER BY created_at, id`,
    [councilId, team, now],
  );
  return rows;
}

export async function legalAppointmentOfTeam(q: CouncilTx, councilId: string, team: string, id: string, forUpdate = false): Promise<AppointmentRow | undefined> {
  const { rows } = await q.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vault_advocate WHERE council_id = $1 AND kind = 'legal' AND team = $2 AND id = $3${forUpdate ? ' FOR UPDATE' : ''}`,
    [councilId, team, id],
  );
  return rows[0];
}

/** A second officer decides a legal appointment waiting for them: approved (active) or declined. False when it was not waiting. */
export async function decideLegalAppointment(tx: CouncilTx, councilId: string, team: string, id: string, officer: string, approve: boolean, advocatePersonId: string | null, now: Date): Promise<boolean> {
  const { rows } = approve
    ? await tx.query(
        `UPDATE vault_advocate SET status = 'active', approved_by = $4, approved_at = $5, advocate_person_id = coalesce(advocate_person_id, $6), updated_at = $5
          WHERE council_id = $1 AND kind = 'legal' AND team = $2 AND id = $3 AND status = 'awaiting_approval' RETURNING id`,
        [councilId, team, id, officer, now, advocatePersonId],
      )
    : await tx.query(
        `UPDATE vault_advocate SET status = 'declined', ended_at = $5, ended_by = 'staff', updated_at = $5
          WHERE council_id = $1 AND kind = 'legal' AND team = $2 AND id = $3 AND status = 'awaiting_approval' AND recorded_by <> $4 RETURNING id`,
        [councilId, team, id, officer, now],
      );
  return rows.length > 0;
}
