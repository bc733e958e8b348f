import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { addCouncil, updateCouncil } from '../../../src/platform/councils.js';
import { ConfigError } from '../../../src/platform/config.js';
import { createHttpServer } from '../../../src/platform/http/server.js';
import { Messages } from '../../../src/platform/web/i18n.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { browserSkip, CHROMIUM } from '../../blocks/directory/pages/browser.js';

/** GOV.UK's own marks: the crown (GOV.UK logo), the Royal Arms (crest) and Crown copyright. */
const GOVUK_MARKS = /govuk-logo|govuk-footer__crown|govuk-footer__copyright-logo|govuk-crest|Crown copyright|govuk-header/;

describe("the council's own brand, not GOV.UK's", () => {
  let hearth: TestHearth;
  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, {
      slug: 'ashdown',
      name: 'Ashdown Borough Council',
      colourPrimary: '#4c2c92',
      logoUrl: 'https://ashdown.example/logo.svg',
      contactEmail: 'help@ashdown.example',
      contactPhone: '01234 567890',
      contactUrl: 'https://ashdown.example/contact',
      address: 'Town Hall\nAshdown AS1 1AA',
      licenceText: 'Text © Ashdown, under [our reuse terms]',
      licenceUrl: 'https://ashdown.example/terms',
    });
    // A council with a font stack of its own, on the same server as two without.
    await addCouncil(hearth.db, { slug: 'brook', name: 'Brook District Council' });
    await updateCouncil(hearth.db, 'brook', { fontFamily: "Verdana, 'DejaVu Sans', sans-serif" });
    await hearth.councils.reload();
  });
  after(() => hearth.stop());

  const html = async (url: string) => {
    const res = await hearth.app.inject({ url, headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200, url);
    return res.body;
  };
  const stylesheets = (page: string) => [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));

  for (const [what, url] of [['English', '/'], ['Welsh', '/?lang=cy'], ['another council', '/c/ashdown/'], ['a form page', '/c/ashdown/sign-in?lang=cy']] as const) {
    it(`shows no crown, no Royal Arms and no GDS Transport (${what})`, async () => {
      const res = await hearth.app.inject({ url, headers: { accept: 'text/html' } });
      assert.doesNotMatch(res.body, GOVUK_MARKS);
      assert.doesNotMatch(res.body, /GDS Transport|\/assets\//);
      const sheets = stylesheets(res.body);
      assert.equal(sheets.length, 3, 'GOV.UK Frontend as compiled for councils, hearth.css, the council theme');
      for (const sheet of sheets) {
        const css = await hearth.app.inject(sheet);
        assert.equal(css.statusCode, 200, sheet);
        assert.doesNotMatch(css.body, /GDS Transport|@font-face|govuk-crest|url\(/, sheet);
      }
      const govuk = (await hearth.app.inject(sheets[0])).body;
      assert.match(govuk, /font-family:var\(--hearth-font-family, sans-serif\)/, 'every council\'s font through one compiled sheet');
      const theme = (await hearth.app.inject(sheets[2])).body;
      assert.match(theme, /--hearth-font-family: "Arial", "Helvetica Neue", "Helvetica", sans-serif;/, 'the deployment\'s font stack: this council has none of its own');
    });
  }

  /** Every rule of a stylesheet that sets a font family, as [selectors, family]. */
  const fontRules = (css: string) => [...css.matchAll(/([^{}]+)\{[^{}]*?(?<![-\w])font-family:([^;}]+)/g)].map((m) => [m[1].trim(), m[2].trim()] as const);

  it("sets a council's own font stack for its body text, headings, buttons and inputs, and no rule names the deployment's font", async () => {
    const page = await html('/c/brook/sign-in');
    const sheets = stylesheets(page);
    const [govuk, hearthCss, theme] = await Promise.all(sheets.map(async (sheet) => (await hearth.app.inject(sheet)).body));
    assert.match(theme, /--hearth-font-family: "Verdana", "DejaVu Sans", sans-serif;/);
    const rules = fontRules(govuk);
    for (const selector of ['.govuk-body', '.govuk-heading-l', '.govuk-button', '.govuk-input', '.govuk-label', '.govuk-footer']) {
      const named = rules.filter(([selectors]) => selectors.split(',').some((s) => s.trim() === selector));
      assert.ok(named.length, `a rule sets ${selector}'s font`);
      assert.ok(named.some(([, family]) => family === 'var(--hearth-font-family, sans-serif)'), `${selector} takes the council's font`);
    }
    for (const [what, css] of [['GOV.UK Frontend', govuk], ['hearth.css', hearthCss], ['theme.css', theme]] as const) {
      assert.doesNotMatch(css, /Arial|Helvetica/, `${what} names the deployment's font`);
      for (const [selectors, family] of fontRules(css)) {
        assert.ok(['var(--hearth-font-family, sans-serif)', 'sans-serif', 'inherit'].includes(family), `${selectors}: ${family}`);
      }
    }
    assert.match(page, /href="\/c\/brook\/theme\.css\?colour=1d70b8&amp;font=[0-9a-f]{8}"/);
    const [, , otherTheme] = stylesheets(await html('/c/ashdown/'));
    assert.notEqual(otherTheme.split('font=')[1], sheets[2].split('font=')[1], 'another font, another address');
    assert.equal(sheets[0], stylesheets(await html('/c/ashdown/'))[0], 'one GOV.UK stylesheet for both');
  });

  it('does not serve GOV.UK Frontend\'s own fonts, crest, crown icons or precompiled stylesheet', async () => {
    for (const url of [
      '/static/govuk-frontend.min.css',
      '/assets/fonts/bold-b542beb274-v2.woff2',
      '/assets/fonts/light-94a07e06a1-v2.woff2',
      '/assets/images/govuk-crest.svg',
      '/assets/images/favicon.ico',
      '/assets/images/govuk-icon-180.png',
    ]) {
      assert.equal((await hearth.app.inject(url)).statusCode, 404, url);
    }
    assert.equal((await hearth.app.inject('/static/favicon.svg')).statusCode, 200);
    assert.equal((await hearth.app.inject('/static/govuk-frontend.min.js')).statusCode, 200, 'the JavaScript stays');
  });

  it('serves the compiled stylesheet compressed and cacheable for good (its name changes with its inputs)', async () => {
    const [sheet] = stylesheets(await html('/'));
    assert.match(sheet, /^\/static\/govuk-[0-9a-f]{16}\.css$/);
    const res = await hearth.app.inject({ url: sheet, headers: { 'accept-encoding': 'br' } });
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers['cache-control']), /immutable/);
    assert.match(String(res.headers['content-type']), /^text\/css/);
  });

  it("puts the council's logo, contact details, licence and copyright in the footer, with the pages the law expects", async () => {
    const page = await html('/c/ashdown/?lang=cy');
    const footer = page.slice(page.indexOf('<footer'), page.indexOf('</footer>'));
    assert.match(footer, /<img src="https:\/\/ashdown.example\/logo.svg" alt="" class="hearth-footer__logo">/);
    for (const path of ['accessibility', 'privacy', 'cookies', 'feedback', 'open-data']) assert.match(footer, new RegExp(`href="/c/ashdown/${path}"`));
    assert.match(footer, />Datganiad hygyrchedd</);
    assert.match(footer, /href="https:\/\/ashdown.example\/contact">Cysylltu â Ashdown Borough Council</);
    assert.match(footer, /Town Hall<br>Ashdown AS1 1AA<br>/);
    assert.match(footer, /href="mailto:help@ashdown.example"/);
    assert.match(footer, /Text © Ashdown, under <a class="govuk-footer__link" href="https:\/\/ashdown.example\/terms" rel="license">our reuse terms<\/a>/);
    assert.doesNotMatch(footer, /govuk-footer__licence-logo/, 'no OGL symbol on another licence');
    assert.match(footer, /© Ashdown Borough Council/);
    const theme = stylesheets(page)[2];
    assert.match(theme, /^\/c\/ashdown\/theme\.css\?colour=4c2c92&font=[0-9a-f]{8}$/, 'a new colour is a new address, fetched at once');
    assert.match((await hearth.app.inject(theme)).body, /--govuk-brand-colour: #4c2c92;/);
  });

  it('shows the Open Government Licence by default, with its symbol (letters, no crown)', async () => {
    const page = await html('/');
    assert.match(page, /class="govuk-footer__licence-logo"/);
    assert.match(page, /under the <a class="govuk-footer__link" href="https:\/\/www.nationalarchives.gov.uk\/doc\/open-government-licence\/version\/3\/" rel="license">Open Government Licence v3.0<\/a>, except where otherwise stated/);
  });

  it('refuses to start with GDS Transport as the font', async () => {
    const config = { ...hearth.config, env: { ...hearth.config.env, HEARTH_FONT_FAMILY: '"GDS Transport", arial, sans-serif' } };
    const start = createHttpServer({ ctx: { ...hearth.ctx, config }, blocks: hearth.blocks, councils: hearth.councils, messages: new Messages() });
    await assert.rejects(start, (e: Error) => e instanceof ConfigError && /GDS Transport, which only GOV.UK may use/.test(e.message));
  });
});

