import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/db.js';
import { recordAudit } from '../identity/index.js';
import { liveCategoriesOf, sensitivityIn } from './categories.js';
import { basisOfTeam, declineBasis, endBasis, openBasesOfTeam, type TeamBasisRow } from './sql/bases.js';
import { approveBasis, insertBasis } from './sql/grants.js';
import { inCouncil } from './sql/scope.js';

/**
 * Statutory bases: access that needs no consent (a duty in law), recorded by an officer of a
 * team with the law it rests on. Where any category is sensitive it waits for a second officer
 * of the same team (never the one who recorded it: the table refuses that too) to approve or
 * decline it; otherwise it is in force at once. The team ends it when it is no longer needed.
 * Every step is audited in its own transaction. Reading under a basis is the gateway's work.
 */

export const MAX_LEGAL_BASIS = 300;
export const MAX_PURPOSE = 500;
/** A basis is reviewed at least every three years: none is recorded for longer. */
export const MAX_BASIS_DAYS = 1096;
const DAY = 24 * 3600 * 1000;

export type BasisField = 'categories' | 'legal_basis' | 'purpose' | 'until' | 'disclose_after';
/** What is wrong, by field, as a message code. */
export type BasisProblems = Partial<Record<BasisField, string>>;

export interface BasisInput {
  councilId: string;
  residentId: string;
  team: string;
  categories: string[];
  legalBasis: string;
  purpose: string;
  /** When it stops. */
  expiresAt: Date;
  /** A UK date (YYYY-MM-DD) until which the law lets it be kept from the resident; null: shown at once. */
  discloseAfter: string | null;
  now?: Date;
}

/** Who acts, for the audit log (identity's `auditActor` of the request, with the person's id). */
export type BasisActor = Omit<Parameters<typeof recordAudit>[1], 'action' | 'target' | 'detail' | 'councilId'> & { actorPersonId: string };

const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;

/** The input as stored (trimmed), and what is wrong with it, by field. */
export async function checkBasis(db: Db, input: BasisInput): Promise<BasisProblems> {
  const problems: BasisProblems = {};
  const now = input.now ?? new Date();
  const live = new Set((await liveCategoriesOf(db, input.councilId)).map((c) => c.code));
  if (!input.categories.length) problems.categories = 'categories_missing';
  else if (input.categories.some((c) => !live.has(c))) problems.categories = 'categories_unknown';
  const legal = input.legalBasis.trim();
  if (!legal) problems.legal_basis = 'legal_basis_missing';
  else if (legal.length > MAX_LEGAL_BASIS) problems.legal_basis = 'legal_basis_long';
  else if (UNPRINTABLE.test(legal)) problems.legal_basis = 'unprintable';
  const purpose = input.purpose.trim();
  if (!purpose) problems.purpose = 'purpose_missing';
  else if (purpose.length > MAX_PURPOSE) problems.purpose = 'purpose_long';
  if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= now) problems.until = 'until_past';
  else if (input.expiresAt.getTime() - now.getTime() > MAX_BASIS_DAYS * DAY) problems.until = 'until_far';
  if (input.discloseAfter !== null) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.discloseAfter) || input.discloseAfter <= today) problems.disclose_after = 'disclose_past';
    // Kept from the resident at most as long as a basis may last: then it is reviewed.
    else if (Date.parse(`${input.discloseAfter}T00:00:00Z`) - now.getTime() > MAX_BASIS_DAYS * DAY) problems.disclose_after = 'disclose_far';
  }
  return problems;
}

