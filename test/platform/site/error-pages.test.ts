import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { Browser, signIn } from '../../blocks/identity/support.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const API_CLIENT = 'application/json';

const isPage = (res: { headers: Record<string, unknown> }) => /^text\/html/.test(String(res.headers['content-type']));
const isProblem = (res: { headers: Record<string, unknown> }) => /^application\/problem\+json/.test(String(res.headers['content-type']));
const heading = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1].trim().replace(/&#39;/g, "'");

describe('error pages for browsers, problems for APIs', () => {
  let hearth: TestHearth;
  let resident: Browser;
  before(async () => {
    hearth = await startTestHearth({
      council: { slug: 'testshire', name: 'Testshire Council', isDefault: true, contactEmail: 'help@testshire.example', contactPhone: '01632 960000' },
    });
    // A route that fails as a bug would, with a secret in its message and stack.
    hearth.app.get('/boom', { config: { access: 'public', html: true } }, async () => {
      throw new Error('database password is hunter2');
    });
    hearth.app.get('/api/boom', { config: { access: 'public' } }, async () => {
      throw new Error('database password is hunter2');
    });
    resident = await signIn(hearth, 'resident@example.org');
  });
  after(() => hearth?.stop());

  const get = (url: string, accept: string, cookie?: string) => hearth.app.inject({ url, headers: { accept, ...(cookie ? { cookie } : {}) } });

  describe('404', () => {
    it('gives a browser the GOV.UK "Page not found" page with the council’s contact details, at the root and under a council', async () => {
      for (const url of ['/nope', '/c/testshire/nope', '/services-that-are-not/here?x=1']) {
        const res = await get(url, BROWSER);
        assert.equal(res.statusCode, 404, url);
        assert.ok(isPage(res), `${url} is a page`);
        assert.equal(heading(res.body), 'Page not found');
        assert.match(res.body, /If the web address is correct or you selected a link or button, contact Testshire Council using the details below/);
        assert.match(res.body, /href="mailto:help@testshire\.example"/);
        assert.match(res.body, /<title>Page not found – Testshire Council<\/title>/);
      }
    });

    it('dresses a page under /c/{slug} as that council, with its links', async () => {
      const res = await get('/c/testshire/nope', BROWSER);
      assert.match(res.body, /href="\/c\/testshire\/feedback\?from=%2Fc%2Ftestshire%2Fnope"/);
    });

    it('says it in Welsh to a Welsh reader', async () => {
      const res = await get('/nope?lang=cy', BROWSER);
      assert.equal(res.statusCode, 404);
      assert.equal(heading(res.body), "Heb ddod o hyd i'r dudalen");
      assert.match(res.body, /defnyddiwch fanylion cyswllt Testshire Council isod/);
    });

    it('answers an API client, and anything under /api or /oruk, with problem+json', async () => {
      for (const [url, accept] of [['/nope', API_CLIENT], ['/nope', '*/*'], ['/api/nope', BROWSER], ['/c/testshire/api/nope', BROWSER], ['/oruk/nope', BROWSER]]) {
        const res = await get(url, accept);
        assert.equal(res.statusCode, 404, url);
        assert.ok(isProblem(res), `${url} with ${accept} is a problem`);
        assert.equal(res.json().status, 404);
      }
    });
  });

  describe('403', () => {
    it('gives a signed-in person without the role the "cannot do this here" page', async () => {
      const res = await resident.get('/admin/site');
      assert.equal(res.statusCode, 403);
      assert.ok(isPage(res));
      assert.equal(heading(res.body), 'You cannot do this here');
      assert.match(res.body, /ask one of the administrators at Testshire Council/);
      const cy = await resident.get('/admin/site?lang=cy');
      assert.equal(heading(cy.body), 'Ni allwch wneud hyn yma');
    });

    it('answers an API client with problem+json', async () => {
      const res = await get('/admin/site', API_CLIENT, resident.jar.header());
      assert.equal(res.statusCode, 403);
      assert.ok(isProblem(res));
      assert.equal(res.json().status, 403);
    });
  });

  describe('401', () => {
    it('tells a signed-out browser that posts to a staff page to sign in, and an API client the same as a problem', async () => {
      const browser = new Browser(hearth);
      await browser.get('/feedback');
      const res = await browser.post('/admin/site/cookies/en', { intro: 'x' });
      assert.equal(res.statusCode, 401);
      assert.ok(isPage(res));
      assert.equal(heading(res.body), 'Sign in required');
      const api = await hearth.app.inject({ method: 'POST', url: '/admin/site/cookies/en', headers: { accept: API_CLIENT, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, payload: 'intro=x' });
      assert.equal(api.statusCode, 401);
      assert.ok(isProblem(api));
    });
  });

  describe('500', () => {
    it('gives a browser "Sorry, there is a problem with the service" with nothing of the error', async () => {
      const res = await get('/boom', BROWSER);
      assert.equal(res.statusCode, 500);
      assert.ok(isPage(res));
      assert.equal(heading(res.body), 'Sorry, there is a problem with the service');
      assert.match(res.body, /Try again later/);
      assert.match(res.body, /If you need help now, contact Testshire Council using the details below/);
      assert.doesNotMatch(res.body, /hunter2|Error:|at .*\.ts:\d+/);
    });

    it('answers an API client with a problem that says nothing of the error', async () => {
      for (const [url, accept] of [['/boom', API_CLIENT], ['/api/boom', BROWSER]]) {
        const res = await get(url, accept);
        assert.equal(res.statusCode, 500, url);
        assert.ok(isProblem(res));
        assert.doesNotMatch(res.body, /hunter2|stack/);
      }
    });
  });

  describe('400', () => {
    it('gives a browser "There is a problem with your request" for input a page cannot take', async () => {
      const res = await get('/privacy?lang=en&q=%00', BROWSER);
      assert.equal(res.statusCode, 400);
      assert.ok(isPage(res));
      assert.equal(heading(res.body), 'There is a problem with your request');
      assert.match(res.body, /Go back and check what you entered/);
    });

    it('answers an API client with problem+json naming the parameter', async () => {
      const res = await get('/api/search?q=%00', BROWSER);
      assert.equal(res.statusCode, 400);
      assert.ok(isProblem(res));
      assert.equal(res.json().invalid_params[0].name, 'q');
    });
  });

  describe('429', () => {
    it('tells a browser to wait, and an API client the same as a problem, both with Retry-After', async () => {
      const browser = new Browser(hearth);
      let res = await browser.get('/feedback');
      for (let i = 0; i < 12 && res.statusCode !== 429; i++) {
        res = await browser.post('/feedback', { satisfaction: 'satisfied' });
        if (res.statusCode === 303) await browser.get('/feedback');
      }
      assert.equal(res.statusCode, 429);
      assert.ok(isPage(res));
      assert.equal(heading(res.body), 'Too many attempts');
      assert.match(res.body, /Wait \d+ seconds? and try again/);
      assert.ok(Number(res.headers['retry-after']) > 0);
      const api = await hearth.app.inject({
        method: 'POST',
        url: '/feedback',
        remoteAddress: browser.ip,
        headers: { accept: API_CLIENT, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'satisfaction=satisfied',
      });
      assert.equal(api.statusCode, 429);
      assert.ok(isProblem(api));
      assert.ok(Number(api.headers['retry-after']) > 0);
    });
  });
});

describe('error pages: a host no council claims', () => {
  it('is refused without being dressed as the default council', async () => {
    const hearth = await startTestHearth({ env: { HEARTH_PUBLIC_URL: 'https://help.testshire.example' } });
    try {
      const res = await hearth.app.inject({ url: '/nope', authority: 'evil.example', headers: { accept: BROWSER } });
      assert.equal(res.statusCode, 421);
      assert.ok(isProblem(res));
      assert.doesNotMatch(res.body, /Testshire/);
      const ours = await hearth.app.inject({ url: '/nope', headers: { accept: BROWSER } });
      assert.equal(ours.statusCode, 404);
      assert.ok(isPage(ours));
    } finally {
      await hearth.stop();
    }
  });
});

describe('error pages: the council admin', () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    const admin = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: admin.id, role: 'council_admin', scope: '', grantedBy: null });
  });
  after(() => hearth?.stop());

  it('sends a signed-out browser to sign in rather than showing an error', async () => {
    const res = await hearth.app.inject({ url: '/admin/site', headers: { accept: BROWSER } });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /sign-in/);
  });

  it('shows a council without contact details no contact paragraph', async () => {
    const res = await hearth.app.inject({ url: '/nope', headers: { accept: BROWSER } });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /using the details below/);
  });
});
