import type { FastifyRequest } from 'fastify';
import type { Translate } from '../../../../platform/web/i18n.js';
import { applyContacts, contactsValues, readContacts, type ContactsValues } from '../../editing/forms/contacts.js';
import { applyCosts, costsValues, CURRENCIES, readCosts, type CostsValues } from '../../editing/forms/costs.js';
import { applyDetails, detailsValues, readDetails, type DetailsValues } from '../../editing/forms/details.js';
import { applyEligibility, eligibilityValues, readEligibility, type EligibilityValues } from '../../editing/forms/eligibility.js';
import type { FormBody, FormResult } from '../../editing/forms/fields.js';
import { applyLanguages, languagesValues, offeredLanguages, readLanguages } from '../../editing/forms/languages.js';
import { applyOpeningTimes, DAYS, keptSchedules, MAX_CLOSURES, MAX_SESSIONS, openingTimesValues, readOpeningTimes, type OpeningTimesValues } from '../../editing/forms/opening-times.js';
import { applyStatus, readStatus, statusValues, type StatusValues } from '../../editing/forms/status.js';
import type { Service } from '../../oruk/schemas.js';
import { languageName } from '../languages.js';
import { describeOpeningTimes } from '../opening-times.js';
import { checkboxes, dateInput, input, radios, select, textarea, type Control, type Errors } from './controls.js';
import { dateWords } from './common.js';

/**
 * The parts of a service an editor changes one at a time from its summary ("check answers")
 * page, each its own form: how its values are read from the listing and from a posted form,
 * the controls that show them, and how they change the whole ORUK document.
 */
export interface ServicePart<V> {
  key: string;
  values(service: Service): V;
  read(body: FormBody): { values: V; rowsChanged?: boolean };
  controls(request: FastifyRequest, values: V, errors: Errors, service: Service): Control[];
  apply(request: FastifyRequest, service: Service, values: V): FormResult<Service>;
  /** Whether the form has buttons that add or remove rows. */
  rows?: boolean;
}

const w = (t: Translate, key: string, params?: Record<string, string | number>) => t(`directory.edit.${key}`, params);

const details: ServicePart<DetailsValues> = {
  key: 'details',
  values: detailsValues,
  read: (body) => ({ values: readDetails(body) }),
  controls: ({ t }, v, e) => [
    input(t, e, 'name', w(t, 'details.name'), v.name, { labelSize: 'm', hint: w(t, 'details.name_hint') }),
    textarea(t, e, 'description', w(t, 'details.description'), v.description, { labelSize: 'm', hint: w(t, 'details.description_hint'), rows: 8 }),
  ],
  apply: (_r, s, v) => applyDetails(s, v),
};

const contacts: ServicePart<ContactsValues> = {
  key: 'contacts',
  rows: true,
  values: contactsValues,
  read: readContacts,
  controls: ({ t }, v, e) => [
    input(t, e, 'email', w(t, 'contacts.email'), v.email, { type: 'email', spellcheck: false, autocomplete: 'off', labelSize: 's' }),
    input(t, e, 'website', w(t, 'contacts.website'), v.website, { spellcheck: false, hint: w(t, 'contacts.website_hint'), labelSize: 's' }),
    {
      type: 'group',
      legend: w(t, 'contacts.contact_legend'),
      hint: w(t, 'contacts.contact_hint'),
      controls: [
        input(t, e, 'contact-name', w(t, 'contacts.contact_name'), v.contactName, { autocomplete: 'off' }),
        input(t, e, 'contact-title', w(t, 'contacts.contact_title'), v.contactTitle),
        input(t, e, 'contact-email', w(t, 'contacts.contact_email'), v.contactEmail, { type: 'email', spellcheck: false, autocomplete: 'off' }),
      ],
    },
    {
      type: 'group',
      legend: w(t, 'contacts.phones_legend'),
      controls: [
        ...v.phones.map((p, i): Control => ({
          type: 'group',
          size: 's',
          legend: w(t, 'contacts.phone_n', { n: i + 1 }),
          controls: [
            input(t, e, `phone-${i}-number`, w(t, 'contacts.phone_number'), p.number, { type: 'tel', classes: 'govuk-input--width-20', autocomplete: 'off' }),
            input(t, e, `phone-${i}-description`, w(t, 'contacts.phone_description'), p.description, { hint: w(t, 'contacts.phone_description_hint') }),
            ...(v.phones.length > 1 ? [{ type: 'button', text: w(t, 'contacts.remove_phone', { n: i + 1 }), value: `remove-phone-${i}`, small: true } as Control] : []),
          ],
        })),
        ...(v.phones.length < 10 ? [{ type: 'button', text: w(t, 'contacts.add_phone'), value: 'add-phone' } as Control] : []),
      ],
    },
  ],
  apply: (_r, s, v) => applyContacts(s, v),
};