export class BasisRefused extends Error {
  constructor(readonly problems: BasisProblems) {
    super(`the basis is refused: ${Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    this.name = 'BasisRefused';
  }
}

/** Whether a second officer must approve a basis for these categories: any sensitive one (built-in or the council's own). */
export async function needsSecondOfficer(db: Db, councilId: string, categories: string[]): Promise<boolean> {
  for (const code of categories) if ((await sensitivityIn(db, councilId, code)) !== 'standard') return true;
  return false;
}

/** Record a basis: in force at once, or awaiting a second officer. `BasisRefused` names what is wrong. */
export async function recordBasis(db: Db, actor: BasisActor, input: BasisInput): Promise<{ id: string; status: 'active' | 'awaiting_approval' }> {
  const problems = await checkBasis(db, input);
  if (Object.keys(problems).length) throw new BasisRefused(problems);
  const categories = [...new Set(input.categories)].sort();
  const status = (await needsSecondOfficer(db, input.councilId, categories)) ? 'awaiting_approval' : 'active';
  const id = randomUUID();
  await inCouncil(db, input.councilId, async (tx) => {
    await insertBasis(tx, input.councilId, {
      id,
      residentId: input.residentId,
      team: input.team,
      categories,
      legalBasis: input.legalBasis.trim(),
      purpose: input.purpose.trim(),
      recordedBy: actor.actorPersonId,
      status,
      expiresAt: input.expiresAt,
      discloseAfter: input.discloseAfter,
    });
    await recordAudit(tx, {
      ...actor,
      councilId: input.councilId,
      action: 'vault.basis.recorded',
      target: id,
      detail: { team: input.team, categories, legal_basis: input.legalBasis.trim(), awaiting_approval: status === 'awaiting_approval' },
    });
  });
  return { id, status };
}

export type Decision = 'done' | 'own' | 'not_found';

/**
 * A second officer approves (or declines) a basis of their team awaiting approval. `own` when
 * they recorded it themselves; `not_found` when the team has no such basis waiting.
 */
export async function decideBasis(db: Db, councilId: string, team: string, basisId: string, actor: BasisActor, approve: boolean): Promise<Decision> {
  return inCouncil(db, councilId, async (tx) => {
    const basis = await basisOfTeam(tx, councilId, team, basisId, true);
    if (!basis || basis.status !== 'awaiting_approval') return 'not_found';
    if (basis.recorded_by === actor.actorPersonId) return 'own';
    const moved = approve ? await approveBasis(tx, councilId, basisId, actor.actorPersonId) : await declineBasis(tx, councilId, team, basisId, actor.actorPersonId);
    if (!moved) return 'not_found';
    await recordAudit(tx, { ...actor, councilId, action: approve ? 'vault.basis.approved' : 'vault.basis.declined', target: basisId, detail: { team, categories: basis.categories, legal_basis: basis.legal_basis } });
    return 'done';
  });
}

/** The team ends a basis (in force or still waiting): false when it has no such open basis. */
export async function endTeamBasis(db: Db, councilId: string, team: string, basisId: string, actor: BasisActor): Promise<boolean> {
  return inCouncil(db, councilId, async (tx) => {
    const basis = await basisOfTeam(tx, councilId, team, basisId, true);
    if (!basis || !(await endBasis(tx, councilId, team, basisId, actor.actorPersonId))) return false;
    await recordAudit(tx, { ...actor, councilId, action: 'vault.basis.ended', target: basisId, detail: { team, categories: basis.categories, legal_basis: basis.legal_basis } });
    return true;
  });
}

export interface TeamBasis {
  id: string;
  residentId: string;
  categories: string[];
  legalBasis: string;
  purpose: string;
  recordedBy: string;
  status: TeamBasisRow['status'];
  expiresAt: Date;
  discloseAfter: string | null;
  recordedAt: Date;
}

/** A team's bases waiting for a second officer and those in force, oldest first. */
export async function openBases(db: Db, councilId: string, team: string, now = new Date()): Promise<TeamBasis[]> {
  return (await inCouncil(db, councilId, (tx) => openBasesOfTeam(tx, councilId, team, now))).map((r) => ({
    id: r.id,
    residentId: r.resident_id,
    categories: r.categories,
    legalBasis: r.legal_basis,
    purpose: r.purpose,
    recordedBy: r.recorded_by,
    status: r.status,
    expiresAt: r.expires_at,
    discloseAfter: r.disclose_after,
    recordedAt: r.created_at,
  }));
}
