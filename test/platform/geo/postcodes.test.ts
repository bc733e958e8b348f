import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boundingBox, distanceMetres, parseLatLng } from '../../../src/platform/geo/distance.js';
import { importPostcodes, PostcodeImportError, splitCsvLine } from '../../../src/platform/geo/import-postcodes.js';
import { normalisePostcode, outwardCode } from '../../../src/platform/geo/postcode.js';
import { countPostcodes, findOutwardCode, findPostcode } from '../../../src/platform/geo/postcodes-sql.js';
import { migrate } from '../../../src/platform/migrate.js';
import { platformMigrations } from '../../../src/main.js';
import { freshDatabase, type TestDatabase } from '../../support/db.js';

describe('postcodes', () => {
  it('normalises what people type', () => {
    assert.equal(normalisePostcode('sw1a1aa'), 'SW1A 1AA');
    assert.equal(normalisePostcode(' SW1A  1AA '), 'SW1A 1AA');
    assert.equal(normalisePostcode('m1 1ae'), 'M1 1AE');
    assert.equal(normalisePostcode('not a postcode'), undefined);
    assert.equal(normalisePostcode("1; DROP TABLE postcode"), undefined);
    assert.equal(outwardCode('sw1a'), 'SW1A');
    assert.equal(outwardCode('SW1A 1AA'), 'SW1A');
  });

  it('measures distance and bounds', () => {
    const london = { lat: 51.5074, lng: -0.1278 };
    const oxford = { lat: 51.752, lng: -1.2577 };
    const d = distanceMetres(london, oxford);
    assert.ok(d > 80_000 && d < 85_000, String(d));
    const box = boundingBox(london, 1000);
    assert.ok(distanceMetres(london, { lat: box.maxLat, lng: london.lng }) >= 999);
    assert.ok(distanceMetres(london, { lat: london.lat, lng: box.maxLng }) >= 999);
    assert.deepEqual(parseLatLng('51.5, -0.12'), { lat: 51.5, lng: -0.12 });
    assert.equal(parseLatLng('95,0'), undefined);
  });

  it('splits quoted CSV fields', () => {
    assert.deepEqual(splitCsvLine('"AB1 0AA","a,b",""'), ['AB1 0AA', 'a,b', '']);
    assert.deepEqual(splitCsvLine('x,"he said ""hi""",z'), ['x', 'he said "hi"', 'z']);
  });

  describe('loading the ONS Postcode Directory', () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase();
      await migrate(database.db, [platformMigrations]);
    });
    after(() => database.close());

    it('loads live postcodes and skips terminated ones and those without coordinates', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'onspd-')), 'onspd.csv');
      writeFileSync(
        file,
        [
          'pcd,pcd2,pcds,dointr,doterm,lat,long',
          '"AB1 0AA","AB1  0AA","AB1 0AA","198001","199606",57.101474,-2.242851',
          '"AB1 0AB","AB1  0AB","AB1 0AB","198001","",57.102554,-2.246308',
          '"AB1 0AD","AB1  0AD","AB1 0AD","198001","",57.100556,-2.248342',
          '"ZZ9 9ZZ","ZZ9  9ZZ","ZZ9 9ZZ","198001","",99.999999,0.000000',
        ].join('\n'),
      );
      const result = await importPostcodes(database.db, file);
      assert.deepEqual(result, { imported: 2, skipped: 2 });
      assert.equal(await countPostcodes(database.db), 2);
      assert.deepEqual(await findPostcode(database.db, 'AB1 0AB'), { lat: 57.102554, lng: -2.246308 });
      assert.equal(await findPostcode(database.db, 'AB1 0AA'), undefined);
      const outward = await findOutwardCode(database.db, 'AB1');
      assert.ok(outward && Math.abs(outward.lat - 57.1015) < 0.01);
      // Loading again is idempotent.
      await importPostcodes(database.db, file);
      assert.equal(await countPostcodes(database.db), 2);
    });

    it('refuses a file without the columns it needs, loading nothing', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'onspd-')), 'bad.csv');
      writeFileSync(file, 'code,x,y\nAB1 0XX,1,2\n');
      await assert.rejects(importPostcodes(database.db, file), (e: unknown) => e instanceof PostcodeImportError && /pcds/.test(e.message));
    });
  });
});
