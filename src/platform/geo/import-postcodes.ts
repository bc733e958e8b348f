import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Db } from '../db/db.js';
import { normalisePostcode } from './postcode.js';
import { upsertPostcodes } from './postcodes-sql.js';

export class PostcodeImportError extends Error {}

/** Split one CSV line (RFC 4180 quoting; ONSPD has no line breaks inside fields). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

const COLUMN_NAMES = {
  postcode: ['pcds', 'postcode', 'pcd', 'pcd2'],
  lat: ['lat', 'latitude'],
  lng: ['long', 'lng', 'longitude', 'lon'],
  terminated: ['doterm'],
};

export interface PostcodeImportResult {
  imported: number;
  skipped: number;
}

/**
 * Load the ONS Postcode Directory CSV (columns pcds, lat, long, doterm), or any CSV with
 * postcode/latitude/longitude columns. Terminated postcodes and those without a grid
 * reference (ONS writes latitude 99.999999) are skipped. One transaction: all or nothing.
 */
export async function importPostcodes(
  db: Db,
  file: string,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<PostcodeImportResult> {
  const totalBytes = statSync(file).size;
  let bytesRead = 0;
  let header: string[] | undefined;
  let idx = { postcode: -1, lat: -1, lng: -1, terminated: -1 };
  let imported = 0;
  let skipped = 0;
  let lineNo = 0;
  return db.transaction(async (tx) => {
    // Open the file only now: a readline iterator created after lines were already emitted
    // (while waiting for a connection) would miss them and never finish.
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let batch: { postcode: string; lat: number; lng: number }[] = [];
    for await (const line of lines) {
      lineNo++;
      bytesRead += Buffer.byteLength(line) + 1;
      if (!line.trim()) continue;
      const fields = splitCsvLine(line);
      if (!header) {
        header = fields.map((f) => f.trim().toLowerCase().replace(/^\ufeff/, ''));
        const find = (names: string[]) => header!.findIndex((h) => names.includes(h));
        idx = { postcode: find(COLUMN_NAMES.postcode), lat: find(COLUMN_NAMES.lat), lng: find(COLUMN_NAMES.lng), terminated: find(COLUMN_NAMES.terminated) };
        const missing = (['postcode', 'lat', 'lng'] as const).filter((k) => idx[k] < 0);
        if (missing.length) {
          throw new PostcodeImportError(
            `${file}: the header has no ${missing.map((m) => COLUMN_NAMES[m].join('/')).join(', ')} column (found: ${header.join(', ')})`,
          );
        }
        continue;
      }
      const postcode = normalisePostcode(fields[idx.postcode] ?? '');
      const lat = Number(fields[idx.lat]);
      const lng = Number(fields[idx.lng]);
      const terminated = idx.terminated >= 0 && (fields[idx.terminated] ?? '').trim() !== '';
      if (!postcode || !Number.isFinite(lat) || !Number.isFinite(lng) || lat < -90 || lat > 90 || lng < -180 || lng > 180 || terminated) {
        skipped++;
        continue;
      }
      batch.push({ postcode, lat, lng });
      if (batch.length >= 5000) {
        await upsertPostcodes(tx, batch);
        imported += batch.length;
        batch = [];
        onProgress?.(bytesRead, totalBytes);
      }
    }
    if (!header) throw new PostcodeImportError(`${file} is empty`);
    await upsertPostcodes(tx, batch);
    imported += batch.length;
    onProgress?.(totalBytes, totalBytes);
    return { imported, skipped };
  });
}
