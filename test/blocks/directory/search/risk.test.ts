import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { showsRiskToLife } from '../../../../src/blocks/directory/search/risk.js';

describe('directory search: words that show a risk to life', () => {
  const shows = [
    'suicidal',
    'Suicidal thoughts',
    'I want to die',
    'want to die',
    'wanna die',
    'kill myself',
    'how do i kill my self',
    'killmyself',
    'end it all',
    "I don't want to live any more",
    'i dont want to be here anymore',
    'thinking about ending my life',
    'better off dead',
    'self harm',
    'self-harm',
    'selfharm help',
    'suicide',
    'suicide prevention',
    'bereaved by suicide',
    // Common misspellings.
    'sucidal',
    'suicidle',
    'suisidal',
    'kil myself',
    'kill myslef',
    // Welsh, with and without its accents and mutations.
    'hunanladdol',
    'eisiau marw',
    'Dw i eisiau marw',
    'isio marw',
    'lladd fy hun',
    'meddwl am ladd fy hunan',
    'hunan-niweidio',
    'HUNANLADDOL',
  ];
  for (const q of shows) it(`shows crisis help for "${q}"`, () => assert.equal(showsRiskToLife(q), true));

  const doesNot = [
    '',
    'food bank',
    'suicide prevention training for staff',
    'suicide awareness course',
    'self harm training for teachers',
    'hyfforddiant atal hunanladdiad',
    'want to dine out',
    'die casting',
    'kill weeds',
    'end of tenancy',
    'I want to diet',
    'dead bird collection',
    'marw', // "dead" alone: too many other meanings (a death in the family)
    'after a death',
  ];
  for (const q of doesNot) it(`does not for "${q}"`, () => assert.equal(showsRiskToLife(q), false));

  it('first-person words show it even among work words', () => {
    assert.equal(showsRiskToLife('I want to kill myself, training course'), true);
  });
});
