import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseLanguageCode } from '../../../../src/blocks/directory/search/languages.js';
import { dayIndex, londonMinuteOfWeek, minutesOfDay, openingWindow } from '../../../../src/blocks/directory/search/opening-hours.js';
import { SearchQuerySchema } from '../../../../src/blocks/directory/search/params.js';
import { matchNeeds, normaliseText, withAncestors } from '../../../../src/blocks/directory/search/synonyms.js';
import { chooseCorrection, editDistance } from '../../../../src/blocks/directory/search/typo.js';
import { validateAgainst } from '../../../../src/platform/http/validation.js';

describe('directory search: reading a query', () => {
  describe('need phrases', () => {
    const codes = (q: string) => matchNeeds(q).specific.map((t) => t.code);

    it('reads whole phrases before single words, apostrophes or not', () => {
      assert.deepEqual(codes("can't pay my rent"), ['eviction-and-arrears']);
      assert.deepEqual(codes('I CANT PAY MY RENT!'), ['eviction-and-arrears']);
      assert.deepEqual(matchNeeds("can't pay my rent").coverage, 1);
    });

    it('keeps the most specific needs and reports the broader ones too', () => {
      const m = matchNeeds('foodbank');
      assert.deepEqual(m.specific.map((t) => t.code), ['food-banks']);
      assert.ok(m.all.some((t) => t.code === 'food'));
    });

    it('knows common misspellings listed in the taxonomy', () => {
      assert.deepEqual(codes('food bnak'), ['food-banks']);
    });

    it('weighs a need by how much of the query it covers', () => {
      const m = matchNeeds('foodbank kingsmere');
      assert.equal(m.coverage, 0.5);
      assert.deepEqual(m.rest, ['kingsmere']);
      assert.equal(matchNeeds('xyzzy').coverage, 0);
    });

    it('does not read a need into glue words', () => {
      assert.deepEqual(codes('will'), []);
      assert.deepEqual(codes('help'), []);
    });

    it('walks up the tree', () => {
      assert.deepEqual(withAncestors('5b0e6c40-9a1f-4e2d-b3c4-000000000101'), ['5b0e6c40-9a1f-4e2d-b3c4-000000000101', '5b0e6c40-9a1f-4e2d-b3c4-000000000100']);
    });

    it('normalises accents, case and punctuation', () => {
      assert.equal(normaliseText('Café – Crèche’s  OPEN'), 'cafe creches open');
    });
  });

  describe('typo correction', () => {
    it('counts swaps of neighbouring letters as one edit', () => {
      assert.equal(editDistance('lonley', 'lonely'), 1);
      assert.equal(editDistance('counseling', 'counselling'), 1);
      assert.equal(editDistance('fodbank', 'foodbank'), 1);
      assert.equal(editDistance('abc', 'xyz'), 3);
    });

    it('picks the closest known word within the allowance, or none', () => {
      assert.equal(chooseCorrection('lonley', ['lone', 'lonely', 'only']), 'lonely');
      assert.equal(chooseCorrection('foodbank', ['foodbank', 'foodbanks']), undefined, 'a known word is left alone');
      assert.equal(chooseCorrection('bread', ['breakfast']), undefined);
      assert.equal(chooseCorrection('cafe', ['care', 'safe']), 'care', 'ties go to the trigram order');
    });
  });

  describe('opening times', () => {
    it('reads days and times', () => {
      assert.equal(dayIndex('mo'), 0);
      assert.equal(dayIndex('Thurs'), 3);
      assert.equal(dayIndex('SUNDAY'), 6);
      assert.equal(dayIndex('someday'), undefined);
      assert.equal(minutesOfDay('09:30'), 570);
      assert.equal(minutesOfDay('24:00'), undefined);
    });

    it('places a moment in the London week, summer time included', () => {
      assert.equal(londonMinuteOfWeek(new Date('2025-01-06T00:00:00Z')), 0, 'Monday midnight GMT');
      assert.equal(londonMinuteOfWeek(new Date('2025-07-06T22:59:00Z')), 6 * 1440 + 23 * 60 + 59, 'Sunday 23:59 BST');
      assert.equal(londonMinuteOfWeek(new Date('2025-07-06T23:00:00Z')), 0, 'Monday 00:00 BST');
    });

    it('turns day and time into a stretch of the week', () => {
      const wednesday = new Date('2025-03-05T10:30:00Z');
      assert.deepEqual(openingWindow('sa', '11:30', wednesday), { from: 5 * 1440 + 690, to: 5 * 1440 + 691 });
      assert.deepEqual(openingWindow('sa', undefined, wednesday), { from: 5 * 1440, to: 6 * 1440 });
      assert.deepEqual(openingWindow(undefined, '19:00', wednesday), { from: 2 * 1440 + 1140, to: 2 * 1440 + 1141 });
      assert.equal(openingWindow(undefined, undefined, wednesday), undefined);
    });
  });

  describe('parameters', () => {
    it('coerces and defaults what a query string gives', () => {
      const { value, errors } = validateAgainst<Record<string, unknown>>(SearchQuerySchema, { q: 'food', free: 'true', age: '30', accessibility: 'wheelchair', day: 'Monday' });
      assert.deepEqual(errors, []);
      assert.deepEqual(value, { q: 'food', free: true, age: 30, accessibility: ['wheelchair'], day: 'Monday', page: 1, per_page: 10 });
    });

    it('names what it refuses', () => {
      const { errors } = validateAgainst(SearchQuerySchema, { radius: '5', day: 'funday', time: '7pm', taxonomy_term: ['x'] });
      assert.deepEqual(errors.map((e) => e.name).sort(), ['day', 'radius', 'taxonomy_term', 'time']);
    });

    it('stores language codes by their primary subtag', () => {
      assert.equal(normaliseLanguageCode('pl-PL'), 'pl');
      assert.equal(normaliseLanguageCode('BSL'), 'bfi');
    });
  });
});
