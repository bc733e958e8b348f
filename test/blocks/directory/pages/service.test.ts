import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHearth } from '../../../support/app.js';
import { IDS } from './fixtures.js';
import { startPagesHearth } from './support.js';

const HTML = { accept: 'text/html' };

describe('directory pages: a service', () => {
  let hearth: TestHearth;
  let foodBank: string;
  before(async () => {
    hearth = await startPagesHearth();
    foodBank = (await hearth.app.inject({ url: `/services/${IDS.foodBank}`, headers: HTML })).body;
  });
  after(() => hearth?.stop());

  const get = (url: string) => hearth.app.inject({ url, headers: HTML });

  it('says what it is and who runs it', async () => {
    assert.match(foodBank, /<h1 class="govuk-heading-l">Ashdown Food Bank<\/h1>/);
    assert.match(foodBank, /<span class="govuk-caption-l">Ashdown Churches Together<\/span>/);
    assert.match(foodBank, /<p class="govuk-body">Emergency food parcels for people who cannot afford to buy food.<\/p>\s*<p class="govuk-body">Bring your voucher/);
    assert.match(foodBank, /<a class="govuk-link" href="https:\/\/churches.example.org\/">Ashdown Churches Together<\/a>/);
    assert.match(foodBank, /<title>Ashdown Food Bank – Testshire Council<\/title>/);
  });

  it('says who it is for and what it costs', async () => {
    assert.match(foodBank, /Anyone in crisis who lives in Ashdown/);
    assert.match(foodBank, /This service is free/);
    const youth = (await get(`/services/${IDS.youthClub}`)).body;
    assert.match(youth, /Ages 11 to 18/);
    assert.match(youth, /Per session: £1</);
    const lunch = (await get(`/services/${IDS.lunchClub}`)).body;
    assert.match(lunch, /Ages 60 and over/);
    assert.match(lunch, /Lunch: £3.50/);
  });

  it('gives opening times as people read them', async () => {
    assert.match(foodBank, /<li>Monday, Wednesday and Friday, 10am to midday<\/li>/);
    assert.match(foodBank, /<li>Saturday, 10am to 1pm<\/li>/);
    assert.match(foodBank, /<li>Closed Tuesday, Thursday and Sunday<\/li>/);
    assert.match(foodBank, /<li>Closed on bank holidays.<\/li>/);
    const lunch = (await get(`/services/${IDS.lunchClub}`)).body;
    assert.match(lunch, /Second Tuesday of the month, midday to 2pm/);
    const housing = (await get(`/services/${IDS.housing}`)).body;
    assert.match(housing, /By appointment only. Phone to book a time./);
  });

  it('says where, with the postcode, accessibility and a plain link to a map', async () => {
    assert.match(foodBank, /St Mary&#39;s Church Hall/);
    assert.match(foodBank, /1 Market Square<br>Ashdown<br>Ardenshire<br>AS1 1AA/);
    assert.match(foodBank, /href="https:\/\/www.openstreetmap.org\/\?mlat=52.55600&amp;mlon=-1.50500#map=17\/52.55600\/-1.50500"/);
    assert.doesNotMatch(foodBank, /<iframe/);
    assert.match(foodBank, /<li>Wheelchair accessible<\/li>/);
    assert.match(foodBank, /<li>Hearing loop<\/li>/);
  });

  it('says how to get in touch, in which languages, and when it was last checked', async () => {
    assert.match(foodBank, /<a class="govuk-link" href="tel:01234567890">01234 567890<\/a>/);
    assert.match(foodBank, /href="mailto:foodbank@churches.example.org"/);
    assert.match(foodBank, /href="https:\/\/foodbank.example.org\/ashdown">foodbank.example.org\/ashdown</);
    assert.match(foodBank, /English and Polish/);
    assert.match(foodBank, /Last checked: 3 March 2026/);
    assert.match(foodBank, /<li>In person<\/li>/);
  });

  it('offers "Save to my list" as a form and "Tell us this is out of date" as a link', async () => {
    assert.match(foodBank, /<form method="post" action="\/my-list\/add"/);
    assert.match(foodBank, /name="_csrf" value="[A-Za-z0-9_-]{40,}"/);
    assert.ok(foodBank.includes(`name="service_id" value="${IDS.foodBank}"`));
    assert.match(foodBank, /Save to my list/);
    assert.ok(foodBank.includes(`href="/services/${IDS.foodBank}/out-of-date">Tell us this is out of date</a>`));
  });

  it('warns when a service is not running and shows its alert', async () => {
    const housing = (await get(`/services/${IDS.housing}`)).body;
    assert.match(housing, /This service is not running at the moment/);
    assert.match(housing, /Appointments are paused until April/);
  });

  it('answers a malformed or unknown id with the 404 page', async () => {
    for (const url of ['/services/not-a-uuid', `/services/${IDS.unknown}`, "/services/1' OR '1'='1", '/services/%00']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /Page not found/);
    }
  });

  it('works under the council path too', async () => {
    const res = await get(`/c/testshire/services/${IDS.foodBank}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /action="\/c\/testshire\/my-list\/add"/);
    assert.ok(res.body.includes(`href="/c/testshire/services/${IDS.foodBank}/out-of-date"`));
  });
});
