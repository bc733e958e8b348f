import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFontStack } from '../../../src/platform/web/font-stack.js';

describe('font stacks', () => {
  it('writes a stack out the one way: names quoted, generic families bare', () => {
    assert.deepEqual(checkFontStack(`'Open  Sans', Verdana,SANS-SERIF`), { stack: '"Open Sans", "Verdana", sans-serif' });
  });

  it('refuses anything that is not a family name, so nothing can leave the CSS value', () => {
    for (const bad of ['Arial; } body { display: none', 'url(https://evil.example/x.woff)', 'Arial</style><script>', 'Ari\\61l', '"Arial', '', 'Arial,,sans-serif']) {
      const checked = checkFontStack(bad);
      assert.ok('problem' in checked && checked.problem === 'font_family', bad);
    }
  });

  it("refuses GOV.UK's own typeface however it is written", () => {
    for (const reserved of ['GDS Transport', '"gds  transport", arial', 'GDS-Transport', 'GDSTransportWebsite, sans-serif']) {
      assert.deepEqual(checkFontStack(reserved), { problem: 'font_reserved' }, reserved);
    }
  });
});