const eligibility: ServicePart<EligibilityValues> = {
  key: 'eligibility',
  values: eligibilityValues,
  read: (body) => ({ values: readEligibility(body) }),
  controls: ({ t }, v, e) => [
    textarea(t, e, 'eligibility', w(t, 'eligibility.description'), v.description, { labelSize: 'm', hint: w(t, 'eligibility.description_hint') }),
    {
      type: 'group',
      legend: w(t, 'eligibility.ages_legend'),
      hint: w(t, 'eligibility.ages_hint'),
      controls: [
        input(t, e, 'minimum-age', w(t, 'eligibility.minimum_age'), v.minimumAge, { classes: 'govuk-input--width-3', inputmode: 'numeric', spellcheck: false }),
        input(t, e, 'maximum-age', w(t, 'eligibility.maximum_age'), v.maximumAge, { classes: 'govuk-input--width-3', inputmode: 'numeric', spellcheck: false }),
      ],
    },
  ],
  apply: (_r, s, v) => applyEligibility(s, v),
};

const costs: ServicePart<CostsValues> = {
  key: 'costs',
  rows: true,
  values: costsValues,
  read: readCosts,
  controls: ({ t }, v, e) => [
    radios(t, e, 'free', w(t, 'costs.free_legend'), [
      { value: 'yes', text: w(t, 'costs.free_yes') },
      { value: 'no', text: w(t, 'costs.free_no') },
    ], v.free),
    {
      type: 'group',
      legend: w(t, 'costs.amounts_legend'),
      hint: w(t, 'costs.amounts_hint'),
      controls: [
        ...v.costs.map((c, i): Control => ({
          type: 'group',
          size: 's',
          legend: w(t, 'costs.cost_n', { n: i + 1 }),
          controls: [
            input(t, e, `cost-${i}-amount`, w(t, 'costs.amount'), c.amount, { classes: 'govuk-input--width-5', inputmode: 'decimal', spellcheck: false }),
            select(t, e, `cost-${i}-currency`, w(t, 'costs.currency'), CURRENCIES.map((code) => ({ value: code, text: w(t, `costs.currency_${code.toLowerCase()}`) })), c.currency),
            input(t, e, `cost-${i}-description`, w(t, 'costs.description'), c.description, { hint: w(t, 'costs.description_hint') }),
            ...(v.costs.length > 1 ? [{ type: 'button', text: w(t, 'costs.remove', { n: i + 1 }), value: `remove-cost-${i}`, small: true } as Control] : []),
          ],
        })),
        ...(v.costs.length < 10 ? [{ type: 'button', text: w(t, 'costs.add'), value: 'add-cost' } as Control] : []),
      ],
    },
  ],
  apply: (_r, s, v) => applyCosts(s, v),
};

const languages: ServicePart<{ codes: string[] }> = {
  key: 'languages',
  values: languagesValues,
  read: (body) => ({ values: readLanguages(body) }),
  controls: ({ t, locale }, v, e, service) => [
    checkboxes(t, e, 'languages', w(t, 'languages.legend'), offeredLanguages(service).map((code) => ({ value: code, text: languageName(t, locale, code) })), v.codes, w(t, 'languages.hint')),
  ],
  apply: (_r, s, v) => applyLanguages(s, v),
};

const dayKey = (d: string) => d.toLowerCase();

