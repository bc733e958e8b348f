import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contrast, contrastWithWhite, councilFontStack, councilPalette, MIN_CONTRAST, themeCss, themeHref } from '../../../src/platform/web/theme.js';

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
/** Colours a council may choose: white text on them is readable. */
const councilColour = hex.filter((c) => contrastWithWhite(c) >= MIN_CONTRAST);

describe('council theme', () => {
  it('measures contrast as WCAG does', () => {
    assert.equal(contrast('#ffffff', '#000000').toFixed(1), '21.0');
    assert.ok(contrastWithWhite('#1d70b8') >= 4.5);
    assert.ok(contrastWithWhite('#ffdd00') < 4.5);
  });

  it('recolours GOV.UK Frontend through its custom properties: brand, links, footer surface', () => {
    const css = themeCss({ colourPrimary: '#4c2c92' }, '"Arial", sans-serif');
    assert.match(css, /--hearth-council-colour: #4c2c92;/);
    assert.match(css, /--govuk-brand-colour: #4c2c92;/);
    assert.match(css, /--govuk-link-colour: #[0-9a-f]{6};/);
    assert.match(css, /--govuk-template-background-colour: #[0-9a-f]{6};/);
    assert.doesNotMatch(css, /--govuk-focus-colour/, 'focus stays GOV.UK yellow, visible on any council colour');
  });

  it("sets the council's own font stack, else the deployment's, and names both in its address", () => {
    const deployment = '"Arial", sans-serif';
    assert.match(themeCss({ colourPrimary: '#4c2c92' }, deployment), /--hearth-font-family: "Arial", sans-serif;/);
    const own = themeCss({ colourPrimary: '#4c2c92', fontFamily: '"Verdana", sans-serif' }, deployment);
    assert.match(own, /--hearth-font-family: "Verdana", sans-serif;/);
    assert.doesNotMatch(own, /Arial/);
    const plain = themeHref('/c/ashdown', { colourPrimary: '#4c2c92' }, deployment);
    assert.match(plain, /^\/c\/ashdown\/theme\.css\?colour=4c2c92&font=[0-9a-f]{8}$/);
    assert.notEqual(themeHref('/c/ashdown', { colourPrimary: '#4c2c92', fontFamily: '"Verdana", sans-serif' }, deployment), plain, 'a new font is a new address');
    assert.notEqual(themeHref('/c/ashdown', { colourPrimary: '#4c2c92' }, '"Verdana"'), plain, 'so is a new deployment font');
  });

  it('never lets a stored font stack that fails the check reach CSS (written to the table by hand)', () => {
    for (const bad of ['Arial; } body { display: none', 'x</style>', '"GDS Transport"', 'url(https://evil.example/f.woff)']) {
      assert.equal(councilFontStack({ fontFamily: bad }, '"Arial"'), '"Arial"', bad);
      assert.match(themeCss({ colourPrimary: '#1d70b8', fontFamily: bad }, '"Arial"'), /--hearth-font-family: "Arial";\n\}\n$/, bad);
    }
  });

  it('keeps links at 4.5:1 on white and on the footer tint, for every colour a council may choose', () => {
    fc.assert(
      fc.property(councilColour, (colour) => {
        const palette = councilPalette(colour);
        assert.equal(palette.brand, colour);
        assert.ok(contrast(palette.link, '#ffffff') >= MIN_CONTRAST, `${palette.link} on white`);
        assert.ok(contrast(palette.link, palette['surface-background']) >= MIN_CONTRAST, `${palette.link} on ${palette['surface-background']}`);
        assert.ok(contrast(palette['link-hover'], palette['surface-background']) >= MIN_CONTRAST);
        for (const value of Object.values(palette)) assert.match(value, /^#[0-9a-f]{6}$/);
      }),
      { numRuns: 500 },
    );
  });
});
