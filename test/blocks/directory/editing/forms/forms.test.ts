import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAccessibility, accessibilityValues } from '../../../../../src/blocks/directory/editing/forms/accessibility.js';
import { applyContacts, readContacts } from '../../../../../src/blocks/directory/editing/forms/contacts.js';
import { applyCosts, costsValues, parseAmount } from '../../../../../src/blocks/directory/editing/forms/costs.js';
import { applyEligibility } from '../../../../../src/blocks/directory/editing/forms/eligibility.js';
import { parseDate, parseTime, type FieldError } from '../../../../../src/blocks/directory/editing/forms/fields.js';
import { applyLanguages } from '../../../../../src/blocks/directory/editing/forms/languages.js';
import { applyAddLocation, checkAddress } from '../../../../../src/blocks/directory/editing/forms/locations.js';
import { applyOpeningTimes, openingTimesValues, readOpeningTimes } from '../../../../../src/blocks/directory/editing/forms/opening-times.js';
import { applyStatus, readStatus, statusValues } from '../../../../../src/blocks/directory/editing/forms/status.js';
import type { Location, Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import { validateService } from '../../../../../src/blocks/directory/oruk/validate.js';

const base: Service = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Lunch club',
  description: 'Lunch',
  status: 'active',
  organization: { id: '22222222-2222-4222-8222-222222222222', name: 'Club', description: 'A club' },
  schedules: [
    { id: '33333333-3333-4333-8333-333333333331', freq: 'WEEKLY', byday: 'TU', opens_at: '12:00', closes_at: '14:00' },
    // Monthly: the form cannot express it, so it is kept as it is.
    { id: '33333333-3333-4333-8333-333333333332', freq: 'MONTHLY', byday: '1FR', opens_at: '18:00', closes_at: '20:00' },
  ],
};

const words = (from: string, to: string, reason: string) => `Closed ${from} to ${to}: ${reason}`;
const keys = (errors: FieldError[] | undefined) => (errors ?? []).map((e) => `${e.field}:${e.key.replace('directory.edit.error.', '')}`);
/** Whatever a form builds must be a valid ORUK service. */
const valid = (service: Service) => assert.deepEqual(validateService(service).problems, []);

