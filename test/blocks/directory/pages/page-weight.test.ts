import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browserSkip, startBrowserHearth, type BrowserHearth } from './browser.js';

/** What a results page may cost to load, everything it requests included (transferred bytes). */
const BUDGET_BYTES = 150 * 1024;

describe('directory pages: page weight of the results page', { skip: browserSkip() }, () => {
  let env: BrowserHearth;
  before(async () => {
    env = await startBrowserHearth();
  });
  after(() => env?.close());

  it(`loads in at most ${BUDGET_BYTES / 1024} KB transferred, HTML, CSS and JavaScript included`, async () => {
    // A fresh context: nothing cached, as for a first visit.
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const responses: Array<{ url: string; type: string; encoding: string; bytes: Promise<number> }> = [];
    page.on('response', (response) => {
      const request = response.request();
      responses.push({
        url: response.url().replace(env.base, ''),
        type: request.resourceType(),
        encoding: response.headers()['content-encoding'] ?? 'none',
        // Encoded body as it came over the wire, plus its headers.
        bytes: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize),
      });
    });
    await page.goto(`${env.base}/search?q=food&near=AS1+1AA`);
    await page.waitForLoadState('networkidle');
    const rows = await Promise.all(responses.map(async (r) => ({ ...r, bytes: await r.bytes })));
    const total = rows.reduce((sum, r) => sum + r.bytes, 0);
    const report = rows.map((r) => `  ${String(r.bytes).padStart(7)}  ${r.type.padEnd(10)} ${r.encoding.padEnd(5)} ${r.url}`).join('\n');
    console.log(`results page: ${(total / 1024).toFixed(1)} KB transferred in ${rows.length} responses\n${report}`);
    // No font: councils use their own font stack of system fonts, not GOV.UK's web font.
    for (const type of ['document', 'stylesheet', 'script']) {
      assert.ok(rows.some((r) => r.type === type), `the page requested no ${type}: the measurement missed something`);
    }
    const uncompressed = rows.filter((r) => ['document', 'stylesheet', 'script'].includes(r.type) && r.encoding === 'none' && r.bytes > 2048);
    assert.deepEqual(
      uncompressed.map((r) => r.url),
      [],
      'text responses are sent uncompressed: register src/platform/http/compress.ts (registerCompression) in the HTTP server before its routes',
    );
    assert.ok(total <= BUDGET_BYTES, `the results page costs ${(total / 1024).toFixed(1)} KB, over the ${BUDGET_BYTES / 1024} KB budget\n${report}`);
    await context.close();
  });

  it('has no render-blocking script in the head', async () => {
    const res = await fetch(`${env.base}/search?q=food`);
    const html = await res.text();
    const head = /<head>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? '';
    const blocking = [...head.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !/\b(defer|async)\b|type="module"/i.test(tag));
    assert.deepEqual(blocking, []);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/i, 'no inline script (the CSP forbids it)');
  });
});
