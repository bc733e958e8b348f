import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Messages } from '../../../src/platform/web/i18n.js';

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