describe('edit forms: form ↔ ORUK document', () => {
  it('reads times as people type them', () => {
    assert.equal(parseTime('9'), '09:00');
    assert.equal(parseTime('9.30'), '09:30');
    assert.equal(parseTime('2:30pm'), '14:30');
    assert.equal(parseTime('12am'), '00:00');
    assert.equal(parseTime('midday'), '12:00');
    assert.equal(parseTime('midnight', true), '24:00');
    assert.equal(parseTime('25:00'), undefined);
    assert.equal(parseTime('9:75'), undefined);
    assert.equal(parseTime('13pm'), undefined);
  });

  it('checks dates the GOV.UK way', () => {
    const errors: FieldError[] = [];
    assert.equal(parseDate(errors, 'd', { day: '29', month: '2', year: '2028' }, 'x'), '2028-02-29');
    assert.equal(parseDate(errors, 'd', { day: '29', month: '2', year: '2027' }, 'x'), null);
    assert.equal(parseDate(errors, 'e', { day: '1', month: '', year: '2027' }, 'x'), null);
    assert.deepEqual(keys(errors), ['d-day:date_real', 'e-month:date_missing_month']);
  });

  it('opening times: sessions grouped by times into weekly rows, closures as dated rows, other rows kept', () => {
    const { values } = readOpeningTimes({
      'mo-0-opens': '9', 'mo-0-closes': '12', 'mo-1-opens': '13:00', 'mo-1-closes': '5pm',
      'tu-0-opens': '12', 'tu-0-closes': '2pm', 'th-0-opens': '9', 'th-0-closes': '12',
      'closure-0-from-day': '1', 'closure-0-from-month': '8', 'closure-0-from-year': '2027',
      'closure-0-to-day': '14', 'closure-0-to-month': '8', 'closure-0-to-year': '2027', 'closure-0-reason': 'Summer break',
    });
    const result = applyOpeningTimes(base, values, words);
    assert.equal(result.errors, undefined);
    const schedules = result.document!.schedules!;
    assert.deepEqual(schedules.filter((s) => s.freq === 'WEEKLY').map((s) => [s.byday, s.opens_at, s.closes_at]), [
      ['MO,TH', '09:00', '12:00'],
      ['MO', '13:00', '17:00'],
      ['TU', '12:00', '14:00'],
    ]);
    // The unchanged Tuesday row keeps its id, so the change shows only what changed.
    assert.equal(schedules.find((s) => s.byday === 'TU')!.id, base.schedules![0].id);
    const closure = schedules.find((s) => s.valid_from)!;
    assert.deepEqual([closure.valid_from, closure.valid_to, closure.notes, closure.description], ['2027-08-01', '2027-08-14', 'Summer break', 'Closed 2027-08-01 to 2027-08-14: Summer break']);
    assert.ok(schedules.some((s) => s.byday === '1FR'), 'the monthly row is kept');
    valid(result.document!);
    // And back into the form.
    const back = openingTimesValues(result.document!);
    assert.deepEqual(back.days.MO, [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '17:00' }]);
    assert.equal(back.closures[0].reason, 'Summer break');
  });

  it('opening times: refuses times in the wrong order, overlapping sessions, a half-given session and a closure ending before it starts', () => {
    const { values } = readOpeningTimes({
      'mo-0-opens': '14:00', 'mo-0-closes': '9:00',
      'tu-0-opens': '9', 'tu-0-closes': '12', 'tu-1-opens': '11', 'tu-1-closes': '13',
      'we-0-opens': '9', 'we-0-closes': '',
      'closure-0-from-day': '5', 'closure-0-from-month': '1', 'closure-0-from-year': '2027',
      'closure-0-to-day': '4', 'closure-0-to-month': '1', 'closure-0-to-year': '2027', 'closure-0-reason': 'x',
      'closure-1-from-day': '', 'closure-1-from-month': '', 'closure-1-from-year': '', 'closure-1-reason': 'No dates',
    });
    assert.deepEqual(keys(applyOpeningTimes(base, values, words).errors), [
      'mo-0-closes:closes_before_opens', 'tu-1-opens:sessions_overlap', 'we-0-closes:closes_missing', 'closure-0-to-day:closure_order', 'closure-1-from-day:date_missing',
    ]);
  });

  it('opening times: "add another" and "remove" buttons change the rows only', () => {
    const added = readOpeningTimes({ action: 'add-we', 'we-0-opens': '9', 'we-0-closes': '10' });
    assert.equal(added.rowsChanged, true);
    assert.equal(added.values.days.WE.length, 2);
    const removed = readOpeningTimes({ action: 'remove-we-0', 'we-0-opens': '9', 'we-0-closes': '10', 'we-1-opens': '11', 'we-1-closes': '12' });
    assert.deepEqual(removed.values.days.WE, [{ opens: '11', closes: '12' }]);
  });

  it('eligibility: ages in order, whole years', () => {
    assert.deepEqual(keys(applyEligibility(base, { description: '', minimumAge: '60', maximumAge: '18' }).errors), ['maximum-age:ages_reversed']);
    assert.deepEqual(keys(applyEligibility(base, { description: '', minimumAge: 'ten', maximumAge: '' }).errors), ['minimum-age:age']);
    const ok = applyEligibility(base, { description: 'Over 60s', minimumAge: '60', maximumAge: '' }).document!;
    assert.equal(ok.minimum_age, 60);
    assert.equal('maximum_age' in ok, false, 'empty optional fields are left out');
    valid(ok);
  });

  it('costs: free is said, prices need an amount and what they are for', () => {
    assert.deepEqual(parseAmount('£3.5'), 3.5);
    assert.equal(parseAmount('three'), undefined);
    const free = applyCosts(base, { free: 'yes', costs: [] }).document!;
    assert.deepEqual(free.cost_options!.map((c) => c.amount), [0]);
    assert.equal(costsValues(free).free, 'yes');
    assert.deepEqual(keys(applyCosts(base, { free: 'no', costs: [{ amount: '-1', currency: 'GBP', description: '' }] }).errors), ['cost-0-amount:amount', 'cost-0-description:required']);
    assert.deepEqual(keys(applyCosts(base, { free: '', costs: [] }).errors), ['free:free_missing']);
    const paid = applyCosts(base, { free: 'no', costs: [{ amount: '3.50', currency: 'GBP', description: 'per lunch' }] }).document!;
    assert.deepEqual(paid.cost_options!.map((c) => [c.amount, c.currency, c.option]), [[3.5, 'GBP', 'per lunch']]);
    valid(paid);
  });

  it('contacts: phones added and removed by button; bad email, website and number named', () => {
    const { values, rowsChanged } = readContacts({ action: 'add-phone', 'phone-0-number': '01632 960001' });
    assert.equal(rowsChanged, true);
    assert.equal(values.phones.length, 2);
    const bad = readContacts({ email: 'not-an-email', website: 'javascript:alert(1)', 'phone-0-number': 'call us' }).values;
    assert.deepEqual(keys(applyContacts(base, bad).errors), ['email:email', 'website:url', 'phone-0-number:phone']);
    const good = applyContacts(base, readContacts({ email: 'club@example.org', website: 'www.example.org', 'contact-name': 'Sam', 'phone-0-number': '01632 960001' }).values).document!;
    assert.equal(good.url, 'https://www.example.org/');
    assert.equal(good.contacts![0].name, 'Sam');
    valid(good);
  });

  it('languages: only codes from the list, named in English in ORUK', () => {
    assert.deepEqual(keys(applyLanguages(base, { codes: ['xx-evil'] }).errors), ['languages:language']);
    const doc = applyLanguages(base, { codes: ['cy', 'pl'] }).document!;
    assert.deepEqual(doc.languages!.map((l) => [l.code, l.name]), [['cy', 'Welsh'], ['pl', 'Polish']]);
    valid(doc);
  });

  it('status: temporarily closed with dates and a reason; ended not in the future', () => {
    const closed = applyStatus(base, readStatus({
      status: 'temporarily closed', 'closed-from-day': '1', 'closed-from-month': '1', 'closed-from-year': '2026',
      'closed-to-day': '1', 'closed-to-month': '2', 'closed-to-year': '2099', reason: 'Hall repairs',
    }), { closed: (f, t, r) => `Closed ${f} to ${t}: ${r}`, ended: (d) => `Ended ${d}` }, '2026-12-03').document!;
    assert.equal(closed.status, 'temporarily closed');
    assert.equal(closed.alert, 'Closed 2026-01-01 to 2099-02-01: Hall repairs');
    valid(closed);
    const reopened = applyStatus(closed, readStatus({ status: 'active' }), { closed: () => '', ended: () => '' }, '2026-12-03').document!;
    assert.equal(reopened.status, 'active');
    assert.equal(reopened.alert, undefined);
    assert.equal(reopened.schedules!.length, base.schedules!.length, 'the closure row goes with it');
    const future = applyStatus(base, readStatus({ status: 'inactive', 'ended-on-day': '1', 'ended-on-month': '1', 'ended-on-year': '2099' }), { closed: () => '', ended: () => '' }, '2026-12-03');
    assert.deepEqual(keys(future.errors), ['ended-on-day:ended_future']);
  });

  it('status: the closure row keeps its last day closed (ORUK valid_to), the form the day it opens again', () => {
    const said = { closed: (f: string, t: string | undefined, r: string) => `Closed ${f} to ${t}: ${r}`, ended: () => '' };
    const form = (to: string) => readStatus({
      status: 'temporarily closed', 'closed-from-day': '28', 'closed-from-month': '2', 'closed-from-year': '2028',
      'closed-to-day': to, 'closed-to-month': '3', 'closed-to-year': '2028', reason: 'Hall repairs',
    });
    const closed = applyStatus(base, form('1'), said, '2026-12-03').document!;
    const row = closed.schedules!.find((s) => s.valid_from)!;
    // Open again on 1 March of a leap year: closed on 28 and 29 February.
    assert.deepEqual([row.valid_from, row.valid_to], ['2028-02-28', '2028-02-29']);
    assert.match(closed.alert!, /to 2028-03-01/, 'residents read the day it opens again');
    assert.deepEqual(statusValues(closed).closedTo, { day: '1', month: '3', year: '2028' }, 'the form shows the day it opens again');
    // Opening again the day it closes is no closure.
    assert.deepEqual(keys(applyStatus(base, readStatus({
      status: 'temporarily closed', 'closed-from-day': '1', 'closed-from-month': '3', 'closed-from-year': '2028',
      'closed-to-day': '1', 'closed-to-month': '3', 'closed-to-year': '2028', reason: 'Hall repairs',
    }), said, '2026-12-03').errors), ['closed-to-day:date_order']);

    // The opening times form leaves the status form's closure to it: not one of its closures, kept as it is.
    assert.deepEqual(openingTimesValues(closed).closures, []);
    const times = applyOpeningTimes(closed, openingTimesValues(closed), words).document!;
    assert.deepEqual(times.schedules!.find((s) => s.valid_from), row);
    assert.equal(times.alert, closed.alert);
  });

  it('locations: a real postcode; an organisation\'s place chosen by id, a forged one refused', () => {
    assert.deepEqual(keys(checkAddress({ name: '', line1: '', line2: '', town: 'Ashdown', postcode: 'XX' }).errors), ['address-line-1:required', 'address-postcode:postcode']);
    assert.equal(checkAddress({ name: '', line1: '1 High St', line2: '', town: 'Ashdown', postcode: 'as11aa' }).postcode, 'AS1 1AA');
    const shared: Location = { id: '44444444-4444-4444-8444-444444444444', location_type: 'physical', name: 'Hall' };
    const chosen = applyAddLocation(base, shared.id, [shared], { values: { name: '', line1: '', line2: '', town: '', postcode: '' }, county: 'Testshire' }).document!;
    assert.equal(chosen.service_at_locations![0].location!.id, shared.id, 'the same place, not a copy');
    assert.deepEqual(keys(applyAddLocation(base, '55555555-5555-4555-8555-555555555555', [shared], { values: { name: '', line1: '', line2: '', town: '', postcode: '' }, county: 'T' }).errors), ['location:location_choice']);
    const added = applyAddLocation(base, 'new', [], { values: { name: 'Church', line1: '1 High St', line2: '', town: 'Ashdown', postcode: 'AS1 1AA' }, county: 'Testshire', point: { lat: 52.5, lng: -1.5 } }).document!;
    const location = added.service_at_locations![0].location!;
    assert.deepEqual([location.latitude, location.addresses![0].postal_code, location.addresses![0].state_province], [52.5, 'AS1 1AA', 'Testshire']);
    valid(added);
  });

  it('accessibility: features from the vocabulary as attributes, other words kept', () => {
    const location: Location = { id: '44444444-4444-4444-8444-444444444444', location_type: 'physical', accessibility: [{ id: '66666666-6666-4666-8666-666666666666', description: 'Ramp at the back' }] };
    const result = applyAccessibility(location, { features: ['wheelchair', 'hearing_loop'], other: 'Ask for the side door' });
    const rows = result.document!.accessibility!;
    assert.equal(rows.length, 4);
    assert.deepEqual(accessibilityValues(result.document!), { features: ['wheelchair', 'hearing_loop'], other: 'Ask for the side door' });
    assert.deepEqual(keys(applyAccessibility(location, { features: ['jetpack'], other: '' }).errors), ['features:feature']);
  });
});
