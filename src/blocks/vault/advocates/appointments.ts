import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/db.js';
import { canonicalEmail, MAX_EMAIL, personByEmail, recordAudit } from '../../identity/index.js';
import type { BasisActor } from '../bases.js';
import { liveCategoriesOf } from '../categories.js';
import { endOfDay, lastAllowedDate, londonDate, readDateInput } from '../pages/grants/dates.js';
import {
  answerInvitation,
  appointmentByInvitation,
  decideLegalAppointment,
  endAppointment,
  insertAppointment,
  legalAppointmentOfTeam,
  type AppointmentRow,
} from '../sql/advocates.js';
import { INVITATION_DAYS } from './limits.js';
import { hashInvitationToken, INVITATION_TOKEN, newInvitationToken } from './token.js';
import { inCouncil } from '../sql/scope.js';

/**
 * Appointing an advocate: what the resident (or, for a legal appointment, an officer) gives,
 * checked field by field; the invitation and its single-use answer; ending one; and a legal
 * appointment's second officer. Acting under an appointment is the access gateway's work.
 */

const DAY = 24 * 3600 * 1000;
export const LIMITS = { name: 200, relationship: 100, evidence: 200 } as const;
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;
const line = (v: string) => v.replace(/\s+/g, ' ').trim();

export type AppointmentField = 'advocate_name' | 'email' | 'relationship' | 'categories' | 'access' | 'manage_grants' | 'until' | 'evidence_ref' | 'resident_name';
/** What is wrong, by field, as a message code (`vault.advocates.error.<field>.<code>`). */
export type AppointmentProblems = Partial<Record<AppointmentField, string>>;

/** The form as typed. */
export interface AppointmentInput {
  advocateName: string;
  email: string;
  relationship: string;
  categories: string[];
  access: string;
  manageGrants: string;
  until: { day: string; month: string; year: string };
}

/** The appointment as it will be stored. */
export interface CheckedAppointment {
  advocateName: string;
  advocateEmail: string;
  relationship: string;
  categories: string[];
  access: 'read' | 'read_update';
  manageGrants: boolean;
  /** The last day (a UK date): it runs until that day ends. */
  until: string;
  endsAt: Date;
}

function textProblem(value: string, max: number): string | undefined {
  if (!value) return 'missing';
  if (value.length > max) return 'too_long';
  if (UNPRINTABLE.test(value)) return 'unprintable';
  return undefined;
}

/**
 * Check an appointment as given. `ownEmail` is the resident's address (nobody appoints
 * themselves). Categories must be the council's live ones; the end date a day to come, at
 * most `maxDays` away.
 */
export async function checkAppointment(
  db: Db,
  councilId: string,
  input: AppointmentInput,
  options: { maxDays: number; ownEmail?: string; now?: Date },
): Promise<{ problems: AppointmentProblems; value?: CheckedAppointment }> {
  const now = options.now ?? new Date();
  const problems: AppointmentProblems = {};
  const advocateName = line(input.advocateName);
  const relationship = line(input.relationship);
  const nameProblem = textProblem(advocateName, LIMITS.name);
  if (nameProblem) problems.advocate_name = nameProblem;
  const relationshipProblem = textProblem(relationship, LIMITS.relationship);
  if (relationshipProblem) problems.relationship = relationshipProblem;
  const typed = input.email.trim();
  const email = typed && typed.length <= MAX_EMAIL ? canonicalEmail(typed) : undefined;
  if (!typed) problems.email = 'missing';
  else if (!email) problems.email = 'invalid';
  else if (options.ownEmail && canonicalEmail(options.ownEmail) === email) problems.email = 'own';
  const live = new Set((await liveCategoriesOf(db, councilId)).map((c) => c.code));
  const categories = [...new Set(input.categories)].sort();
  if (!categories.length) problems.categories = 'missing';
  else if (categories.some((c) => !live.has(c))) problems.categories = 'unknown';
  if (input.access !== 'read' && input.access !== 'read_update') problems.access = 'missing';
  if (input.manageGrants !== 'yes' && input.manageGrants !== 'no') problems.manage_grants = 'missing';
  const until = readDateInput(input.until.day, input.until.month, input.until.year);
  let endsAt: Date | undefined;
  if ('problem' in until) problems.until = until.problem;
  else if (until.date <= londonDate(now)) problems.until = 'past';
  else if (until.date > lastAllowedDate(now, options.maxDays)) problems.until = 'far';
  else endsAt = endOfDay(until.date);
  if (Object.keys(problems).length || !email || !endsAt || 'problem' in until) return { problems };
  return {
    problems,
    value: {
      advocateName,
      advocateEmail: email,
      relationship,
      categories,
      access: input.access as 'read' | 'read_update',
      manageGrants: input.manageGrants === 'yes',
      until: until.date,
      endsAt,
    },
  };
}

