import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../../../src/platform/config.js';
import { DEFAULT_FONT_FAMILY, deploymentFontStack, fontStack } from '../../../../src/platform/web/font-stack.js';
import { govukStylesheet } from '../../../../src/platform/web/sass/stylesheet.js';

describe('GOV.UK Frontend built from its Sass for a council', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-sass-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes a font stack one way, and refuses GDS Transport and anything that is not a font name', () => {
    assert.equal(deploymentFontStack({}), '"Arial", "Helvetica Neue", "Helvetica", sans-serif', 'by default');
    assert.equal(deploymentFontStack({ HEARTH_FONT_FAMILY: 'Verdana' }), '"Verdana"');
    assert.equal(fontStack(DEFAULT_FONT_FAMILY), '"Arial", "Helvetica Neue", "Helvetica", sans-serif');
    assert.equal(fontStack("'Open Sans',  Verdana , SANS-SERIF"), '"Open Sans", "Verdana", sans-serif');
    assert.throws(() => fontStack('"GDS Transport", arial, sans-serif'), (e: Error) => e instanceof ConfigError && /GDS Transport, which only GOV.UK may use/.test(e.message));
    assert.throws(() => fontStack('gds  transport'), ConfigError);
    for (const bad of ['Arial); } body { color: red', 'Arial, ', '"Arial', 'Arial; x', '#{foo}']) {
      assert.throws(() => fontStack(bad), (e: Error) => e instanceof ConfigError && /HEARTH_FONT_FAMILY must be font family names/.test(e.message), bad);
    }
  });

  it('compiles one sheet for every council into the cache folder, and reads it from there after', async () => {
    const compiled = await govukStylesheet({ cacheDir: dir });
    assert.ok(compiled.compiledMs !== undefined, 'compiled now');
    const families = [...compiled.css.matchAll(/font-family:([^;}]*)/g)].map((m) => m[1]);
    assert.ok(families.length > 40, `GOV.UK Frontend sets a font family in many rules (${families.length})`);
    assert.deepEqual(new Set(families), new Set(['var(--hearth-font-family, sans-serif)', 'sans-serif']), 'every rule takes the council font from theme.css (print: sans-serif)');
    assert.doesNotMatch(compiled.css, /Arial|Helvetica/, 'no font stack compiled in: no council would be rid of it');
    assert.doesNotMatch(compiled.css, /GDS Transport/);
    assert.doesNotMatch(compiled.css, /@font-face/);
    assert.doesNotMatch(compiled.css, /url\(/, 'no font, no Royal Arms: the sheet names no asset at all');
    assert.match(compiled.css, /--govuk-brand-colour:/, 'colours are custom properties each council sets');
    const files = await readdir(dir);
    assert.deepEqual(files, [compiled.href.replace('/static/', '')], 'one file, named by its inputs, nothing half-written left');

    const again = await govukStylesheet({ cacheDir: dir });
    assert.equal(again.css, compiled.css);

    // Another process (another cache key here) finds the file and does not compile.
    const elsewhere = await mkdtemp(join(tmpdir(), 'hearth-sass-copy-'));
    try {
      await copyFile(join(dir, files[0]), join(elsewhere, files[0]));
      const read = await govukStylesheet({ cacheDir: elsewhere });
      assert.equal(read.compiledMs, undefined, 'read from the cache, not compiled');
      assert.equal(read.css, compiled.css);
      assert.equal(read.href, compiled.href);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
