import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db/db.js';
import { checkFontStack } from './web/font-stack.js';
import { contrastWithWhite, MIN_CONTRAST } from './web/theme.js';

/** A council: the tenant every tenant-owned row belongs to. */
export interface Council {
  id: string;
  slug: string;
  name: string;
  hosts: string[];
  isDefault: boolean;
  logoUrl?: string;
  colourPrimary: string;
  /** The council's own font stack, as CSS writes it; unset: the deployment's (`HEARTH_FONT_FAMILY`). */
  fontFamily?: string;
  contactEmail?: string;
  contactPhone?: string;
  contactUrl?: string;
  address?: string;
  /** The licence of the council's content, for the footer; unset: the Open Government Licence v3.0. */
  licenceText?: string;
  licenceUrl?: string;
  centreLat?: number;
  centreLng?: number;
}

export interface NewCouncil {
  slug: string;
  name: string;
  hosts?: string[];
  isDefault?: boolean;
  logoUrl?: string;
  colourPrimary?: string;
  fontFamily?: string;
  contactEmail?: string;
  contactPhone?: string;
  contactUrl?: string;
  address?: string;
  licenceText?: string;
  licenceUrl?: string;
  centreLat?: number;
  centreLng?: number;
}

interface CouncilRow {
  id: string;
  slug: string;
  name: string;
  hosts: string[];
  is_default: boolean;
  logo_url: string | null;
  colour_primary: string;
  font_family: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_url: string | null;
  address: string | null;
  licence_text: string | null;
  licence_url: string | null;
  centre_lat: number | null;
  centre_lng: number | null;
}

const fromRow = (r: CouncilRow): Council => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  hosts: r.hosts,
  isDefault: r.is_default,
  logoUrl: r.logo_url ?? undefined,
  colourPrimary: r.colour_primary,
  fontFamily: r.font_family ?? undefined,
  contactEmail: r.contact_email ?? undefined,
  contactPhone: r.contact_phone ?? undefined,
  contactUrl: r.contact_url ?? undefined,
  address: r.address ?? undefined,
  licenceText: r.licence_text ?? undefined,
  licenceUrl: r.licence_url ?? undefined,
  centreLat: r.centre_lat ?? undefined,
  centreLng: r.centre_lng ?? undefined,
});

export async function listCouncils(db: Queryable): Promise<Council[]> {
  const { rows } = await db.query<CouncilRow>('SELECT * FROM council ORDER BY is_default DESC, name');
  return rows.map(fromRow);
}

export class CouncilExistsError extends Error {}

/**
 * What a block does when a council is added (the vault writes its built-in record categories),
 * in the transaction that adds it: a council never exists without what its blocks need of it.
 * `Block.onCouncilCreated`; the platform runs those of the enabled blocks it is handed.
 */
export type CouncilCreatedHook = (tx: Queryable, council: Council) => Promise<void>;

/**
 * Add a council. The first council added becomes the default one. `blocks` (the enabled ones)
 * each set the new council up in the same transaction (`onCouncilCreated`): pass them wherever
 * a council is added for real (the command line, the demo); without them the council is bare.
 */
export async function addCouncil(db: Queryable, input: NewCouncil, blocks: ReadonlyArray<{ onCouncilCreated?: CouncilCreatedHook }> = []): Promise<Council> {
  const work = async (tx: Queryable) => {
    const council = await insertCouncil(tx, input);
    for (const block of blocks) await block.onCouncilCreated?.(tx, council);
    return council;
  };
  // Handed the database itself, in a transaction of its own; handed a transaction, in that one.
  return typeof (db as Db).transaction === 'function' ? (db as Db).transaction(work) : work(db);
}

