import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Messages } from '../../../src/platform/web/i18n.js';
import { contrastWithWhite, themeCss } from '../../../src/platform/web/theme.js';

const catalogueFolders = ['src/platform/web/locales', ...readdirSync('src/blocks').map((b) => join('src/blocks', b, 'locales'))];

describe('messages', () => {
  it('has every key in both English and Welsh, in every catalogue', () => {
    for (const folder of catalogueFolders) {
      let files: string[];
      try {
        files = readdirSync(folder).filter((f) => f.endsWith('en.json'));
      } catch {
        continue;
      }
      for (const en of files) {
        const cy = en.replace(/en\.json$/, 'cy.json');
        const enKeys = Object.keys(JSON.parse(readFileSync(join(folder, en), 'utf8'))).sort();
        const cyKeys = Object.keys(JSON.parse(readFileSync(join(folder, cy), 'utf8'))).sort();
        assert.deepEqual(cyKeys, enKeys, `${folder}/${cy} and ${en} differ`);
      }
    }
  });

  it('fills placeholders and plurals, falling back to English', () => {
    const messages = new Messages().addFolder('src/platform/web/locales');
    const t = messages.translator('cy');
    assert.equal(t('layout.contact', { council: 'Cyngor' }), 'Cysylltu â Cyngor');
    assert.equal(t('no.such.key'), 'no.such.key');
  });
});

describe('council theme', () => {
  it('checks colour contrast with white text', () => {
    assert.ok(contrastWithWhite('#1d70b8') >= 4.5);
    assert.ok(contrastWithWhite('#ffdd00') < 4.5);
  });
  it('serves the council colour as CSS custom properties', () => {
    const css = themeCss({ colourPrimary: '#4c2c92' } as Parameters<typeof themeCss>[0]);
    assert.match(css, /--hearth-council-colour: #4c2c92/);
  });
});
