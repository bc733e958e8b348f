import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/db.js';
import { CATEGORY_CODE, liveCategoriesOf, sensitivityOf } from './categories.js';
import { insertGrant, insertGrantEvent, moveGrant, type AdvocateActing, type GrantEventKind, type GrantRow, type NewGrant } from './sql/grants.js';
import { inCouncil } from './sql/scope.js';

export type { AdvocateActing } from './sql/grants.js';

/**
 * A resident's grants: what they give a council team or partner system, and how they take it
 * back. A grant is for chosen categories, read or read-and-update, a stated purpose and lawful
 * basis, until a date at most `maxDays` away. Paused grants may resume; withdrawn is final.
 */

export const LAWFUL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** The longest a grant may last unless configured otherwise (HEARTH_VAULT_MAX_GRANT_DAYS). */
export const DEFAULT_MAX_GRANT_DAYS = 366;
const DAY = 24 * 3600 * 1000;

/**
 * The longest a grant may last here: HEARTH_VAULT_MAX_GRANT_DAYS (a whole number of days, 1 to
 * 3660), else the default. A bad value stops the start, named, rather than being ignored.
 */
export function maxGrantDays(env: NodeJS.ProcessEnv): number {
  const raw = env.HEARTH_VAULT_MAX_GRANT_DAYS?.trim();
  if (!raw) return DEFAULT_MAX_GRANT_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > 3660) throw new Error(`HEARTH_VAULT_MAX_GRANT_DAYS must be a whole number of days from 1 to 3660; it is "${raw}"`);
  return days;
}

export interface GrantInput {
  councilId: string;
  residentId: string;
  granteeKind: 'team' | 'partner';
  grantee: string;
  categories: string[];
  access: 'read' | 'read_update';
  purpose: string;
  lawfulBasis: string;
  expiresAt: Date;
  /** A team's request waits for the resident (`requested`); the resident's own grant is live at once. */
  requested?: boolean;
  /** Who gave it, for the grant's history: the resident unless an advocate acted for them (named). */
  by?: 'resident' | AdvocateActing;
  now?: Date;
  maxDays?: number;
  /** The council's live categories (a grant may name only these); without them, the built-in ones. */
  knownCategories?: readonly string[];
}

/** What is wrong with a grant as given, by field: the pages and the API name each. */
export type GrantProblems = Partial<Record<'grantee' | 'categories' | 'access' | 'purpose' | 'lawful_basis' | 'expires_at', string>>;

export function checkGrant(input: GrantInput): GrantProblems {
  const problems: GrantProblems = {};
  const now = input.now ?? new Date();
  const maxDays = input.maxDays ?? DEFAULT_MAX_GRANT_DAYS;
  if (!input.grantee.trim() || input.grantee.length > 200) problems.grantee = 'missing or longer than 200 characters';
  if (!input.categories.length) problems.categories = 'choose at least one category';
  else if (input.categories.some((c) => !CATEGORY_CODE.test(c) || !(input.knownCategories ? input.knownCategories.includes(c) : sensitivityOf(c)))) {
    problems.categories = 'a category that does not exist';
  }
  if (input.access !== 'read' && input.access !== 'read_update') problems.access = 'read or read_update';
  if (!input.purpose.trim() || input.purpose.length > 500) problems.purpose = 'say what it is for, in at most 500 characters';
  if (!(LAWFUL_BASES as readonly string[]).includes(input.lawfulBasis)) problems.lawful_basis = `one of ${LAWFUL_BASES.join(', ')}`;
  if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= now) problems.expires_at = 'a date in the future';
  else if (input.expiresAt.getTime() - now.getTime() > maxDays * DAY) problems.expires_at = `at most ${maxDays} days from now`;
  return problems;
}

export class GrantRefused extends Error {
  constructor(readonly problems: GrantProblems) {
    super(`the grant is refused: ${Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    this.name = 'GrantRefused';
  }
}

export async function createGrant(db: Db, input: GrantInput): Promise<NewGrant & { councilId: string }> {
  // The council's own categories may be granted too; retired ones may not.
  const knownCategories = input.knownCategories ?? (await liveCategoriesOf(db, input.councilId)).map((c) => c.code);
  if (typeof input.by === 'object' && input.by.onBehalfOf !== input.residentId) throw new Error('an advocate gives grants only for the resident they act for');
  const problems = checkGrant({ ...input, knownCategories });
  if (Object.keys(problems).length) throw new GrantRefused(problems);
  const grant: NewGrant = {
    id: randomUUID(),
    residentId: input.residentId,
    granteeKind: input.granteeKind,
    grantee: input.grantee.trim(),
    categories: [...new Set(input.categories)].sort(),
    access: input.access,
    purpose: input.purpose.trim(),
    lawfulBasis: input.lawfulBasis,
    status: input.requested ? 'requested' : 'active',
    startsAt: input.now ?? new Date(),
    expiresAt: input.expiresAt,
  };
  await inCouncil(db, input.councilId, async (tx) => {
    await insertGrant(tx, input.councilId, grant);
    // A team's request is the team's act; a grant given is the resident's (or their advocate's).
    await insertGrantEvent(tx, input.councilId, grant.id, input.requested ? 'requested' : 'given', input.requested ? 'team' : (input.by ?? 'resident'), grant.startsAt);
  });
  return { ...grant, councilId: input.councilId };
}

/** The moves a resident may make, and from where: withdrawn and refused are final. */
const MOVES: Record<'accept' | 'refuse' | 'pause' | 'resume' | 'withdraw', { from: GrantRow['status'][]; to: GrantRow['status'] }> = {
  accept: { from: ['requested'], to: 'active' },
  refuse: { from: ['requested'], to: 'refused' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  withdraw: { from: ['active', 'paused'], to: 'withdrawn' },
};
export type GrantMove = keyof typeof MOVES;

const EVENT_OF: Record<GrantMove, GrantEventKind> = { accept: 'accepted', refuse: 'refused', pause: 'paused', resume: 'resumed', withdraw: 'withdrawn' };

/**
 * The resident moves their grant (or an advocate does for them, named in the history, and only
 * for the resident they act for); false when it is not theirs or cannot move that way (withdrawn
 * stays withdrawn). The move and its line in the grant's history are one transaction.
 */
export async function moveResidentGrant(db: Db, councilId: string, residentId: string, grantId: string, move: GrantMove, by: 'resident' | AdvocateActing = 'resident'): Promise<boolean> {
  if (typeof by === 'object' && by.onBehalfOf !== residentId) throw new Error('an advocate moves only the grants of the resident they act for');
  return inCouncil(db, councilId, async (tx) => {
    const moved = await moveGrant(tx, councilId, residentId, grantId, MOVES[move].from, MOVES[move].to);
    if (moved) await insertGrantEvent(tx, councilId, grantId, EVENT_OF[move], by);
    return moved;
  });
}

/** The moves a grant in this status allows the resident. */
export function movesFrom(status: GrantRow['status']): GrantMove[] {
  return (Object.keys(MOVES) as GrantMove[]).filter((m) => MOVES[m].from.includes(status));
}
