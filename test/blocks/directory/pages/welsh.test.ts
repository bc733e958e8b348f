import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { cookiesFrom, startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };

/** Every `<area>.en.json` beside its `<area>.cy.json` (and `en.json` beside `cy.json`). */
function cataloguePairs(folder: string): Array<[string, string]> {
  return readdirSync(folder)
    .filter((f) => f.endsWith('en.json'))
    .map((en) => [join(folder, en), join(folder, en.replace(/en\.json$/, 'cy.json'))]);
}

const keys = (file: string) => Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).sort();

/** A message key shown instead of its text means the key is missing from both catalogues. */
const RAW_KEY = /\b(directory|layout|error)\.[a-z_]+\.[a-z0-9_.]+/;

describe('directory pages in Welsh', () => {
  it('has every pages key in both English and Welsh', () => {
    const en = keys('src/blocks/directory/locales/pages.en.json');
    const cy = keys('src/blocks/directory/locales/pages.cy.json');
    assert.deepEqual(en.filter((k) => !cy.includes(k)), [], 'missing in pages.cy.json');
    assert.deepEqual(cy.filter((k) => !en.includes(k)), [], 'missing in pages.en.json');
  });

  it('has every platform key in both English and Welsh', () => {
    for (const [en, cy] of cataloguePairs('src/platform/web/locales')) {
      assert.deepEqual(keys(cy), keys(en), `${cy} and ${en} differ`);
    }
  });

  it('has a Welsh text that differs from the English for nearly every key', () => {
    const en = JSON.parse(readFileSync('src/blocks/directory/locales/pages.en.json', 'utf8')) as Record<string, string>;
    const cy = JSON.parse(readFileSync('src/blocks/directory/locales/pages.cy.json', 'utf8')) as Record<string, string>;
    // Names, formats and a few words that are the same in both languages.
    const same = Object.keys(en).filter((k) => en[k] === cy[k]);
    assert.ok(same.length < 15, `copied from English, not translated: ${same.join(', ')}`);
  });

  describe('rendered', () => {
    let hearth: TestHearth;
    before(async () => {
      hearth = await startPagesHearth();
    });
    after(() => hearth?.stop());

    const get = (url: string, cookie = '') => hearth.app.inject({ url, headers: { ...HTML, cookie } });

    const pages = [
      '/',
      '/search?q=food&near=AS1+1AA',
      '/search?q=lunch&age=20',
      `/search?taxonomy_term=5b0e6c40-9a1f-4e2d-b3c4-000000000100`,
      `/services/${IDS.foodBank}`,
      `/services/${IDS.youthClub}`,
      `/services/${IDS.lunchClub}`,
      `/services/${IDS.housing}`,
      `/services/${IDS.foodBank}/out-of-date`,
      `/services/${IDS.foodBank}/out-of-date/sent?reply=1`,
      '/my-list',
      `/my-list?ids=${IDS.foodBank},${IDS.debtLine}`,
      '/search?radius=5&time=99&age=-1&near=ZZ9+9ZZ',
    ];
    for (const url of pages) {
      for (const lang of ['en', 'cy']) {
        it(`shows no message keys on ${url} in ${lang}`, async () => {
          const res = await get(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
          assert.match(res.body, new RegExp(`<html lang="${lang}"`));
          const leaked = RAW_KEY.exec(res.body.replace(/<script[\s\S]*?<\/script>/g, ''));
          assert.equal(leaked, null, `message key shown: ${leaked?.[0]}`);
        });
      }
    }

    it('shows the home page and search in Welsh', async () => {
      const home = await get('/?lang=cy');
      assert.match(home.body, />\s*Chwilio\s*</);
      assert.match(home.body, /Gyda beth mae angen help arnoch chi\?/);
      assert.match(home.body, />Arian a dyled</);
      const search = await get('/search?q=food+bank&lang=cy');
      assert.match(search.body, /Ar agor nawr/);
      assert.match(search.body, /Am ddim/);
      assert.match(search.body, /Yn cael ei redeg gan Ashdown Churches Together/);
    });

    it('shows a service in Welsh, with Welsh days, times and dates', async () => {
      const res = await get(`/services/${IDS.foodBank}?lang=cy`);
      assert.match(res.body, /Cadw i&#39;m rhestr/);
      assert.match(res.body, /Dywedwch wrthym fod hyn wedi dyddio/);
      assert.match(res.body, /Dydd Llun, dydd Mercher a dydd Gwener, 10yb i ganol dydd/);
      assert.match(res.body, /Ar gau ddydd Mawrth, dydd Iau a dydd Sul/);
      assert.match(res.body, /Gwiriwyd ddiwethaf: 3 Mawrth 2026/);
      assert.match(res.body, /Saesneg a Pwyleg/);
      assert.match(res.body, /Hygyrch i gadeiriau olwyn/);
    });

    it('names problems in Welsh', async () => {
      const res = await get('/search?radius=5&lang=cy');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Mae problem wedi codi/);
      assert.match(res.body, /Dewiswch bellter o&#39;r rhestr/);
      assert.match(res.body, /<span class="govuk-visually-hidden">Gwall:<\/span>/);
      assert.match(res.body, /<title>Gwall: /);
    });

    it('keeps Welsh once chosen', async () => {
      const first = await get('/?lang=cy');
      const cookie = cookiesFrom(first.headers['set-cookie']);
      const next = await get(`/services/${IDS.debtLine}`, cookie);
      assert.match(next.body, /<html lang="cy"/);
      assert.match(next.body, /Dydd Llun i ddydd Gwener, 9yb i 5yh/);
    });
  });
});
