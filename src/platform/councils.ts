import { randomUUID } from 'node:crypto';
import type { Queryable } from './db/db.js';

/** A council: the tenant every tenant-owned row belongs to. */
export interface Council {
  id: string;
  slug: string;
  name: string;
  hosts: string[];
  isDefault: boolean;
  logoUrl?: string;
  colourPrimary: string;
  contactEmail?: string;
  contactPhone?: string;
  contactUrl?: string;
  address?: string;
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
  contactEmail?: string;
  contactPhone?: string;
  contactUrl?: string;
  address?: string;
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
  contact_email: string | null;
  contact_phone: string | null;
  contact_url: string | null;
  address: string | null;
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
  contactEmail: r.contact_email ?? undefined,
  contactPhone: r.contact_phone ?? undefined,
  contactUrl: r.contact_url ?? undefined,
  address: r.address ?? undefined,
  centreLat: r.centre_lat ?? undefined,
  centreLng: r.centre_lng ?? undefined,
});

export async function listCouncils(db: Queryable): Promise<Council[]> {
  const { rows } = await db.query<CouncilRow>('SELECT * FROM council ORDER BY is_default DESC, name');
  return rows.map(fromRow);
}

export class CouncilExistsError extends Error {}

/** Add a council. The first council added becomes the default one. */
export async function addCouncil(db: Queryable, input: NewCouncil): Promise<Council> {
  const existing = await db.query('SELECT 1 FROM council WHERE slug = $1', [input.slug]);
  if (existing.rows.length) throw new CouncilExistsError(`A council with slug "${input.slug}" already exists`);
  const { rows: any } = await db.query('SELECT 1 FROM council LIMIT 1');
  const isDefault = input.isDefault ?? any.length === 0;
  if (isDefault) await db.query('UPDATE council SET is_default = false WHERE is_default');
  const { rows } = await db.query<CouncilRow>(
    `INSERT INTO council (id, slug, name, hosts, is_default, logo_url, colour_primary, contact_email,
       contact_phone, contact_url, address, centre_lat, centre_lng)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, '#1d70b8'), $8, $9, $10, $11, $12, $13) RETURNING *`,
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
    ],
  );
  return fromRow(rows[0]);
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

  /** The council claiming this host name, else the default council. */
  async forHost(host: string | undefined): Promise<Council | undefined> {
    const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
    return (await this.find((c) => c.hosts.includes(name))) ?? (await this.find((c) => c.isDefault));
  }

  async all(): Promise<Council[]> {
    await this.fresh();
    return this.councils;
  }
}
