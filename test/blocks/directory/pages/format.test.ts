import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Messages } from '../../../../src/platform/web/i18n.js';
import { formatAges, formatDate, formatDistance, formatMoney, formatTime, shortText } from '../../../../src/blocks/directory/pages/format.js';
import { describeOpeningTimes } from '../../../../src/blocks/directory/pages/opening-times.js';
import { pageNumbers, searchUrl } from '../../../../src/blocks/directory/pages/search-links.js';
import { parseIds } from '../../../../src/blocks/directory/pages/my-list-cookie.js';
import { safeWebUrl, safeEmail } from '../../../../src/blocks/directory/pages/service-view.js';
import { safeReturnPath } from '../../../../src/blocks/directory/pages/common.js';

const messages = new Messages().addFolder('src/platform/web/locales').addFolder('src/blocks/directory/locales');
const en = messages.translator('en');
const cy = messages.translator('cy');

const OFFICE = [
  { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00', description: 'Weekdays 9 to 5', notes: 'Closed on bank holidays.' },
  { freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '13:00' },
];

describe('directory page formatting', () => {
  it('writes dates in GOV.UK style, in the UK time zone, in both languages', () => {
    assert.equal(formatDate(en, '2026-03-03T10:00:00Z'), '3 March 2026');
    assert.equal(formatDate(cy, '2026-03-03'), '3 Mawrth 2026');
    // 23:30 UTC on 1 July is already 2 July in British Summer Time.
    assert.equal(formatDate(en, '2026-07-01T23:30:00Z'), '2 July 2026');
    assert.equal(formatDate(en, 'not a date'), undefined);
    assert.equal(formatDate(en, null), undefined);
  });

  it('writes times as people say them', () => {
    assert.equal(formatTime(en, '09:00:00'), '9am');
    assert.equal(formatTime(en, '17:30'), '5:30pm');
    assert.equal(formatTime(en, '12:00'), 'midday');
    assert.equal(formatTime(en, '00:00'), 'midnight');
    assert.equal(formatTime(cy, '09:00'), '9yb');
    assert.equal(formatTime(cy, '17:30'), '5:30yh');
    assert.equal(formatTime(en, 'soon'), undefined);
  });

  it('gives distances in miles to one decimal place', () => {
    assert.equal(formatDistance(en, 1287), '0.8 miles away');
    assert.equal(formatDistance(en, 16093), '10.0 miles away');
    assert.equal(formatDistance(cy, 1287), '0.8 milltir i ffwrdd');
    assert.equal(formatDistance(en, undefined), undefined);
  });

  it('says who a service is for by age, and what it costs', () => {
    assert.equal(formatAges(en, 16, 25), 'Ages 16 to 25');
    assert.equal(formatAges(en, 18, undefined), 'Ages 18 and over');
    assert.equal(formatAges(cy, undefined, 11), 'Hyd at 11 oed');
    assert.equal(formatAges(en, 0, undefined), undefined);
    assert.equal(formatMoney(5, 'GBP'), '£5');
    assert.equal(formatMoney(2.5, undefined), '£2.50');
    assert.equal(formatMoney(10, 'EUR'), '10 EUR');
  });

  it('shortens descriptions at a word boundary', () => {
    const text = 'word '.repeat(100);
    const short = shortText(text, 50);
    assert.ok(short.length <= 51);
    assert.ok(short.endsWith('word…'));
    assert.equal(shortText('Short.', 50), 'Short.');
  });
});

describe('opening times in words', () => {
  it('groups days and names the closed ones', () => {
    assert.deepEqual(describeOpeningTimes(en, OFFICE), ['Monday to Friday, 9am to 5pm', 'Saturday, 10am to 1pm', 'Closed Sunday', 'Closed on bank holidays.']);
  });

  it('writes Welsh with its mutations', () => {
    assert.deepEqual(describeOpeningTimes(cy, OFFICE).slice(0, 3), ['Dydd Llun i ddydd Gwener, 9yb i 5yh', 'Dydd Sadwrn, 10yb i 1yh', 'Ar gau ddydd Sul']);
    assert.deepEqual(describeOpeningTimes(cy, [{ freq: 'MONTHLY', byday: '2TU', opens_at: '10:00', closes_at: '12:00' }]), ['Ail ddydd Mawrth y mis, 10yb i ganol dydd']);
  });

  it('handles split days, non-adjacent days, month days, fortnights and round-the-clock', () => {
    assert.deepEqual(
      describeOpeningTimes(en, [
        { freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: '09:30', closes_at: '12:00' },
        { freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: '13:00', closes_at: '17:30' },
      ]),
      ['Monday, Wednesday and Friday, 9:30am to midday and 1pm to 5:30pm', 'Closed Tuesday, Thursday, Saturday and Sunday'],
    );
    assert.deepEqual(describeOpeningTimes(en, [{ freq: 'MONTHLY', byday: '-1FR', opens_at: '19:00', closes_at: '21:00' }]), ['Last Friday of the month, 7pm to 9pm']);
    assert.deepEqual(describeOpeningTimes(en, [{ freq: 'WEEKLY', interval: 2, byday: 'TH', opens_at: '18:30', closes_at: '20:00' }]), ['Every other Thursday, 6:30pm to 8pm']);
    assert.deepEqual(describeOpeningTimes(en, [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59:59' }]), ['Every day, 24 hours']);
    assert.deepEqual(describeOpeningTimes(en, [{ freq: 'WEEKLY', byday: 'SA,SU', opens_at: '10:00', closes_at: '16:00' }]).slice(0, 1), ['Saturday and Sunday, 10am to 4pm']);
  });

  it('shows description-only schedules as written and never contradicts them', () => {
    const lines = describeOpeningTimes(en, [
      { freq: 'WEEKLY', byday: 'MO', opens_at: '10:00', closes_at: '12:00' },
      { description: 'Also some Saturdays by appointment.' },
    ]);
    assert.deepEqual(lines, ['Monday, 10am to midday', 'Also some Saturdays by appointment.']);
  });

  it('leaves out schedules that have ended', () => {
    assert.deepEqual(describeOpeningTimes(en, [{ freq: 'WEEKLY', byday: 'MO', opens_at: '10:00', closes_at: '12:00', valid_to: '2020-01-01' }]), []);
    // By London's date: at 00:30 on 1 July (summer time) a closure that ended on 30 June is over,
    // though it is still 30 June in UTC.
    const closedTo30June = [{ valid_from: '2026-06-29', valid_to: '2026-06-30', description: 'Closed for training' }];
    assert.deepEqual(describeOpeningTimes(en, closedTo30June, new Date('2026-06-30T23:30:00Z')), []);
    assert.deepEqual(describeOpeningTimes(en, closedTo30June, new Date('2026-06-30T22:30:00Z')), ['Closed for training']);
  });
});

describe('page links and input handling', () => {
  it('writes search links in a stable order without defaults', () => {
    assert.equal(searchUrl('/c/x', { near: 'AS1 1AA', q: 'food', page: '1', per_page: '10', delivery: ['online', 'phone'] }), '/c/x/search?q=food&near=AS1+1AA&delivery=online&delivery=phone');
    assert.deepEqual(pageNumbers(5, 10), [1, 'gap', 3, 4, 5, 6, 7, 'gap', 10]);
    assert.deepEqual(pageNumbers(1, 3), [1, 2, 3]);
  });

  it('keeps only well-formed ids in a list, at most 50', () => {
    const id = '0f5c2a10-7d4e-4b8a-8c11-000000000001';
    assert.deepEqual(parseIds(`${id.toUpperCase()},nonsense,${id}`, /[,]/), { ids: [id], dropped: 1 });
    const many = Array.from({ length: 60 }, (_, i) => `0f5c2a10-7d4e-4b8a-8c11-${String(i).padStart(12, '0')}`).join('.');
    assert.equal(parseIds(many).ids.length, 50);
  });

  it('links only to http(s) sites and well-formed email addresses', () => {
    assert.equal(safeWebUrl('javascript:alert(1)'), undefined);
    assert.equal(safeWebUrl('example.org/help'), 'https://example.org/help');
    assert.equal(safeWebUrl('http://example.org'), 'http://example.org/');
    assert.equal(safeEmail('help@example.org'), 'help@example.org');
    assert.equal(safeEmail('not an email'), undefined);
  });

  it('sends people back only to pages of the same council', () => {
    assert.equal(safeReturnPath('', '/services/abc?x=1', '/my-list'), '/services/abc?x=1');
    assert.equal(safeReturnPath('', '//evil.example/', '/my-list'), '/my-list');
    assert.equal(safeReturnPath('', 'https://evil.example/', '/my-list'), '/my-list');
    assert.equal(safeReturnPath('/c/x', '/c/y/services', '/c/x/my-list'), '/c/x/my-list');
    assert.equal(safeReturnPath('', '/\\evil.example', '/my-list'), '/my-list');
  });
});