/** The last day an appointment made now may run until (for the form's hint). */
export const lastDayAllowed = (maxDays: number, now = new Date()) => lastAllowedDate(now, maxDays);

/**
 * The resident's invitation: an appointment waiting for the advocate, with a fresh single-use
 * token (returned, to be emailed; only its hash is kept). It expires after INVITATION_DAYS, or
 * when the appointment would have ended, whichever is sooner.
 */
export async function createInvitation(
  db: Db,
  councilId: string,
  resident: { id: string; name: string },
  appointment: CheckedAppointment,
  now = new Date(),
): Promise<{ id: string; token: string; expires: Date }> {
  const id = randomUUID();
  const token = newInvitationToken();
  const expires = new Date(Math.min(now.getTime() + INVITATION_DAYS * DAY, appointment.endsAt.getTime()));
  await inCouncil(db, councilId, (tx) => insertAppointment(tx, councilId, {
    id,
    residentId: resident.id,
    residentName: resident.name.slice(0, LIMITS.name) || 'Resident',
    advocatePersonId: null,
    advocateEmail: appointment.advocateEmail,
    advocateName: appointment.advocateName,
    relationship: appointment.relationship,
    categories: appointment.categories,
    access: appointment.access,
    manageGrants: appointment.manageGrants,
    kind: 'appointed_by_resident',
    status: 'invited',
    startsAt: now,
    endsAt: appointment.endsAt,
    invitationHash: hashInvitationToken(token),
    invitationExpires: expires,
    evidenceRef: null,
    team: null,
    recordedBy: null,
  }));
  return { id, token, expires };
}

export type InvitationState = 'ok' | 'unknown' | 'used' | 'expired';

/** What an invitation's link leads to: the appointment while it can still be answered, else why not. */
export async function invitationOf(db: Db, councilId: string, token: string, now = new Date()): Promise<{ state: InvitationState; appointment?: AppointmentRow }> {
  if (!INVITATION_TOKEN.test(token)) return { state: 'unknown' };
  const appointment = await inCouncil(db, councilId, (tx) => appointmentByInvitation(tx, councilId, hashInvitationToken(token)));
  if (!appointment) return { state: 'unknown' };
  if (appointment.status !== 'invited') return { state: 'used', appointment };
  if (!appointment.invitation_expires || appointment.invitation_expires <= now || appointment.ends_at <= now) return { state: 'expired' };
  return { state: 'ok', appointment };
}

export type Answer = 'accepted' | 'declined' | 'wrong_email' | Exclude<InvitationState, 'ok'>;

/**
 * The advocate answers, signed in: only with the address the invitation was sent to (its
 * canonical form). Accepting makes it active as theirs; declining ends it. Either uses the link up.
 */
export async function answer(db: Db, councilId: string, token: string, person: { personId: string; email: string }, accept: boolean, now = new Date()): Promise<Answer> {
  const found = await invitationOf(db, councilId, token, now);
  // Sent twice (a double click, a retry) by the person who answered: the same answer again.
  const mine = found.appointment?.advocate_person_id === person.personId;
  if (found.state === 'used' && mine && found.appointment?.ended_by !== 'resident') return found.appointment?.status === 'declined' ? 'declined' : 'accepted';
  if (found.state !== 'ok') return found.state;
  if (!found.appointment) return 'unknown';
  if (canonicalEmail(person.email) !== found.appointment.advocate_email) return 'wrong_email';
  const moved = await inCouncil(db, councilId, (tx) => answerInvitation(tx, councilId, hashInvitationToken(token), person.personId, accept, now));
  if (!moved) return 'used';
  return accept ? 'accepted' : 'declined';
}

/** The resident ends an appointment of theirs (or withdraws an invitation): at once. */
export const endByResident = (db: Db, councilId: string, residentId: string, id: string, now = new Date()) => inCouncil(db, councilId, (tx) => endAppointment(tx, councilId, id, { residentId }, now));

/** The advocate steps down. */
export const endByAdvocate = (db: Db, councilId: string, advocatePersonId: string, id: string, now = new Date()) => inCouncil(db, councilId, (tx) => endAppointment(tx, councilId, id, { advocatePersonId }, now));