const openingTimes: ServicePart<OpeningTimesValues> = {
  key: 'opening-times',
  rows: true,
  values: (service) => {
    const values = openingTimesValues(service);
    // Every day shows at least one empty session to fill in.
    for (const d of DAYS) if (!values.days[d].length) values.days[d].push({ opens: '', closes: '' });
    return values;
  },
  read: readOpeningTimes,
  controls: ({ t }, v, e, service) => {
    // Put into words the way residents read them (monthly, fortnightly, ...), not as codes.
    const kept = keptSchedules(service).flatMap((s) => describeOpeningTimes(t, [s]));
    return [
      ...(kept.length ? [{ type: 'inset', text: w(t, 'hours.kept', { items: kept.join('; ') }) } as Control] : []),
      ...DAYS.map((d): Control => {
        const day = t(`directory.day.start.${dayKey(d)}`);
        const sessions = v.days[d].length ? v.days[d] : [{ opens: '', closes: '' }];
        return {
          type: 'group',
          id: dayKey(d),
          legend: day,
          hint: w(t, 'hours.day_hint'),
          controls: [
            ...sessions.map((s, i): Control => ({
              type: 'group',
              size: 's',
              legend: w(t, 'hours.session_n', { day, n: i + 1 }),
              controls: [
                input(t, e, `${dayKey(d)}-${i}-opens`, w(t, 'hours.opens'), s.opens, { classes: 'govuk-input--width-5', spellcheck: false }),
                input(t, e, `${dayKey(d)}-${i}-closes`, w(t, 'hours.closes'), s.closes, { classes: 'govuk-input--width-5', spellcheck: false }),
                ...(sessions.length > 1 ? [{ type: 'button', text: w(t, 'hours.remove_session', { day, n: i + 1 }), value: `remove-${dayKey(d)}-${i}`, small: true } as Control] : []),
              ],
            })),
            ...(sessions.length < MAX_SESSIONS ? [{ type: 'button', text: w(t, 'hours.add_session', { day }), value: `add-${dayKey(d)}` } as Control] : []),
          ],
        };
      }),
      {
        type: 'group',
        id: 'closures',
        size: 'l',
        legend: w(t, 'hours.closures_legend'),
        hint: w(t, 'hours.closures_hint'),
        controls: [
          ...v.closures.map((c, i): Control => ({
            type: 'group',
            size: 's',
            legend: w(t, 'hours.closure_n', { n: i + 1 }),
            controls: [
              dateInput(t, e, `closure-${i}-from`, w(t, 'hours.closure_from'), c.from),
              dateInput(t, e, `closure-${i}-to`, w(t, 'hours.closure_to'), c.to, w(t, 'hours.closure_to_hint')),
              input(t, e, `closure-${i}-reason`, w(t, 'hours.closure_reason'), c.reason, { hint: w(t, 'hours.closure_reason_hint') }),
              { type: 'button', text: w(t, 'hours.remove_closure', { n: i + 1 }), value: `remove-closure-${i}`, small: true },
            ],
          })),
          ...(v.closures.length < MAX_CLOSURES ? [{ type: 'button', text: w(t, 'hours.add_closure'), value: 'add-closure' } as Control] : []),
        ],
      },
    ];
  },
  apply: ({ t }, s, v) => applyOpeningTimes(s, v, (from, to, reason) =>
    from === to ? w(t, 'hours.closed_on', { date: dateWords(t, from), reason }) : w(t, 'hours.closed_between', { from: dateWords(t, from), to: dateWords(t, to), reason })),
};

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

const status: ServicePart<StatusValues> = {
  key: 'status',
  values: statusValues,
  read: (body) => ({ values: readStatus(body) }),
  controls: ({ t }, v, e) => [
    radios(t, e, 'status', w(t, 'status.legend'), [
      { value: 'active', text: w(t, 'status.active'), hint: w(t, 'status.active_hint') },
      { value: 'temporarily closed', text: w(t, 'status.closed'), hint: w(t, 'status.closed_hint') },
      { value: 'inactive', text: w(t, 'status.ended'), hint: w(t, 'status.ended_hint') },
    ], v.status),
    {
      type: 'group',
      legend: w(t, 'status.closed_legend'),
      controls: [
        dateInput(t, e, 'closed-from', w(t, 'status.closed_from'), v.closedFrom),
        dateInput(t, e, 'closed-to', w(t, 'status.closed_to'), v.closedTo, w(t, 'status.closed_to_hint')),
        input(t, e, 'reason', w(t, 'status.reason'), v.reason, { hint: w(t, 'status.reason_hint') }),
      ],
    },
    {
      type: 'group',
      legend: w(t, 'status.ended_legend'),
      controls: [
        dateInput(t, e, 'ended-on', w(t, 'status.ended_on'), v.endedOn),
        input(t, e, 'end-reason', w(t, 'status.end_reason'), v.endReason, { hint: w(t, 'status.end_reason_hint') }),
      ],
    },
  ],
  apply: ({ t }, s, v) => applyStatus(s, v, {
    closed: (from, to, reason) => (to ? w(t, 'status.closed_words', { from: dateWords(t, from), to: dateWords(t, to), reason }) : w(t, 'status.closed_words_open', { from: dateWords(t, from), reason })),
    ended: (on, reason) => (reason ? w(t, 'status.ended_words_reason', { date: dateWords(t, on), reason }) : w(t, 'status.ended_words', { date: dateWords(t, on) })),
  }, today()),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SERVICE_PARTS: ServicePart<any>[] = [details, contacts, eligibility, costs, languages, openingTimes, status];
