import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { needTerms } from '../search/synonyms.js';

/**
 * Hearth's needs mapped to the vocabularies UK directories tag services with (the LGA's Local
 * Government Services List, its needs and circumstances lists): one JSON file per vocabulary
 * in `data/taxonomy/mappings/`, each naming where its codes and labels came from so a council
 * can check them. Read once; a malformed file stops the start, naming the file and the entry.
 *
 * `relation` says how the external term stands to the Hearth need, as SKOS mapping relations
 * do: `exact` (the same), `narrow` (the external term is narrower: every service of it meets
 * the need), `broad` (the external term is broader: every service under the need is one of
 * it), `related` (neither, but worth showing). So a service tagged with the external term is
 * indexed under the need when the relation is exact or narrow, and a service under the need
 * is published with the external term when it is exact or broad.
 */

export const RELATIONS = ['exact', 'narrow', 'broad', 'related'] as const;
export type Relation = (typeof RELATIONS)[number];

const NonEmpty = Type.String({ minLength: 1 });

const SourceSchema = Type.Object(
  {
    id: NonEmpty,
    title: NonEmpty,
    repository: Type.Optional(NonEmpty),
    path: Type.Optional(NonEmpty),
    url: Type.Optional(NonEmpty),
    commit: Type.Optional(Type.String({ pattern: '^[0-9a-f]{40}$' })),
    read: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    note: Type.Optional(NonEmpty),
  },
  { additionalProperties: false },
);

const EntrySchema = Type.Object(
  {
    code: NonEmpty,
    label: NonEmpty,
    source: NonEmpty,
    relation: Type.Union(RELATIONS.map((r) => Type.Literal(r))),
    needs: Type.Array(NonEmpty, { minItems: 1 }),
    note: Type.Optional(NonEmpty),
  },
  { additionalProperties: false },
);

const MappingFileSchema = Type.Object(
  {
    vocabulary: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    name: NonEmpty,
    description: NonEmpty,
    publisher: NonEmpty,
    list_uri: Type.String({ pattern: '^https?://' }),
    term_uri_pattern: Type.String({ pattern: '^https?://[^{}]+\\{code\\}$' }),
    curie: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$' })),
    names: Type.Array(NonEmpty),
    licence: NonEmpty,
    checked: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    sources: Type.Array(SourceSchema, { minItems: 1 }),
    entries: Type.Array(EntrySchema),
  },
  { additionalProperties: false },
);

export type MappingSource = Static<typeof SourceSchema>;
export type MappingEntry = Static<typeof EntrySchema>;
export type Vocabulary = Static<typeof MappingFileSchema>;

/** A mapping file that cannot be used: which file, which entry (if one), and why. */
export class MappingFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${file}: ${where}: ${reason}`);
    this.name = 'MappingFileError';
  }
}

export const MAPPINGS_DIR = fileURLToPath(new URL('../../../../data/taxonomy/mappings/', import.meta.url));

/** Check one mapping file's parsed content; every problem is a `MappingFileError` naming `file`. */
export function checkMappingFile(file: string, content: unknown): Vocabulary {
  const shapeError = Value.Errors(MappingFileSchema, content).First();
  if (shapeError) {
    const where = entryPlace(content, shapeError.path) ?? (shapeError.path || 'the file');
    throw new MappingFileError(file, where, `${shapeError.path || '/'} ${shapeError.message}`);
  }
  const vocabulary = content as Vocabulary;
  const needCodes = new Set(needTerms().map((t) => t.code));
  const sourceIds = new Set<string>();
  for (const source of vocabulary.sources) {
    if (sourceIds.has(source.id)) throw new MappingFileError(file, `source "${source.id}"`, 'is listed twice');
    if (!source.repository && !source.url) throw new MappingFileError(file, `source "${source.id}"`, 'names neither a repository nor a url to check it at');
    sourceIds.add(source.id);
  }
  const pairs = new Set<string>();
  vocabulary.entries.forEach((entry, i) => {
    const where = `entry ${i + 1} (code "${entry.code}")`;
    if (!sourceIds.has(entry.source)) throw new MappingFileError(file, where, `source "${entry.source}" is not among the file's sources`);
    if (/\s/.test(entry.code)) throw new MappingFileError(file, where, 'a code has no spaces');
    for (const need of entry.needs) {
      if (!needCodes.has(need)) throw new MappingFileError(file, where, `"${need}" is not a need in data/taxonomy/needs.json`);
      const pair = `${entry.code}\u0000${need}`;
      if (pairs.has(pair)) throw new MappingFileError(file, where, `maps "${entry.code}" to "${need}" a second time`);
      pairs.add(pair);
    }
    const sameCode = vocabulary.entries.find((e) => e.code === entry.code);
    if (sameCode && sameCode.label !== entry.label) throw new MappingFileError(file, where, `labels code "${entry.code}" differently from an earlier entry`);
  });
  return vocabulary;
}

/** "entry 3 (code "1818")" for a path inside `entries`, when the entry can be read. */
function entryPlace(content: unknown, path: string): string | undefined {
  const m = /^\/entries\/(\d+)/.exec(path);
  if (!m) return undefined;
  const entry = (content as { entries?: { code?: unknown }[] }).entries?.[Number(m[1])];
  const code = typeof entry?.code === 'string' ? ` (code "${entry.code}")` : '';
  return `entry ${Number(m[1]) + 1}${code}`;
}

/** Read and check every `*.json` in a folder, in name order; vocabulary ids must be unique. */
export function readMappingFiles(dir: string = MAPPINGS_DIR): Vocabulary[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const seen = new Map<string, string>();
  return files.map((name) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      throw new MappingFileError(name, 'the file', `is not JSON: ${(error as Error).message}`);
    }
    const vocabulary = checkMappingFile(name, parsed);
    const other = seen.get(vocabulary.vocabulary);
    if (other) throw new MappingFileError(name, 'vocabulary', `"${vocabulary.vocabulary}" is also the vocabulary of ${other}`);
    seen.set(vocabulary.vocabulary, name);
    return vocabulary;
  });
}

let shipped: Vocabulary[] | undefined;

/** The shipped mapping files, read and checked on first use (the directory's routes ask at start). */
export function taxonomyMappings(): readonly Vocabulary[] {
  shipped ??= readMappingFiles();
  return shipped;
}

/** The address of an external term: the vocabulary's pattern with the code in it. */
export function termUri(vocabulary: Pick<Vocabulary, 'term_uri_pattern'>, code: string): string {
  return vocabulary.term_uri_pattern.replace('{code}', encodeURIComponent(code));
}