async function insertCouncil(db: Queryable, input: NewCouncil): Promise<Council> {
  const existing = await db.query('SELECT 1 FROM council WHERE slug = $1', [input.slug]);
  if (existing.rows.length) throw new CouncilExistsError(`A council with slug "${input.slug}" already exists`);
  const { rows: any } = await db.query('SELECT 1 FROM council LIMIT 1');
  const isDefault = input.isDefault ?? any.length === 0;
  if (isDefault) await db.query('UPDATE council SET is_default = false WHERE is_default');
  const { rows } = await db.query<CouncilRow>(
    `INSERT INTO council (id, slug, name, hosts, is_default, logo_url, colour_primary, contact_email,
       contact_phone, contact_url, address, centre_lat, centre_lng, licence_text, licence_url, font_family)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, '#1d70b8'), $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
    [
      randomUUID(),
      input.slug,
      input.name,
      input.hosts ?? [],
      isDefault,
      input.logoUrl ?? null,
      input.colourPrimary ?? null,
      input.contactEmail ?? null,
      input.contactPhone ?? null,
      input.contactUrl ?? null,
      input.address ?? null,
      input.centreLat ?? null,
      input.centreLng ?? null,
      input.licenceText ?? null,
      input.licenceUrl ?? null,
      input.fontFamily ?? null,
    ],
  );
  return fromRow(rows[0]);
}

/** A Host header's name: lower case, without its port (`[::1]:3000` keeps its brackets). */
export function hostName(host: string | undefined): string {
  return (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/** What a council admin (its page) or the command line may change; `null` clears an optional detail. */
export interface CouncilChanges {
  name?: string;
  colourPrimary?: string;
  fontFamily?: string | null;
  logoUrl?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  contactUrl?: string | null;
  address?: string | null;
  licenceText?: string | null;
  licenceUrl?: string | null;
  hosts?: string[];
}

export type CouncilField = keyof CouncilChanges;

/** Why a change is refused; the page and the command line each say it in their own words. */
export type CouncilProblemReason =
  | 'missing'
  | 'too_long'
  | 'control'
  | 'colour_format'
  | 'colour_contrast'
  | 'font_family'
  | 'font_reserved'
  | 'logo_url'
  | 'email'
  | 'phone'
  | 'https_url'
  | 'licence_brackets'
  | 'host'
  | 'host_taken';

export interface CouncilProblem {
  field: CouncilField;
  reason: CouncilProblemReason;
  /** The longest value allowed (too_long), the host (host, host_taken), the contrast ratio (colour_contrast) or the part that is no font name (font_family). */
  detail?: string;
}

export class CouncilChangeError extends Error {
  constructor(readonly problems: CouncilProblem[]) {
    super(`The council's details have ${problems.length} problem(s): ${problems.map((p) => `${p.field} ${p.reason}`).join(', ')}`);
  }
}

/** The longest value of each text detail. */
export const COUNCIL_LIMITS = {
  name: 120,
  fontFamily: 300,
  logoUrl: 2000,
  contactEmail: 254,
  contactPhone: 30,
  contactUrl: 2000,
  address: 500,
  licenceText: 500,
  licenceUrl: 2000,
} as const;

const COLUMNS: Record<CouncilField, string> = {
  name: 'name',
  colourPrimary: 'colour_primary',
  fontFamily: 'font_family',
  logoUrl: 'logo_url',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  contactUrl: 'contact_url',
  address: 'address',
  licenceText: 'licence_text',
  licenceUrl: 'licence_url',
  hosts: 'hosts',
};
export const COUNCIL_FIELDS = Object.keys(COLUMNS) as CouncilField[];

const OPTIONAL: ('logoUrl' | 'contactEmail' | 'contactPhone' | 'contactUrl' | 'address' | 'licenceText' | 'licenceUrl')[] = ['logoUrl', 'contactEmail', 'contactPhone', 'contactUrl', 'address', 'licenceText', 'licenceUrl'];
// Line breaks are allowed in the address only; no other control character anywhere.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\r\n\t]/;
const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]{2,}$/;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function httpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** A path on this site, such as `/static/logo.svg`: never `//host` or `/\host`, which browsers read as another site. */
function sitePath(value: string): boolean {
  if (!value.startsWith('/') || value.startsWith('//') || /[\s\\]/.test(value)) return false;
  try {
    return new URL(value, 'https://hearth.invalid').host === 'hearth.invalid';
  } catch {
    return false;
  }
}

function phone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return /^\+?[0-9(][0-9 ()-]*[0-9]$/.test(value) && digits >= 6 && digits <= 15;
}

/**
 * Changes as they will be stored: text trimmed, an empty optional detail cleared, the colour and
 * hosts in lower case, a font stack written the one way CSS gets it (`"Open Sans", sans-serif`).
 */
