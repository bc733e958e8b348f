import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { importPostcodes } from '../platform/geo/import-postcodes.js';
import { progressBar } from '../platform/progress.js';
import {
  csvFilesAt,
  CsvImportError,
  describeProblem,
  exportFlatCsv,
  exportOruk,
  exportOrukTablesZip,
  importCsv,
  importOruk,
  OrukImportError,
  vacuumAfterBulkLoad,
} from '../blocks/directory/index.js';
import { chooseCouncil, CliError, openMigratedDb } from './context.js';
import { out, err, terminal, callerPath } from './terminal.js';

const MAX_PROBLEMS_SHOWN = 50;

/** A feed address stays as it is; a file is resolved from the caller's directory. */
const sourceFromCaller = (source: string) => (/^https?:\/\//i.test(source) ? source : callerPath(source));

export function registerImportExportCommands(program: Command): void {
  const imports = program.command('import').description('Import data: ORUK services, postcodes.');

  imports
    .command('oruk')
    .description(
      'Import Open Referral UK 3.0 services from a JSON file (an array of full services, a paged list, or one service) or from a feed URL (paged through). ' +
        'Idempotent by id. If any record is invalid nothing is imported and every problem is listed.',
    )
    .argument('<source>', 'a JSON file path, or the base URL of an ORUK feed such as https://example.org/oruk')
    .option('--council <slug>', 'the council to import into (default: the default council)')
    .action(async (source: string, options: { council?: string }) => {
      const { db } = await openMigratedDb();
      const bar = progressBar('Importing', 'services', terminal().stderr);
      try {
        const council = await chooseCouncil(db, options.council);
        const result = await importOruk(db, council.id, sourceFromCaller(source), { onProgress: (done, total) => bar.update(done, total) });
        bar.stop();
        out(`Imported ${result.total} services into ${council.name}: ${result.created} new, ${result.updated} updated.\n`);
        // PGlite has no autovacuum: without this, the planner keeps empty-table statistics and
        // feed pages read the dead rows an update leaves (PostgreSQL's autovacuum does it there).
        if (db.engine === 'pglite') await vacuumAfterBulkLoad(db);
      } catch (error) {
        bar.stop();
        if (error instanceof OrukImportError) {
          const shown = error.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  ${p.path}: ${p.reason}`);
          const more = error.problems.length > MAX_PROBLEMS_SHOWN ? `\n  ... and ${error.problems.length - MAX_PROBLEMS_SHOWN} more` : '';
          throw new CliError(`${error.message}\nNothing was imported. Problems:\n${shown.join('\n')}${more}`);
        }
        throw error;
      } finally {
        await db.close();
      }
    });

  imports
    .command('csv')
    .description(
      'Import services from CSV: the flat services sheet (one file; template at /open-data/templates/services-flat.csv) or the ORUK tables ' +
        '(a folder or ZIP of services.csv, organizations.csv, ...). All or nothing: if any row has a problem nothing is imported and every problem is listed by file, row and column.',
    )
    .argument('<source>', 'a .csv file, a .zip of CSV files, or a folder of them')
    .option('--council <slug>', 'the council to import into (default: the default council)')
    .action(async (source: string, options: { council?: string }) => {
      const { db } = await openMigratedDb();
      const bar = progressBar('Importing', 'services', terminal().stderr);
      try {
        const council = await chooseCouncil(db, options.council);
        const files = await csvFilesAt(callerPath(source));
        const result = await importCsv(db, council.id, files, { onProgress: (done, total) => bar.update(done, total) });
        bar.stop();
        const shape = result.shape === 'flat' ? 'the flat services sheet' : 'the ORUK tables';
        out(`Imported ${result.total} services from ${shape} into ${council.name}: ${result.created} new, ${result.updated} updated.\n`);
        if (db.engine === 'pglite') await vacuumAfterBulkLoad(db);
      } catch (error) {
        bar.stop();
        if (error instanceof CsvImportError) {
          const shown = error.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  ${describeProblem(p)}`);
          const more = error.problems.length > MAX_PROBLEMS_SHOWN ? `\n  ... and ${error.problems.length - MAX_PROBLEMS_SHOWN} more` : '';
          throw new CliError(`${error.message}\nProblems:\n${shown.join('\n')}${more}`);
        }
        throw error;
      } finally {
        await db.close();
      }
    });

  imports
    .command('postcodes')
    .description('Load postcode centroids from the ONS Postcode Directory CSV (columns pcds, lat, long, doterm) or any CSV with postcode, latitude and longitude columns.')
    .argument('<csv>', 'the CSV file')
    .action(async (file: string) => {
      const { db } = await openMigratedDb();
      const bar = progressBar('Loading postcodes', 'bytes', terminal().stderr);
      try {
        const result = await importPostcodes(db, callerPath(file), (done, total) => bar.update(done, total));
        bar.stop();
        out(`Loaded ${result.imported} postcodes (${result.skipped} skipped: terminated or without coordinates).\n`);
      } catch (error) {
        bar.stop();
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`There is no file ${file}`);
        throw error;
      } finally {
        await db.close();
      }
    });

  const exports = program.command('export').description('Export data in open formats.');
  exports
    .command('oruk')
    .description('Export every service of a council as Open Referral UK 3.0 JSON (an array of full services), to a file or to standard output.')
    .argument('[file]', 'the file to write (default: standard output)')
    .option('--council <slug>', 'the council to export (default: the default council)')
    .action(async (file: string | undefined, options: { council?: string }) => {
      const { db } = await openMigratedDb();
      const bar = file ? progressBar('Exporting', 'services', terminal().stderr) : undefined;
      try {
        const council = await chooseCouncil(db, options.council);
        const target = file ? createWriteStream(callerPath(file)) : terminal().stdout;
        const count = await exportOruk(db, council.id, target, { onProgress: (done, total) => bar?.update(done, total) });
        if (file) {
          target.end();
          await finished(target);
          bar?.stop();
          err(`Exported ${count} services of ${council.name} to ${file}.\n`);
        }
      } catch (error) {
        bar?.stop();
        throw error;
      } finally {
        await db.close();
      }
    });

  exports
    .command('csv')
    .description('Export every service of a council as CSV: the flat services sheet (one row per service at a place), or the ORUK tables as a ZIP (one CSV per table).')
    .argument('<file>', 'the file to write (.csv for the sheet, .zip for the tables)')
    .option('--shape <shape>', 'flat or tables (default: tables for a .zip file, else flat)')
    .option('--council <slug>', 'the council to export (default: the default council)')
    .action(async (file: string, options: { council?: string; shape?: string }) => {
      const shape = options.shape ?? (file.toLowerCase().endsWith('.zip') ? 'tables' : 'flat');
      if (shape !== 'flat' && shape !== 'tables') throw new CliError(`--shape must be flat or tables, not ${shape}`);
      const { db } = await openMigratedDb();
      let done = 0;
      const tick = (n: number) => {
        done += n;
        if (done % 5000 < n) err(`  ${done} ${shape === 'flat' ? 'services' : 'rows'} written\n`);
      };
      try {
        const council = await chooseCouncil(db, options.council);
        const target = createWriteStream(callerPath(file));
        if (shape === 'flat') await exportFlatCsv(db, council.id, target, { onServices: tick });
        else await exportOrukTablesZip(db, council.id, target, { onRows: tick });
        target.end();
        await finished(target);
        err(`Exported ${council.name} as ${shape === 'flat' ? 'the flat services sheet' : 'the ORUK tables'} to ${file}.\n`);
      } finally {
        await db.close();
      }
    });
}
