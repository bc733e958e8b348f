import type { Db, Queryable } from '../../platform/db/db.js';
import { EMAIL, MAX_EMAIL, recordAudit } from '../identity/index.js';
import { insertTeam, setTeamRetired, teamRow, teamRows, updateTeam, type TeamRow, type TeamValues } from './sql/teams.js';
import { inCouncil } from './sql/scope.js';

/**
 * The council teams a resident can give access to. A team's code is the scope of its request
 * handlers' role (the same string), so a grant to it is what its staff read through. A council
 * admin adds, changes and retires them; every change is audited in its own transaction.
 */

export interface Team {
  code: string;
  name: { en: string; cy: string };
  description: { en: string; cy: string };
  contactEmail: string;
  retired: boolean;
}

const teamOf = (r: TeamRow): Team => ({
  code: r.code,
  name: { en: r.name_en, cy: r.name_cy },
  description: { en: r.description_en, cy: r.description_cy },
  contactEmail: r.contact_email,
  retired: r.retired_at !== null,
});

export const MAX_TEAM_CODE = 200;
const MAX_NAME = 120;
const MAX_DESCRIPTION = 500;
// Control and formatting characters have no place in a name a resident reads or a role's scope.
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;

export type TeamField = 'code' | 'name_en' | 'name_cy' | 'description_en' | 'description_cy' | 'contact_email';
/** What is wrong, by field, as a message code (`vault.teams.error.<code>`). */
export type TeamProblems = Partial<Record<TeamField, string>>;

export interface TeamInput {
  code?: string;
  nameEn: string;
  nameCy: string;
  descriptionEn: string;
  descriptionCy: string;
  contactEmail: string;
}

/** The values as stored (trimmed), and what is wrong with them. */
export function checkTeam(input: TeamInput, withCode: boolean): { values: TeamValues & { code: string }; problems: TeamProblems } {
  const values = {
    code: (input.code ?? '').trim(),
    nameEn: input.nameEn.trim(),
    nameCy: input.nameCy.trim(),
    descriptionEn: input.descriptionEn.trim().replace(/\r\n/g, '\n'),
    descriptionCy: input.descriptionCy.trim().replace(/\r\n/g, '\n'),
    contactEmail: input.contactEmail.trim(),
  };
  const problems: TeamProblems = {};
  if (withCode) {
    if (!values.code) problems.code = 'code_missing';
    else if (values.code.length > MAX_TEAM_CODE) problems.code = 'code_long';
    else if (UNPRINTABLE.test(values.code)) problems.code = 'unprintable';
  }
  for (const [field, value] of [['name_en', values.nameEn], ['name_cy', values.nameCy]] as const) {
    if (!value) problems[field] = 'name_missing';
    else if (value.length > MAX_NAME) problems[field] = 'name_long';
    else if (UNPRINTABLE.test(value)) problems[field] = 'unprintable';
  }
  for (const [field, value] of [['description_en', values.descriptionEn], ['description_cy', values.descriptionCy]] as const) {
    if (value.length > MAX_DESCRIPTION) problems[field] = 'description_long';
    else if (/[\p{Cf}]|[\x00-\x09\x0b-\x1f\x7f]/u.test(value)) problems[field] = 'unprintable';
  }
  if (!values.contactEmail) problems.contact_email = 'email_missing';
  else if (values.contactEmail.length > MAX_EMAIL || !EMAIL.test(values.contactEmail)) problems.contact_email = 'email_invalid';
  return { values, problems };
}

export class TeamRefused extends Error {
  constructor(readonly problems: TeamProblems) {
    super(`the team is refused: ${Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    this.name = 'TeamRefused';
  }
}

/** Who changed the teams, for the audit log (identity's `auditActor` of the request). */
export type TeamActor = Omit<Parameters<typeof recordAudit>[1], 'action' | 'target' | 'detail' | 'councilId'>;

export async function teamsOf(db: Queryable, councilId: string): Promise<Team[]> {
  return (await inCouncil(db, councilId, (tx) => teamRows(tx, councilId))).map(teamOf);
}

export async function teamOfCode(db: Queryable, councilId: string, code: string): Promise<Team | undefined> {
  const row = await inCouncil(db, councilId, (tx) => teamRow(tx, councilId, code));
  return row && teamOf(row);
}

/** Add a team; `TeamRefused` names what is wrong (`code_taken` when the council has the code already). */
export async function addTeam(db: Db, councilId: string, actor: TeamActor, input: TeamInput): Promise<Team> {
  const { values, problems } = checkTeam(input, true);
  if (Object.keys(problems).length) throw new TeamRefused(problems);
  await inCouncil(db, councilId, async (tx) => {
    if (!(await insertTeam(tx, councilId, values.code, values))) throw new TeamRefused({ code: 'code_taken' });
    await recordAudit(tx, { ...actor, councilId, action: 'vault.team.added', target: values.code, detail: { name: values.nameEn } });
  });
  return { code: values.code, name: { en: values.nameEn, cy: values.nameCy }, description: { en: values.descriptionEn, cy: values.descriptionCy }, contactEmail: values.contactEmail, retired: false };
}

/** Change a team's names, descriptions and address (its code is fixed: grants and roles name it); false when there is no such team. */
export async function changeTeam(db: Db, councilId: string, actor: TeamActor, code: string, input: TeamInput): Promise<boolean> {
  const { values, problems } = checkTeam(input, false);
  if (Object.keys(problems).length) throw new TeamRefused(problems);
  return inCouncil(db, councilId, async (tx) => {
    const before = await updateTeam(tx, councilId, code, values);
    if (!before) return false;
    const changed = (
      [
        ['name_en', before.name_en, values.nameEn],
        ['name_cy', before.name_cy, values.nameCy],
        ['description_en', before.description_en, values.descriptionEn],
        ['description_cy', before.description_cy, values.descriptionCy],
        ['contact_email', before.contact_email, values.contactEmail],
      ] as const
    )
      .filter(([, was, now]) => was !== now)
      .map(([field]) => field);
    await recordAudit(tx, { ...actor, councilId, action: 'vault.team.changed', target: code, detail: { name: values.nameEn, changed } });
    return true;
  });
}

/** Retire a team (not offered for new grants; grants to it stay as they are), or bring it back: false when nothing changed. */
export async function retireTeam(db: Db, councilId: string, actor: TeamActor, code: string, retired: boolean): Promise<boolean> {
  return inCouncil(db, councilId, async (tx) => {
    if (!(await setTeamRetired(tx, councilId, code, retired))) return false;
    if (retired) await recordAudit(tx, { ...actor, councilId, action: 'vault.team.retired', target: code });
    else await recordAudit(tx, { ...actor, councilId, action: 'vault.team.restored', target: code });
    return true;
  });
}
