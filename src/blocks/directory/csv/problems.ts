import { stringify } from 'csv-stringify/sync';

/** One thing wrong with an imported CSV: the file, the row as a spreadsheet shows it (header = 1), the column, and why. */
export interface CsvProblem {
  file: string;
  row?: number;
  column?: string;
  reason: string;
}

/** Thrown when a CSV import found problems; nothing was imported. */
export class CsvImportError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(`The CSV has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`);
    this.name = 'CsvImportError';
  }
}

/** "services.csv, row 7, column postcode: ..." */
export const describeProblem = (p: CsvProblem) =>
  `${p.file}${p.row !== undefined ? `, row ${p.row}` : ''}${p.column ? `, column ${p.column}` : ''}: ${p.reason}`;

/** The error report as CSV (file, row, column, problem), to download and fix the sheet from. */
export const problemsCsv = (problems: CsvProblem[]) =>
  stringify([['file', 'row', 'column', 'problem'], ...problems.map((p) => [p.file, p.row ?? '', p.column ?? '', p.reason])]);
