import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { CsvImportError, type CsvProblem } from './problems.js';

/**
 * Reading what someone hands Hearth as CSV: one file, a folder of files or a ZIP of them (from
 * the command line or an upload), refused whole when too big, decoded strictly as UTF-8 (a
 * byte-order mark is fine, anything else that is not UTF-8 is refused, never guessed at), and
 * parsed into rows named by the header, each with the row number a spreadsheet would show.
 */

/** The most a CSV import may hold, all files together, uncompressed. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** ZIPs hold at most this many files (the ORUK tables are fewer than 25). */
const MAX_ZIP_ENTRIES = 50;

export interface CsvFile {
  name: string;
  data: Buffer;
}

export interface CsvRows {
  file: string;
  /** The header's column names, trimmed and in lower case. */
  columns: string[];
  rows: { row: number; values: Record<string, string> }[];
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const tooBig = (file: string, limit: number): CsvProblem => ({
  file,
  reason: `is larger than the ${megabytes(limit)} an import may be; split it into smaller files, or import the ORUK JSON with hearth import oruk`,
});

const isZip = (data: Buffer) => data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;

/** The CSV files of a path: a .csv file, a .zip, or a folder's *.csv files. */
export async function csvFilesAt(path: string, limit = MAX_CSV_BYTES): Promise<CsvFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CsvImportError([{ file: basename(path), reason: 'does not exist' }]);
  }
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => extname(n).toLowerCase() === '.csv').sort();
    if (!names.length) throw new CsvImportError([{ file: basename(path), reason: 'is a folder with no .csv files in it' }]);
    let total = 0;
    const files: CsvFile[] = [];
    for (const name of names) {
      total += (await stat(join(path, name))).size;
      if (total > limit) throw new CsvImportError([tooBig(basename(path), limit)]);
      files.push({ name, data: await readFile(join(path, name)) });
    }
    return files;
  }
  if (info.size > limit) throw new CsvImportError([tooBig(basename(path), limit)]);
  return csvFilesOf({ name: basename(path), data: await readFile(path) }, limit);
}

/** An uploaded or read file: a ZIP's CSV files, or the CSV itself. */
export async function csvFilesOf(file: CsvFile, limit = MAX_CSV_BYTES): Promise<CsvFile[]> {
  if (file.data.length > limit) throw new CsvImportError([tooBig(file.name, limit)]);
  if (isZip(file.data)) return unzip(file, limit);
  return [file];
}

/** The .csv entries of a ZIP, counting uncompressed bytes as they come so a ZIP bomb stops at the limit. */
function unzip(file: CsvFile, limit: number): Promise<CsvFile[]> {
  const broken = (why: string) => new CsvImportError([{ file: file.name, reason: `is not a ZIP we can read (${why})` }]);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file.data, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(broken(error?.message ?? 'no entries'));
      const files: CsvFile[] = [];
      let total = 0;
      let entries = 0;
      zip.on('error', (e: Error) => reject(broken(e.message)));
      zip.on('end', () => (files.length ? resolve(files) : reject(new CsvImportError([{ file: file.name, reason: 'holds no .csv files' }]))));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (++entries > MAX_ZIP_ENTRIES) return reject(new CsvImportError([{ file: file.name, reason: `holds more than ${MAX_ZIP_ENTRIES} files` }]));
        const name = basename(entry.fileName);
        if (entry.fileName.endsWith('/') || extname(name).toLowerCase() !== '.csv' || name.startsWith('.')) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > limit) return reject(new CsvImportError([tooBig(file.name, limit)]));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(broken(e?.message ?? 'unreadable entry'));
          const chunks: Buffer[] = [];
          let read = 0;
          stream.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > entry.uncompressedSize) stream.destroy(new Error('an entry is larger than it says'));
            chunks.push(chunk);
          });
          stream.on('error', (err: Error) => reject(broken(err.message)));
          stream.on('end', () => {
            files.push({ name, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The file as text, or the problem with its encoding. */
export function decodeUtf8(file: CsvFile): string | CsvProblem {
  const d = file.data;
  if ((d[0] === 0xff && d[1] === 0xfe) || (d[0] === 0xfe && d[1] === 0xff)) {
    return { file: file.name, reason: 'is UTF-16 text; save it as "CSV UTF-8" and import it again' };
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(d);
  } catch {
    return { file: file.name, reason: 'is not UTF-8 text (perhaps saved as "CSV" in an older encoding); save it as "CSV UTF-8" and import it again' };
  }
}

/** Parse a CSV file into rows by header name; problems for a malformed file, an empty one, or repeated columns. */
export function csvRows(file: CsvFile): CsvRows | CsvProblem[] {
  const text = decodeUtf8(file);
  if (typeof text !== 'string') return [text];
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_quotes: false, trim: false });
  } catch (error) {
    if (error instanceof CsvError) {
      const lines = (error as CsvError & { lines?: number }).lines;
      return [{ file: file.name, ...(lines ? { row: lines } : {}), reason: `is not well-formed CSV: ${error.message.replace(/^Invalid [^:]*: /, '')}` }];
    }
    throw error;
  }
  if (!records.length) return [{ file: file.name, reason: 'is empty: it needs a header row naming its columns' }];
  const columns = records[0].map((c) => c.trim().toLowerCase());
  const seen = new Set<string>();
  const problems: CsvProblem[] = [];
  columns.forEach((c, i) => {
    if (!c) problems.push({ file: file.name, row: 1, reason: `column ${i + 1} has no name in the header row` });
    else if (seen.has(c)) problems.push({ file: file.name, row: 1, column: c, reason: 'is in the header row twice' });
    seen.add(c);
  });
  if (problems.length) return problems;
  const rows = records.slice(1).map((record, i) => ({
    row: i + 2,
    values: Object.fromEntries(columns.map((c, j) => [c, record[j] ?? ''])),
  }));
  return { file: file.name, columns, rows };
}
