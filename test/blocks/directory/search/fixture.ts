import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '../../../../src/platform/migrate.js';
import type { Db } from '../../../../src/platform/db/db.js';
import { upsertPostcodes } from '../../../../src/platform/geo/postcodes-sql.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';

/**
 * The platform's and the directory's migrations, named without importing main.ts or the block
 * (and so every page and route of it): these tests need the tables only.
 */
export const SEARCH_MIGRATIONS: MigrationSet[] = [
  { owner: 'platform', dir: fileURLToPath(new URL('../../../../src/platform/migrations', import.meta.url)) },
  { owner: 'directory', dir: fileURLToPath(new URL('../../../../src/blocks/directory/migrations', import.meta.url)) },
];

/* eslint-disable @typescript-eslint/no-explicit-any -- fixture JSON */
type Json = any;

export const FIXTURE = JSON.parse(readFileSync(new URL('../../../fixtures/search-services.json', import.meta.url), 'utf8')) as {
  services: Record<string, Json>;
};

/** The fixture services by their short key ('rent', 'foodbank', ...). */
export const S: Record<string, { id: string; name: string }> = Object.fromEntries(
  Object.entries(FIXTURE.services).map(([key, s]) => [key, { id: s.id, name: s.name }]),
);

/** Postcodes the fixture's places and the tests use. */
export const POSTCODES = [
  { postcode: 'AS1 1AA', lat: 52.556, lng: -1.505 },
  { postcode: 'AS1 1AE', lat: 52.5575, lng: -1.5032 },
  { postcode: 'AS2 1AA', lat: 52.572438, lng: -1.499689 },
  { postcode: 'AS4 1AW', lat: 52.593659, lng: -1.568204 },
  { postcode: 'AS6 1AA', lat: 52.522095, lng: -1.440666 },
];

/** Load the fixture for a council through the ORUK importer (which indexes it for search), and the postcodes. */
export async function loadFixture(db: Db, councilId: string): Promise<void> {
  await upsertPostcodes(db, POSTCODES);
  await importOruk(db, councilId, Object.values(FIXTURE.services));
}
