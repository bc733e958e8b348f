import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPglite } from '../../../../src/platform/db/pglite.js';
import { checkServices, importChecked, importOruk, OrukImportError } from '../../../../src/blocks/directory/oruk/import.js';
import type { Service } from '../../../../src/blocks/directory/oruk/schemas.js';
import { countServices, getFullService, getServiceBookkeeping, listTaxonomies } from '../../../../src/blocks/directory/sql/oruk-read.js';
import { deleteService } from '../../../../src/blocks/directory/services.js';
import { testEngine } from '../../../support/db.js';
import { exampleService, generatedServices, migratedDatabase, ORUK_MISSING, orukAvailable, richServices, type MigratedDb } from '../../../support/oruk-fixtures.js';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests change services freely

const scratch = mkdtempSync(join(tmpdir(), 'hearth-oruk-import-'));
const file = (name: string, value: unknown) => {
  const path = join(scratch, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 1));
  return path;
};

async function rejection(promise: Promise<unknown>): Promise<OrukImportError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OrukImportError, `expected an OrukImportError, got ${String(error)}`);
    return error;
  }
  assert.fail('the import should have been refused');
}

async function events(t: MigratedDb, councilId = t.council.id) {
  const { rows } = await t.db.query<{ type: string; subject: string; data: { name: string } }>(
    'SELECT type, subject, data FROM outbox WHERE council_id = $1 ORDER BY id',
    [councilId],
  );
  return rows;
}

