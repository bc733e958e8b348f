import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spelling, welshRadicals } from '../../../../src/blocks/directory/search/spelling.js';

describe('search: is a word correctly spelt, in English or in Welsh', () => {
  it('knows English words in every form, British spellings, and residents\' everyday words', async () => {
    const { isEnglish } = await spelling();
    for (const word of ['crying', 'trying', 'scared', 'better', 'brother', 'paid', 'gran', 'having', 'bought', 'counselling', 'skint', 'dementia', 'breastfeeding', 'Landlord']) {
      assert.ok(isEnglish(word), word);
    }
  });

  it('does not take typos, American spellings or run-together words for English', async () => {
    const { isEnglish } = await spelling();
    for (const word of ['fodbank', 'homless', 'bnak', 'counseling', 'councelling', 'benifits']) assert.ok(!isEnglish(word), word);
  });

  it('knows Welsh words, mutated or not, with or without their accents', async () => {
    const { isWelsh } = await spelling();
    for (const word of ['bwyd', 'banc', 'profedigaeth', 'cartref', 'trydan', 'chof', 'ngofal', 'gymraeg', 'blant', 'ddim', 'grŵp', 'grwp', 'cynnes']) assert.ok(isWelsh(word), word);
  });

  it('does not take English typos or made-up words for Welsh', async () => {
    const { isWelsh } = await spelling();
    for (const word of ['fodbank', 'homless', 'counseling', 'xyzzy', 'babis']) assert.ok(!isWelsh(word), word);
  });

  it('undoes each kind of initial mutation', () => {
    assert.ok(welshRadicals('chof').includes('cof'), 'aspirate');
    assert.ok(welshRadicals('ngofal').includes('gofal'), 'nasal');
    assert.ok(welshRadicals('mhlant').includes('plant'), 'nasal p');
    assert.ok(welshRadicals('blant').includes('plant'), 'soft');
    assert.ok(welshRadicals('ofal').includes('gofal'), 'soft g lost');
    assert.ok(welshRadicals('lyfrgell').includes('llyfrgell'), 'soft ll');
  });
});