/** A legal appointment as an officer records it: the resident, their name, and the evidence. */
export interface LegalInput {
  residentId: string;
  residentName: string;
  evidenceRef: string;
}

export function checkLegal(input: LegalInput): AppointmentProblems {
  const problems: AppointmentProblems = {};
  const evidence = textProblem(line(input.evidenceRef), LIMITS.evidence);
  if (evidence) problems.evidence_ref = evidence;
  const name = textProblem(line(input.residentName), LIMITS.name);
  if (name) problems.resident_name = name;
  return problems;
}

/** An officer, for the audit log (identity's `auditActor` of the request, with the person's id). */
export type Officer = BasisActor;

/** What the audit log says of a legal appointment (never the resident's name: its id is the target). */
const auditDetail = (team: string, a: { advocate_name: string; relationship: string; evidence_ref: string | null; categories: string[] }) => ({
  team,
  advocate: a.advocate_name,
  relationship: a.relationship,
  evidence_ref: a.evidence_ref ?? '',
  categories: a.categories,
});

/**
 * An officer of a team records a legal appointment (a lasting power of attorney, a deputyship):
 * it gives nothing until a second officer of the team approves it. Audited in the same transaction.
 */
export async function recordLegal(db: Db, councilId: string, team: string, officer: Officer, legal: LegalInput, appointment: CheckedAppointment, now = new Date()): Promise<string> {
  const id = randomUUID();
  const officerPersonId = officer.actorPersonId;
  await inCouncil(db, councilId, async (tx) => {
    await insertAppointment(tx, councilId, {
      id,
      residentId: legal.residentId,
      residentName: line(legal.residentName),
      advocatePersonId: null,
      advocateEmail: appointment.advocateEmail,
      advocateName: appointment.advocateName,
      relationship: appointment.relationship,
      categories: appointment.categories,
      access: appointment.access,
      manageGrants: appointment.manageGrants,
      kind: 'legal',
      status: 'awaiting_approval',
      startsAt: now,
      endsAt: appointment.endsAt,
      invitationHash: null,
      invitationExpires: null,
      evidenceRef: line(legal.evidenceRef),
      team,
      recordedBy: officerPersonId,
    });
    await recordAudit(tx, {
      ...officer,
      councilId,
      action: 'vault.advocate.recorded',
      target: id,
      detail: auditDetail(team, { advocate_name: appointment.advocateName, relationship: appointment.relationship, evidence_ref: line(legal.evidenceRef), categories: appointment.categories }),
    });
  });
  return id;
}

export type Decision = 'done' | 'own' | 'not_found';

/**
 * A second officer of the team approves (or declines) a legal appointment waiting for them;
 * never the officer who recorded it (`own`; the table refuses it too). Approved, it is in force
 * for the advocate's person (found by the address, or theirs when they first sign in).
 */
export async function decideLegal(db: Db, councilId: string, team: string, id: string, officer: Officer, approve: boolean, now = new Date()): Promise<Decision> {
  const officerPersonId = officer.actorPersonId;
  return inCouncil(db, councilId, async (tx) => {
    const appointment = await legalAppointmentOfTeam(tx, councilId, team, id, true);
    if (!appointment || appointment.status !== 'awaiting_approval') return 'not_found';
    if (appointment.recorded_by === officerPersonId) return 'own';
    const person = approve ? await personByEmail(tx, appointment.advocate_email) : undefined;
    if (!(await decideLegalAppointment(tx, councilId, team, id, officerPersonId, approve, person && !person.disabled_at ? person.id : null, now))) return 'not_found';
    await recordAudit(tx, { ...officer, councilId, action: approve ? 'vault.advocate.approved' : 'vault.advocate.declined', target: id, detail: auditDetail(team, appointment) });
    return 'done';
  });
}

/** The team ends a legal appointment (in force, or still waiting): false when it has no such open one. Audited. */
export async function endLegal(db: Db, councilId: string, team: string, id: string, officer: Officer, now = new Date()): Promise<boolean> {
  return inCouncil(db, councilId, async (tx) => {
    const appointment = await legalAppointmentOfTeam(tx, councilId, team, id, true);
    if (!appointment || !(await endAppointment(tx, councilId, id, { team }, now))) return false;
    await recordAudit(tx, { ...officer, councilId, action: 'vault.advocate.ended', target: id, detail: auditDetail(team, appointment) });
    return true;
  });
}