describe(`importOruk (${testEngine})`, () => {
  let t: MigratedDb;
  before(async () => {
    t = await migratedDatabase();
  });
  after(async () => {
    await t.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const reset = async () => {
    await t.db.exec('DELETE FROM service_feedback; DELETE FROM service; DELETE FROM outbox; DELETE FROM location; DELETE FROM program; DELETE FROM organization; DELETE FROM taxonomy_term; DELETE FROM taxonomy; DELETE FROM search_service; DELETE FROM search_place');
  };

  it('imports the ORUK example, and refuses it as published with its latitude 100 named', async (ctx) => {
    if (!orukAvailable()) return ctx.skip(ORUK_MISSING);
    await reset();
    const error = await rejection(importOruk(t.db, t.council.id, exampleService(false)));
    assert.deepEqual(error.problems, [{ path: '$.service_at_locations[0].location.latitude', reason: 'must be between -90 and 90 (got 100)' }]);
    assert.equal(await countServices(t.db, t.council.id), 0);

    const result = await importOruk(t.db, t.council.id, exampleService());
    assert.deepEqual(result, { created: 1, updated: 0, total: 1 });
    assert.deepEqual(await getFullService(t.db, t.council.id, exampleService().id), exampleService());
  });

  it('imports a file of services, then updates them in place when imported again, with events', async () => {
    await reset();
    const path = file('rich.json', richServices());
    const progress: [number, number | undefined][] = [];
    const first = await importOruk(t.db, t.council.id, path, { onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(first, { created: 3, updated: 0, total: 3 });
    assert.deepEqual(progress.at(-1), [3, 3]);

    // Shared things are written once.
    const counts = await t.db.query<{ o: number; l: number; terms: number }>(
      `SELECT (SELECT count(*)::int FROM organization WHERE council_id = $1) AS o,
              (SELECT count(*)::int FROM location WHERE council_id = $1) AS l,
              (SELECT count(*)::int FROM taxonomy_term WHERE council_id = $1) AS terms`,
      [t.council.id],
    );
    assert.deepEqual(counts.rows[0], { o: 2, l: 2, terms: 6 });

    const changed = richServices() as Mutable[];
    changed[1].name = 'Thursday Lunch Club';
    changed[0].schedules.pop();
    changed[0].languages.reverse();
    delete changed[0].alert;
    const second = await importOruk(t.db, t.council.id, file('rich-changed.json', changed));
    assert.deepEqual(second, { created: 0, updated: 3, total: 3 });
    assert.equal(await countServices(t.db, t.council.id), 3);

    const foodBank = (await getFullService(t.db, t.council.id, changed[0].id))!;
    assert.equal(foodBank.schedules!.length, 1);
    assert.deepEqual(foodBank.languages!.map((l) => l.code), ['pl', 'en']);
    assert.equal(foodBank.alert, undefined);
    assert.equal((await getFullService(t.db, t.council.id, changed[1].id))!.name, 'Thursday Lunch Club');

    const log = await events(t);
    assert.deepEqual(log.map((e) => e.type), [...Array(3).fill('directory.service.created'), ...Array(3).fill('directory.service.updated')]);
    assert.deepEqual(log.filter((e) => e.subject === changed[1].id).map((e) => e.data.name), ['Community Lunch Club', 'Thursday Lunch Club']);
  });

  it('takes a paged list and a single service as well as an array', async () => {
    await reset();
    const [a, b, c] = richServices();
    const page = { total_items: 2, total_pages: 1, page_number: 1, size: 2, first_page: true, last_page: true, empty: false, contents: [a, b] };
    assert.deepEqual(await importOruk(t.db, t.council.id, file('page.json', page)), { created: 2, updated: 0, total: 2 });
    assert.deepEqual(await importOruk(t.db, t.council.id, file('one.json', c)), { created: 1, updated: 0, total: 1 });
    assert.deepEqual(await importOruk(t.db, t.council.id, [a]), { created: 0, updated: 1, total: 1 });
    const problems = (await rejection(importOruk(t.db, t.council.id, { ...page, contents: [{ ...a, name: '' }] }))).problems;
    assert.deepEqual(problems, [{ path: '$.contents[0].name', reason: 'must not be empty' }]);
  });

  it('imports nothing when two records among good ones are bad, and names both', async () => {
    await reset();
    const services = generatedServices(10) as Mutable[];
    services[3].service_at_locations[0].location.latitude = 123;
    delete services[7].name;
    services[7].minimum_age = 80;
    const error = await rejection(importOruk(t.db, t.council.id, file('bad.json', services)));
    assert.deepEqual(
      error.problems.map((p) => p.path).sort(),
      ['$[3].service_at_locations[0].location.latitude', '$[7].minimum_age', '$[7].name'],
    );
    assert.ok(error.problems.every((p) => p.reason.length > 5));
    assert.match(error.message, /3 problems in 2 records; nothing was imported/);
    assert.equal(await countServices(t.db, t.council.id), 0);
    assert.equal((await events(t)).length, 0);
  });

  it('writes nothing when the bad record comes after batches were written, and still names every problem', async () => {
    await reset();
    const services = generatedServices(9) as Mutable[];
    services[6].service_at_locations[0].location.longitude = 500;
    services[8].status = 'sleeping';
    const progress: number[] = [];
    const error = await rejection(importOruk(t.db, t.council.id, file('late.json', services), { batchSize: 2, onProgress: (done) => progress.push(done) }));
    assert.deepEqual(error.problems.map((p) => p.path).sort(), ['$[6].service_at_locations[0].location.longitude', '$[8].status']);
    assert.ok(progress.includes(4), `batches were written before the bad record was read (progress ${progress})`);
    assert.equal(await countServices(t.db, t.council.id), 0);
    assert.equal((await events(t)).length, 0);
    const { rows } = await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM organization) + (SELECT count(*) FROM search_service) AS n');
    assert.equal(Number(rows[0].n), 0);
  });

  it('reports progress against an estimate for a streamed file, exact at the end', async () => {
    await reset();
    const progress: [number, number | undefined][] = [];
    await importOruk(t.db, t.council.id, file('estimate.json', generatedServices(12)), { batchSize: 3, onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(progress.at(-1), [12, 12]);
    assert.ok(progress.slice(1, -1).every(([done, total]) => total !== undefined && total >= done), `each estimate covers what is done: ${JSON.stringify(progress)}`);
  });

  it('leaves a shared organisation untouched when it comes again unchanged, and updates it when it changes', async () => {
    await reset();
    const [foodBank, lunchClub] = structuredClone(richServices()) as Mutable[];
    await importOruk(t.db, t.council.id, [foodBank, lunchClub]);
    const stamp = async (id: string) =>
      (await t.db.query<{ updated_at: Date; name: string }>('SELECT updated_at, name FROM organization WHERE council_id = $1 AND id = $2', [t.council.id, id])).rows[0];
    const orgId = foodBank.organization.id as string;
    const before = await stamp(orgId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await importOruk(t.db, t.council.id, [foodBank, lunchClub]);
    assert.deepEqual(await stamp(orgId), before, 'an unchanged organisation keeps its row and its updated_at');
    foodBank.organization.name = 'Kingsmere Community Trust (renamed)';
    await importOruk(t.db, t.council.id, [foodBank]);
    const renamed = await stamp(orgId);
    assert.equal(renamed.name, 'Kingsmere Community Trust (renamed)');
    assert.ok(renamed.updated_at > before.updated_at);
  });

  it('refuses a file that is not JSON, naming where', async () => {
    await reset();
    const broken = file('broken.json', `[${JSON.stringify(richServices()[0])},\n{"id": "x", "name": ]`);
    const error = await rejection(importOruk(t.db, t.council.id, broken));
    assert.equal(error.problems[0].path, '$[1]');
    assert.match(error.problems[0].reason, /not valid JSON/);
    assert.equal(await countServices(t.db, t.council.id), 0);
  });

  it('resolves locations and terms named only by id: from the import or the directory, else a problem', async () => {
    await reset();
    const [foodBank] = richServices();
    const hall = foodBank.service_at_locations![0].location!;
    const byReference = (n: number): Service => ({
      id: `00000000-0000-4000-8abc-00000000000${n}`,
      name: `Referring service ${n}`,
      status: 'active',
      organization: foodBank.organization,
      service_at_locations: [{ id: `00000000-0000-4000-8abd-00000000000${n}`, location_id: hall.id }],
      attributes: [{ id: `00000000-0000-4000-8abe-00000000000${n}`, taxonomy_term_id: foodBank.attributes![0].taxonomy_term!.id }],
    });
    const missing = await rejection(importOruk(t.db, t.council.id, [byReference(1)]));
    assert.deepEqual(missing.problems.map((p) => p.path).sort(), ['$[0].attributes[0].taxonomy_term_id', '$[0].service_at_locations[0].location_id']);
    // Defined later in the same import, even in a later batch than the reference: fine.
    assert.equal((await importOruk(t.db, t.council.id, [byReference(1), foodBank], { batchSize: 1 })).total, 2);
    // Already in the directory: fine.
    assert.equal((await importOruk(t.db, t.council.id, [byReference(2)])).created, 1);
    const referring = (await getFullService(t.db, t.council.id, byReference(2).id))!;
    assert.equal(referring.service_at_locations![0].location!.name, hall.name);
  });

  it('checks services before their transaction, then writes them as importOruk would (checkServices, importChecked)', async () => {
    await reset();
    const [foodBank, lunchClub] = richServices();
    const hall = foodBank.service_at_locations![0].location!;
    // Problems are found without the database, by the index of each value checked.
    const broken = await checkServices([structuredClone(foodBank), { ...structuredClone(lunchClub), status: 'sleeping' }]);
    assert.deepEqual(broken.problems.map((p) => p.path), ['$[1].status']);
    assert.equal(broken.prepared.length, 0);
    await rejection(importChecked(t.db, t.council.id, broken));
    // A place named only by id, in no value checked and not in the directory: refused at write, nothing written.
    const referring: Service = {
      id: '00000000-0000-4000-8abc-0000000000c1',
      name: 'Referring service',
      status: 'active',
      organization: foodBank.organization,
      service_at_locations: [{ id: '00000000-0000-4000-8abd-0000000000c1', location_id: hall.id }],
    };
    const unresolved = await checkServices([structuredClone(referring)]);
    assert.deepEqual(unresolved.problems, []);
    assert.deepEqual((await rejection(importChecked(t.db, t.council.id, unresolved))).problems.map((p) => p.path), ['$[0].service_at_locations[0].location_id']);
    assert.equal(await countServices(t.db, t.council.id), 0);
    // Checked with the place defined: written with its search row and events.
    const checked = await checkServices([structuredClone(referring), structuredClone(foodBank)]);
    assert.deepEqual(await importChecked(t.db, t.council.id, checked), { created: 2, updated: 0, total: 2 });
    assert.equal((await getFullService(t.db, t.council.id, referring.id))!.service_at_locations![0].location!.name, hall.name);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM search_service WHERE council_id = $1', [t.council.id]);
    assert.equal(rows[0].n, 2);
    assert.deepEqual((await events(t)).map((e) => e.type), ['directory.service.created', 'directory.service.created']);
  });

  it('writes nothing at all when a later batch fails', async () => {
    await reset();
    await t.db.exec(`
      CREATE OR REPLACE FUNCTION hearth_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'FAIL HERE' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER hearth_test_fail BEFORE INSERT ON service FOR EACH ROW EXECUTE FUNCTION hearth_test_fail();`);
    try {
      const services = generatedServices(9);
      services[5].name = 'FAIL HERE'; // in the third batch of two
      const batches: number[] = [];
      await assert.rejects(
        importOruk(t.db, t.council.id, file('fails.json', services), { batchSize: 2, onProgress: (done) => batches.push(done) }),
        /injected failure/,
      );
      assert.deepEqual(batches, [0, 2, 4], 'two batches were written before the failure');
      assert.equal(await countServices(t.db, t.council.id), 0);
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM organization) + (SELECT count(*) FROM location) + (SELECT count(*) FROM schedule)
              + (SELECT count(*) FROM attribute) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM search_service) AS n`,
      );
      assert.equal(Number(rows[0].n), 0);
    } finally {
      await t.db.exec('DROP TRIGGER hearth_test_fail ON service; DROP FUNCTION hearth_test_fail()');
    }
  });

  it('keeps councils apart: the same ids live independently in two councils', async () => {
    await reset();
    await importOruk(t.db, t.council.id, richServices());
    const theirs = richServices() as Mutable[];
    theirs[0].name = 'Elsewhere Food Bank';
    theirs[0].organization.name = 'Elsewhere Trust';
    assert.deepEqual(await importOruk(t.db, t.other.id, theirs), { created: 3, updated: 0, total: 3 });
    const id = theirs[0].id as string;
    assert.equal((await getFullService(t.db, t.council.id, id))!.name, 'Kingsmere Food Bank');
    assert.equal((await getFullService(t.db, t.council.id, id))!.organization!.name, 'Kingsmere Community Trust');
    assert.equal((await getFullService(t.db, t.other.id, id))!.name, 'Elsewhere Food Bank');
    assert.equal((await getFullService(t.db, t.other.id, id))!.organization!.name, 'Elsewhere Trust');

    assert.equal(await deleteService(t.db, t.other.id, id), true);
    assert.equal(await getFullService(t.db, t.other.id, id), undefined);
    assert.ok(await getFullService(t.db, t.council.id, id), 'the other council keeps its service');
    assert.equal(await deleteService(t.db, t.other.id, id), false);
    const deleted = (await events(t, t.other.id)).filter((e) => e.type === 'directory.service.deleted');
    assert.deepEqual(deleted, [{ type: 'directory.service.deleted', subject: id, data: { name: 'Elsewhere Food Bank' } }]);
    // The shared hall stays for the lunch club.
    assert.ok((await getFullService(t.db, t.other.id, theirs[1].id))!.service_at_locations![0].location);
  });

  it('sets "last checked" from assured_date, and a later check is not undone by an older date', async () => {
    await reset();
    const [foodBank] = richServices();
    await importOruk(t.db, t.council.id, [foodBank]);
    const checked = (await getServiceBookkeeping(t.db, t.council.id, [foodBank.id])).get(foodBank.id)!;
    assert.equal(checked.lastChecked?.toISOString(), '2024-03-01T00:00:00.000Z');
    await t.db.query(`UPDATE service SET last_checked = '2024-06-15T10:00:00Z' WHERE council_id = $1 AND id = $2`, [t.council.id, foodBank.id]);
    await importOruk(t.db, t.council.id, [foodBank]);
    const after = (await getServiceBookkeeping(t.db, t.council.id, [foodBank.id])).get(foodBank.id)!;
    assert.equal(after.lastChecked?.toISOString(), '2024-06-15T10:00:00.000Z');
    assert.equal((await getFullService(t.db, t.council.id, foodBank.id))!.assured_date, '2024-06-15');
  });

  describe('from an ORUK feed URL', () => {
    let server: Server;
    let base: string;
    const requests: string[] = [];
    const feed = [...richServices(), ...generatedServices(4)];
    const taxonomy = { id: '5b0e6c40-9a1f-4e2d-b3c4-00000000f000', name: 'Test needs', description: 'Needs for tests.', uri: 'https://hearth.example/taxonomies/test-needs', version: '2' };

    before(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url!, 'http://localhost');
        requests.push(`${url.pathname}${url.search}`);
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const paged = (items: unknown[]) => {
          const perPage = Math.min(3, Number(url.searchParams.get('per_page') ?? 3)); // the server caps pages at 3
          const page = Number(url.searchParams.get('page') ?? 1);
          const contents = items.slice((page - 1) * perPage, page * perPage);
          const totalPages = Math.ceil(items.length / perPage);
          send(200, { total_items: items.length, total_pages: totalPages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= totalPages, empty: !contents.length, contents });
        };
        if (url.pathname === '/oruk/services') return paged(feed.map(({ id, name, status }) => ({ id, name, status })));
        const one = /^\/oruk\/services\/([^/]+)$/.exec(url.pathname);
        if (one) {
          const service = feed.find((s) => s.id === decodeURIComponent(one[1]));
          return service ? send(200, service) : send(404, { error: 'not found' });
        }
        if (url.pathname === '/oruk/taxonomies') return paged([taxonomy]);
        send(404, { error: 'not found' });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oruk`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('pages through /services, fetches every full service, and takes the taxonomies', async () => {
      await reset();
      let fetches = 0;
      const counting: typeof fetch = (input, init) => {
        fetches++;
        return fetch(input, init);
      };
      const result = await importOruk(t.db, t.council.id, `${base}/`, { fetch: counting, perPage: 50, concurrency: 3 });
      assert.deepEqual(result, { created: 7, updated: 0, total: 7 });
      assert.deepEqual(
        requests.filter((r) => r.startsWith('/oruk/services?')),
        ['/oruk/services?page=1&per_page=50', '/oruk/services?page=2&per_page=50', '/oruk/services?page=3&per_page=50'],
      );
      assert.deepEqual(requests.filter((r) => /^\/oruk\/services\/./.test(r)).sort(), feed.map((s) => `/oruk/services/${s.id}`).sort());
      assert.equal(fetches, requests.length);
      assert.deepEqual(await getFullService(t.db, t.council.id, feed[0].id), feed[0], 'the full service arrives whole');
      assert.deepEqual((await listTaxonomies(t.db, t.council.id)).contents, [taxonomy]);
    });

    it('reports bad services with their URLs and imports nothing', async () => {
      await reset();
      const saved = feed[1].minimum_age;
      feed[1].minimum_age = -1;
      try {
        const error = await rejection(importOruk(t.db, t.council.id, base));
        assert.deepEqual(error.problems, [{ path: `$['${base}/services/${feed[1].id}'].minimum_age`, reason: 'must be at least 0 (got -1)' }]);
        assert.equal(await countServices(t.db, t.council.id), 0);
      } finally {
        feed[1].minimum_age = saved;
      }
    });

    it('fails clearly when the feed is not there', async () => {
      await assert.rejects(importOruk(t.db, t.council.id, `${base}/nothing-here`), /answered 404/);
    });
  });
});

describe(`importOruk killed mid-import (${testEngine})`, () => {
  it('leaves the database as it was before the import', { timeout: 300_000 }, async () => {
    const services = generatedServices(1500, 11);
    const path = join(mkdtempSync(join(tmpdir(), 'hearth-kill-')), 'services.json');
    writeFileSync(path, JSON.stringify(services));
    const postgres = testEngine === 'postgres' ? await migratedDatabase() : undefined;
    const dataDir = postgres ? undefined : mkdtempSync(join(tmpdir(), 'hearth-kill-db-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'support', 'oruk-import-child.ts'), postgres?.url ?? dataDir!, path, '20'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const outcome = await new Promise<{ killedAt?: string; code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        let killedAt: string | undefined;
        let lines = '';
        child.stdout.on('data', (d: Buffer) => {
          lines += d.toString();
          const m = /progress (\d+)/.exec(lines);
          if (m && !killedAt) {
            killedAt = m[1];
            child.kill('SIGKILL');
          }
        });
        child.on('exit', (code, signal) => resolve({ killedAt, code, signal }));
      });
      assert.equal(outcome.signal, 'SIGKILL', `the child should have been killed mid-import (exit ${outcome.code}): ${stderr}`);
      assert.ok(Number(outcome.killedAt) > 0 && Number(outcome.killedAt) < services.length);

      const db = postgres?.db ?? (await openPglite(dataDir!)); // PGlite: the dead child's lock is stale and taken over
      try {
        const { rows } = await db.query<{ councils: number; services: number; events: number }>(
          `SELECT (SELECT count(*)::int FROM council WHERE slug = 'killed') AS councils,
                  (SELECT count(*)::int FROM service) AS services,
                  (SELECT count(*)::int FROM outbox) AS events`,
        );
        assert.deepEqual(rows[0], { councils: 1, services: 0, events: 0 });
      } finally {
        if (!postgres) await db.close();
      }
    } finally {
      await postgres?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
