import type { Queryable } from '../../platform/db/db.js';
import { categoryRows, insertCategory, seedCategories, setRetired, type CategoryRow } from './sql/categories.js';
import { inCouncil } from './sql/scope.js';

/**
 * What a resident's record holds, by category. Categories are data, per council
 * (the categories table, sql/categories.ts): the built-in ones below, which every council has, and the council's own
 * (circumstances such as "armed forces veteran"), each with a sensitivity. Grants name
 * categories; the access log records them. A sensitive category's values are sealed at rest
 * (record.ts asks `sensitivityIn`) and a recorded legal basis for it needs a second officer.
 */
export type Sensitivity = 'standard' | 'sensitive';

/** Which form a category's values are given in, and so what each value holds (README, "The vault"). */
export const CATEGORY_KINDS = ['name', 'contact', 'preferences', 'address', 'household', 'circumstance', 'benefits'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export interface Category {
  code: string;
  names: { en: string; cy: string };
  sensitivity: Sensitivity;
  kind: CategoryKind;
  builtIn: boolean;
  /** Retired: not offered for new values or grants; what residents hold in it stays theirs. */
  retired: boolean;
}

export const BUILTIN_CATEGORIES: ReadonlyArray<{ code: string; sensitivity: Sensitivity; kind: CategoryKind; names: { en: string; cy: string } }> = [
  { code: 'name', sensitivity: 'standard', kind: 'name', names: { en: 'Name', cy: 'Enw' } },
  { code: 'contact', sensitivity: 'standard', kind: 'contact', names: { en: 'Contact details', cy: 'Manylion cyswllt' } },
  { code: 'preferences', sensitivity: 'standard', kind: 'preferences', names: { en: 'How we contact you', cy: 'Sut rydym yn cysylltu â chi' } },
  { code: 'address', sensitivity: 'standard', kind: 'address', names: { en: 'Address', cy: 'Cyfeiriad' } },
  { code: 'household', sensitivity: 'standard', kind: 'household', names: { en: 'People you live with', cy: 'Pobl rydych yn byw gyda nhw' } },
  { code: 'carer', sensitivity: 'sensitive', kind: 'circumstance', names: { en: 'Caring for someone', cy: 'Gofalu am rywun' } },
  { code: 'disability', sensitivity: 'sensitive', kind: 'circumstance', names: { en: 'Disability or health condition', cy: 'Anabledd neu gyflwr iechyd' } },
  { code: 'benefits', sensitivity: 'sensitive', kind: 'benefits', names: { en: 'Benefits', cy: 'Budd-daliadau' } },
];

export const CATEGORY_CODE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The sensitivity of a built-in category, without asking the database (undefined for any other
 * code). A council's own categories have one too: ask `sensitivityIn`.
 */
export function sensitivityOf(code: string): Sensitivity | undefined {
  return BUILTIN_CATEGORIES.find((c) => c.code === code)?.sensitivity;
}

/**
 * Each council's categories, kept for a short while: they change rarely (an admin adds or
 * retires one), and every write of a record item asks. A change made here forgets the
 * council's copy at once; another process sees it within `MAX_AGE_MS`, or at once when it is
 * asked for a code it does not know (a category just added elsewhere).
 */
const MAX_AGE_MS = 30_000;
const cache = new Map<string, { at: number; categories: Category[] }>();

const isKind = (kind: string): kind is CategoryKind => (CATEGORY_KINDS as readonly string[]).includes(kind);

const fromRow = (r: CategoryRow): Category => ({
  code: r.code,
  names: { en: r.name_en, cy: r.name_cy },
  sensitivity: r.sensitivity,
  // A kind this version does not know is shown and edited as a circumstance.
  kind: isKind(r.kind) ? r.kind : 'circumstance',
  builtIn: r.built_in,
  retired: r.retired_at !== null,
});

/**
 * Give a council the built-in categories it does not have yet, when it is added (the vault's
 * `onCouncilCreated`, in the transaction that adds it); councils that existed before were given
 * them by vault migration 011. Reading categories writes nothing, unless the council has none at all.
 */
export async function seedBuiltInCategories(q: Queryable, councilId: string): Promise<void> {
  await inCouncil(q, councilId, (tx) =>
    seedCategories(tx, councilId, BUILTIN_CATEGORIES.map((c) => ({ code: c.code, nameEn: c.names.en, nameCy: c.names.cy, sensitivity: c.sensitivity, kind: c.kind, builtIn: true }))),
  );
  cache.delete(councilId);
}

async function load(q: Queryable, councilId: string): Promise<Category[]> {
  const categories = await inCouncil(q, councilId, async (tx) => {
    const rows = await categoryRows(tx, councilId);
    if (rows.length) return rows.map(fromRow);
    // A council with none at all was added while the vault was off (or by code that did not
    // pass the enabled blocks to addCouncil): it gets the built-in ones now, once.
    await seedBuiltInCategories(tx, councilId);
    return (await categoryRows(tx, councilId)).map(fromRow);
  });
  cache.set(councilId, { at: Date.now(), categories });
  return categories;
}

/** Every category of the council, retired ones too (`retired`), in the record's order. */
export async function categoriesOf(q: Queryable, councilId: string): Promise<Category[]> {
  const held = cache.get(councilId);
  if (held && Date.now() - held.at < MAX_AGE_MS) return held.categories;
  return load(q, councilId);
}

/** The categories a resident may give values in, and grants may name: those not retired. */
export async function liveCategoriesOf(q: Queryable, councilId: string): Promise<Category[]> {
  return (await categoriesOf(q, councilId)).filter((c) => !c.retired);
}

/** One category of the council (retired or not); undefined when the council has no such code. */
export async function categoryIn(q: Queryable, councilId: string, code: string): Promise<Category | undefined> {
  if (!CATEGORY_CODE.test(code)) return undefined;
  const found = (await categoriesOf(q, councilId)).find((c) => c.code === code);
  if (found) return found;
  // Perhaps added by another process since this one last looked.
  return (await load(q, councilId)).find((c) => c.code === code);
}

/** A category's sensitivity in this council (built-in or the council's own); undefined when there is no such category. */
export async function sensitivityIn(q: Queryable, councilId: string, code: string): Promise<Sensitivity | undefined> {
  return (await categoryIn(q, councilId, code))?.sensitivity;
}

/** A category's name in the reader's language. */
export const categoryName = (category: Pick<Category, 'names'>, locale: string): string => (locale === 'cy' ? category.names.cy : category.names.en);

export const MAX_CATEGORY_NAME = 100;

export type CategoryProblems = Partial<Record<'name_en' | 'name_cy' | 'sensitivity', 'missing' | 'too_long' | 'taken' | 'no_letters' | 'choose'>>;

/** A council's own category's code, from its English name: "Armed forces veteran" → `armed_forces_veteran`. */
export function codeFor(nameEn: string): string {
  const words = nameEn
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const code = /^[a-z]/.test(words) ? words : `c_${words}`;
  return code.slice(0, 40).replace(/_+$/, '');
}

export interface NewCategory {
  nameEn: string;
  nameCy: string;
  sensitivity: string;
}

/**
 * Add a council's own category, a circumstance (yes or no, with details), with its names in
 * English and Welsh and its sensitivity (fixed from then on: values already sealed, or not,
 * stay so). Returns the category, or what is wrong with it by field.
 */
export async function addCategory(q: Queryable, councilId: string, input: NewCategory): Promise<{ category: Category } | { problems: CategoryProblems }> {
  const nameEn = input.nameEn.trim().replace(/\s+/g, ' ');
  const nameCy = input.nameCy.trim().replace(/\s+/g, ' ');
  const problems: CategoryProblems = {};
  if (!nameEn) problems.name_en = 'missing';
  else if (nameEn.length > MAX_CATEGORY_NAME) problems.name_en = 'too_long';
  else if (!/[a-z]/i.test(nameEn)) problems.name_en = 'no_letters';
  if (!nameCy) problems.name_cy = 'missing';
  else if (nameCy.length > MAX_CATEGORY_NAME) problems.name_cy = 'too_long';
  if (input.sensitivity !== 'standard' && input.sensitivity !== 'sensitive') problems.sensitivity = 'choose';
  if (Object.keys(problems).length) return { problems };
  const existing = await categoriesOf(q, councilId);
  const code = codeFor(nameEn);
  const sameName = existing.some((c) => c.names.en.toLowerCase() === nameEn.toLowerCase() || c.code === code);
  const row = { code, nameEn, nameCy, sensitivity: input.sensitivity as Sensitivity, kind: 'circumstance' as const, builtIn: false };
  if (sameName || !(await inCouncil(q, councilId, (tx) => insertCategory(tx, councilId, row)))) return { problems: { name_en: 'taken' } };
  cache.delete(councilId);
  return { category: { code, names: { en: nameEn, cy: nameCy }, sensitivity: row.sensitivity, kind: 'circumstance', builtIn: false, retired: false } };
}

/** Retire a category (or bring it back): false when there is no such category, or it already was. Nothing is deleted. */
export async function retireCategory(q: Queryable, councilId: string, code: string, retired = true): Promise<boolean> {
  if (!CATEGORY_CODE.test(code)) return false;
  const moved = await inCouncil(q, councilId, (tx) => setRetired(tx, councilId, code, retired));
  cache.delete(councilId);
  return moved;
}

/** Forget the cached categories (tests that change the table underneath). */
export function forgetCategories(councilId?: string): void {
  if (councilId) cache.delete(councilId);
  else cache.clear();
}