describe("the council's brand in Chromium", { skip: browserSkip() }, () => {
  let hearth: TestHearth;
  let browser: Browser;
  let base: string;
  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, { slug: 'brook', name: 'Brook District Council' });
    await updateCouncil(hearth.db, 'brook', { fontFamily: 'Verdana, "DejaVu Sans", sans-serif' });
    await hearth.councils.reload();
    await hearth.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hearth.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  it('loads no web font, sets text in the council font stack and shows no GOV.UK image', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: { url: string; type: string; status: number }[] = [];
    page.on('response', (r) => requested.push({ url: r.url().replace(base, ''), type: r.request().resourceType(), status: r.status() }));
    await page.goto(`${base}/`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested.filter((r) => r.type === 'font' || r.status >= 400), [], 'no font requested, nothing missing');
    const fonts = await page.evaluate(() =>
      ['.govuk-phase-banner__text', '.govuk-footer__link', '.hearth-header__council', 'h1, .govuk-heading-xl, .govuk-heading-l'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).fontFamily : `missing ${s}`;
      }),
    );
    for (const family of fonts) assert.equal(family, 'Arial, "Helvetica Neue", Helvetica, sans-serif');
    const images = await page.evaluate(() =>
      [...document.querySelectorAll('footer *')].flatMap((el) => {
        const style = getComputedStyle(el);
        return [style.backgroundImage, style.maskImage].filter((v) => v && v !== 'none');
      }),
    );
    assert.deepEqual(images, [], 'no background or mask image in the footer (the Royal Arms is one)');
    assert.equal(await page.locator('footer svg').count(), 1, 'the one SVG is the OGL symbol');
    assert.equal(await page.locator('footer svg.govuk-footer__licence-logo').count(), 1);
    await context.close();
  });

  it("sets a council's body text and buttons in its own font stack, while another council keeps the deployment's", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fontsOf = () =>
      page.evaluate(() =>
        ['main p.govuk-body', 'main .govuk-button', 'main .govuk-input', 'h1'].map((s) => {
          const el = document.querySelector(s);
          return el ? getComputedStyle(el).fontFamily : `missing ${s}`;
        }),
      );
    await page.goto(`${base}/c/brook/sign-in`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await fontsOf(), Array(4).fill('Verdana, "DejaVu Sans", sans-serif'), 'body text, button, input, heading');
    await page.goto(`${base}/sign-in`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await fontsOf(), Array(4).fill('Arial, "Helvetica Neue", Helvetica, sans-serif'), 'the default council');
    await context.close();
  });
});
