/**
 * Import benchmark: `hearth import oruk` of N generated services into a fresh PostgreSQL
 * database, timed end to end (process start, reading and validating the file, writing,
 * indexing for search, commit).
 *
 *   node --import tsx bench/import.ts --services 100000
 */
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateDemoServices } from '../src/blocks/directory/demo/generator.js';
import { repoRoot, runHearth } from './lib/server.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const services = Number(values.services);
const dataDir = join(repoRoot, 'bench', '.data');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `services-${services}.json`);

if (!existsSync(file)) {
  process.stderr.write(`Generating ${services} services into ${file}\n`);
  const out = createWriteStream(file);
  out.write('[');
  let i = 0;
  for (const service of generateDemoServices({ services })) {
    if (!out.write((i++ ? ',\n' : '\n') + JSON.stringify(service))) await once(out, 'drain');
  }
  out.end('\n]\n');
  await once(out, 'finish');
}

const name = `hearth_bench_import_${services}`;
const admin = new pg.Client({ connectionString: `${values['pg-url']}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const env = { HEARTH_DATABASE_URL: `${values['pg-url']}/${name}` };
await runHearth(['councils', 'add', '--slug', 'bench', '--name', 'Benchmark Council'], env);

const started = process.hrtime.bigint();
await runHearth(['import', 'oruk', file], env);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const result = {
  date: new Date().toISOString(),
  services,
  fileBytes: statSync(file).size,
  seconds,
  servicesPerSecond: services / seconds,
  machine: `${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
};
writeFileSync(join(repoRoot, 'bench', 'results', `import-postgres-${services}.json`), JSON.stringify(result, null, 2));
process.stdout.write(`\nImported ${services} services in ${seconds.toFixed(1)} s: ${result.servicesPerSecond.toFixed(0)} services/s (${result.machine})\n`);
