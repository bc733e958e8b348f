import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { FORM, cookiesFrom, form, formToken, startPagesHearth } from './support.js';

const HTML = { accept: 'text/html', 'sec-fetch-site': 'same-origin' };

describe('directory pages: my list sends the browser back only to this site', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startPagesHearth();
  });
  after(() => hearth?.stop());

  it('refuses a return path that a browser would follow to another site (/.//evil became //evil)', async () => {
    for (const returnTo of ['/.//evil.example', '//evil.example', '/\\evil.example', '/%2F%2Fevil.example', '/%09/evil.example', '/\t/evil.example', 'https://evil.example']) {
      for (const action of ['/my-list/add', '/my-list/remove']) {
        const page = await hearth.app.inject({ url: `/services/${IDS.foodBank}`, headers: HTML });
        const cookie = cookiesFrom(page.headers['set-cookie'], '');
        const res = await hearth.app.inject({
          method: 'POST',
          url: action,
          headers: { ...HTML, ...FORM, cookie },
          payload: form({ _csrf: formToken(page.body), service_id: IDS.foodBank, return_to: returnTo }),
        });
        assert.equal(res.statusCode, 303, `${action} ${JSON.stringify(returnTo)}`);
        const location = String(res.headers.location);
        assert.equal(new URL(location, 'https://hearth.example/x/y').origin, 'https://hearth.example', `${action} ${JSON.stringify(returnTo)} → ${location}`);
        assert.equal(location, '/my-list', `${action} ${JSON.stringify(returnTo)}`);
      }
    }
  });
});
