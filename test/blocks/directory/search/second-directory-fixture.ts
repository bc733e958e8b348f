import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { searchServices, type SearchResults } from '../../../../src/blocks/directory/search/query.js';
import { importOruk } from '../../../../src/blocks/directory/oruk/import.js';
import { addCouncil, type Council } from '../../../../src/platform/councils.js';
import { upsertPostcodes } from '../../../../src/platform/geo/postcodes-sql.js';
import { migrate } from '../../../../src/platform/migrate.js';
import { freshDatabase, type TestDatabase } from '../../../support/db.js';
import { SEARCH_MIGRATIONS } from './fixture.js';

/**
 * The second test directory ("Afonwy", test/fixtures/second-directory) loaded into a fresh
 * council, and residents' queries scored against it: shared by the test of the first 65
 * queries and the one of the held-out set, so both are measured by the same search in the
 * same way and their figures can be set side by side.
 */

const DIR = new URL('../../../fixtures/second-directory/', import.meta.url);

export interface DirectoryQuery {
  query: string;
  language?: 'en' | 'cy';
  age?: number;
  postcode?: string;
  expected: string[];
  expected_names: string[];
}

/** The queries of one file in the directory's folder (`{ queries: [...] }`). */
export function readQueries(file: string): DirectoryQuery[] {
  return (JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as { queries: DirectoryQuery[] }).queries;
}

const services = (): unknown[] => JSON.parse(readFileSync(new URL('directory.json', DIR), 'utf8')) as unknown[];

/** The demo's postcodes, which the directory's places were taken from. */
const postcodes = () =>
  readFileSync(new URL('../../../../data/postcodes/demo.csv', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [postcode, lat, lng] = line.split(',');
      return { postcode, lat: Number(lat), lng: Number(lng) };
    });

export interface SecondDirectory {
  database: TestDatabase;
  council: Council;
}

/** A fresh database with Afonwy imported (through the ORUK importer, which indexes it) as the default council. */
export async function openSecondDirectory(): Promise<SecondDirectory> {
  const database = await freshDatabase();
  await migrate(database.db, SEARCH_MIGRATIONS);
  const council = await addCouncil(database.db, { slug: 'afonwy', name: 'Afonwy County Council', isDefault: true });
  await upsertPostcodes(database.db, postcodes());
  const report = await importOruk(database.db, council.id, services());
  assert.ok(!('problems' in report) || !(report as { problems?: unknown[] }).problems?.length, JSON.stringify(report).slice(0, 500));
  return { database, council };
}

/** One query as the resident sends it: their words, page language, age and place if they gave them. */
export function searchAsResident(directory: SecondDirectory, q: DirectoryQuery, perPage: number): Promise<SearchResults> {
  return searchServices(
    directory.database.db,
    directory.council.id,
    { q: q.query, per_page: perPage, ...(q.age !== undefined ? { age: q.age } : {}), ...(q.postcode ? { near: q.postcode, radius: 20_000 } : {}) },
    { locale: q.language ?? 'en' },
  );
}

export interface Score {
  /** Queries with an expected service among the first `first` results. */
  hits: number;
  /** Expected services (over all queries) anywhere in the results returned. */
  onPage: number;
  expected: number;
  /** The queries without an expected service among the first `first`. */
  misses: DirectoryQuery[];
}

export function score(queries: DirectoryQuery[], answers: Map<DirectoryQuery, SearchResults>, first: number): Score {
  const result: Score = { hits: 0, onPage: 0, expected: 0, misses: [] };
  for (const q of queries) {
    const got = answers.get(q)!.results.map((r) => r.id);
    if (q.expected.some((id) => got.slice(0, first).includes(id))) result.hits++;
    else result.misses.push(q);
    result.expected += q.expected.length;
    result.onPage += q.expected.filter((id) => got.includes(id)).length;
  }
  return result;
}

/** A query or thesaurus phrase reduced to its words, so the two can be compared. */
export const normalisePhrase = (text: string) =>
  text.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9\u00c0-\u024f]+/g, ' ').trim();

/** Every phrase of the shipped English and Welsh thesaurus, normalised. */
export function thesaurusPhrases(): Set<string> {
  return new Set(
    ['en', 'cy'].flatMap((lang) =>
      (JSON.parse(readFileSync(new URL(`../../../../data/thesaurus/${lang}.json`, import.meta.url), 'utf8')) as { entries: { words: string[] }[] }).entries.flatMap((e) =>
        e.words.map(normalisePhrase),
      ),
    ),
  );
}