export function normaliseCouncilChanges(input: CouncilChanges): CouncilChanges {
  const out: CouncilChanges = {};
  if (input.name !== undefined) out.name = input.name.trim();
  if (input.colourPrimary !== undefined) out.colourPrimary = input.colourPrimary.trim().toLowerCase();
  if (input.fontFamily !== undefined) {
    const trimmed = (input.fontFamily ?? '').trim();
    const checked = trimmed ? checkFontStack(trimmed) : undefined;
    // A stack that fails its check is kept as typed, for checkCouncilChanges to name the problem.
    out.fontFamily = !trimmed ? null : checked && 'stack' in checked ? checked.stack : trimmed;
  }
  for (const field of OPTIONAL) {
    const value = input[field];
    if (value === undefined) continue;
    const trimmed = value === null ? '' : field === 'address' ? value.replace(/\r\n?/g, '\n').trim() : value.trim();
    out[field] = trimmed === '' ? null : trimmed;
  }
  if (input.hosts !== undefined) out.hosts = [...new Set(input.hosts.map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean))];
  return out;
}

/** Every problem with these (normalised) changes, by field; none when they may be saved. */
export function checkCouncilChanges(changes: CouncilChanges): CouncilProblem[] {
  const problems: CouncilProblem[] = [];
  const add = (field: CouncilField, reason: CouncilProblemReason, detail?: string) => problems.push({ field, reason, ...(detail === undefined ? {} : { detail }) });
  const text = (field: keyof typeof COUNCIL_LIMITS, value: string, lines = false) => {
    if (value.length > COUNCIL_LIMITS[field]) add(field, 'too_long', String(COUNCIL_LIMITS[field]));
    else if (CONTROL.test(value) || (!lines && LINE_BREAK.test(value))) add(field, 'control');
    else return true;
    return false;
  };
  if (changes.name !== undefined) {
    if (!changes.name) add('name', 'missing');
    else text('name', changes.name);
  }
  if (changes.colourPrimary !== undefined) {
    const colour = changes.colourPrimary;
    if (!colour) add('colourPrimary', 'missing');
    else if (!/^#[0-9a-f]{6}$/.test(colour)) add('colourPrimary', 'colour_format');
    else if (contrastWithWhite(colour) < MIN_CONTRAST) add('colourPrimary', 'colour_contrast', contrastWithWhite(colour).toFixed(2));
  }
  // As HEARTH_FONT_FAMILY is checked (font family names only; never GDS Transport), and no longer than the column.
  if (changes.fontFamily) {
    const checked = checkFontStack(changes.fontFamily);
    if (!('stack' in checked)) add('fontFamily', checked.problem, checked.problem === 'font_family' ? checked.part : undefined);
    else if (checked.stack.length > COUNCIL_LIMITS.fontFamily) add('fontFamily', 'too_long', String(COUNCIL_LIMITS.fontFamily));
  }
  const { logoUrl, contactEmail, contactPhone, contactUrl, address, licenceText, licenceUrl } = changes;
  if (logoUrl && text('logoUrl', logoUrl) && !httpsUrl(logoUrl) && !sitePath(logoUrl)) add('logoUrl', 'logo_url');
  if (contactEmail && text('contactEmail', contactEmail) && !EMAIL.test(contactEmail)) add('contactEmail', 'email');
  if (contactPhone && text('contactPhone', contactPhone) && !phone(contactPhone)) add('contactPhone', 'phone');
  if (contactUrl && text('contactUrl', contactUrl) && !httpsUrl(contactUrl)) add('contactUrl', 'https_url');
  if (address) text('address', address, true);
  // At most one pair of square brackets: the words that link to the licence.
  if (licenceText && text('licenceText', licenceText) && !/^[^[\]]*(\[[^[\]]+\][^[\]]*)?$/.test(licenceText)) add('licenceText', 'licence_brackets');
  if (licenceUrl && text('licenceUrl', licenceUrl) && !httpsUrl(licenceUrl)) add('licenceUrl', 'https_url');
  for (const host of changes.hosts ?? []) if (!HOST.test(host)) add('hosts', 'host', host);
  return problems;
}

export interface CouncilUpdate {
  before: Council;
  after: Council;
  /** The fields whose value changed (none: nothing was written). */
  changed: CouncilField[];
}

const stored = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Change a council's details: the one way its admin page and `hearth councils update` do it.
 * Checks every change first (CouncilChangeError lists each problem, and nothing is written),
 * then writes only what differs. Undefined when there is no such council. Call it in the same
 * transaction as the change's audit entry; servers see the change when their CouncilDirectory
 * reloads.
 */
export async function updateCouncil(db: Queryable, slug: string, input: CouncilChanges): Promise<CouncilUpdate | undefined> {
  const changes = normaliseCouncilChanges(input);
  const problems = checkCouncilChanges(changes);
  if (changes.hosts?.length && !problems.some((p) => p.field === 'hosts')) {
    const { rows } = await db.query<{ hosts: string[] }>('SELECT hosts FROM council WHERE slug <> $1 AND hosts && $2::text[]', [slug, changes.hosts]);
    const taken = new Set(rows.flatMap((r) => r.hosts));
    for (const host of changes.hosts) if (taken.has(host)) problems.push({ field: 'hosts', reason: 'host_taken', detail: host });
  }
  if (problems.length) throw new CouncilChangeError(problems);
  const { rows: found } = await db.query<CouncilRow>('SELECT * FROM council WHERE slug = $1 FOR UPDATE', [slug]);
  if (!found.length) return undefined;
  const before = fromRow(found[0]);
  const changed = COUNCIL_FIELDS.filter((f) => changes[f] !== undefined && stored(changes[f]) !== stored(before[f]));
  if (!changed.length) return { before, after: before, changed };
  const { rows } = await db.query<CouncilRow>(
    `UPDATE council SET ${changed.map((f, i) => `${COLUMNS[f]} = $${i + 2}`).join(', ')} WHERE slug = $1 RETURNING *`,
    [slug, ...changed.map((f) => changes[f] ?? null)],
  );
  return { before, after: fromRow(rows[0]), changed };
}

/** What an audit entry keeps of a change: each changed detail, before and after. */
export function councilChangeDetail(update: CouncilUpdate): Record<string, unknown> {
  const pick = (c: Council) => Object.fromEntries(update.changed.map((f) => [f, c[f] ?? null]));
  return { changed: update.changed, before: pick(update.before), after: pick(update.after) };
}

/**
 * Resolves the council of a request from a small in-memory copy of the council table
 * (a handful of rows), reloaded when a slug or host is not found and at most every
 * `maxAgeMs`, so councils added by `hearth councils add` in another process appear.
 */
export class CouncilDirectory {
  private councils: Council[] = [];
  private loadedAt = 0;

  constructor(
    private readonly db: Queryable,
    private readonly maxAgeMs = 30_000,
  ) {}

  async reload(): Promise<void> {
    this.councils = await listCouncils(this.db);
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > this.maxAgeMs) await this.reload();
  }

  private async find(predicate: (c: Council) => boolean): Promise<Council | undefined> {
    await this.fresh();
    let found = this.councils.find(predicate);
    if (!found && Date.now() - this.loadedAt > 1000) {
      await this.reload();
      found = this.councils.find(predicate);
    }
    return found;
  }

  bySlug(slug: string): Promise<Council | undefined> {
    return this.find((c) => c.slug === slug);
  }

  /**
   * The council claiming this host name, else the default council. With `strict` (production,
   * or HEARTH_PUBLIC_URL set) a host no council claims gets no council, except `publicHost`
   * (HEARTH_PUBLIC_URL's host name), which serves the default council: a request naming a
   * host Hearth was never given is not served as if it were Hearth's.
   */
  async forHost(host: string | undefined, options: { strict?: boolean; publicHost?: string } = {}): Promise<Council | undefined> {
    const name = hostName(host);
    const claiming = await this.find((c) => c.hosts.includes(name));
    if (claiming) return claiming;
    if (options.strict && name !== options.publicHost) return undefined;
    return this.find((c) => c.isDefault);
  }

  async all(): Promise<Council[]> {
    await this.fresh();
    return this.councils;
  }
}
