import type { OrukSchedule } from './oruk-types.js';
import type { Rng } from './prng.js';

/**
 * Opening-time patterns of the demo services, as ORUK schedules (iCalendar-style rules:
 * `freq`, `interval`, `byday`, `opens_at`, `closes_at`) with a plain-English description.
 */
export type ScheduleKind =
  | 'office'
  | 'office-long'
  | 'helpline'
  | 'helpline-extended'
  | '24-7'
  | 'library'
  | 'library-branch'
  | 'morning'
  | 'afternoon'
  | 'evening'
  | 'lunch'
  | 'twice-weekly'
  | 'drop-in'
  | 'weekday-daytime'
  | 'weekend'
  | 'youth-evenings'
  | 'after-school'
  | 'fortnightly'
  | 'monthly'
  | 'monthly-evening'
  | 'daily-meal'
  | 'evenings-daily'
  | 'early-morning'
  | 'appointment'
  | 'winter-nights';

export type ScheduleDraft = Omit<OrukSchedule, 'id' | 'service_id'>;

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Day = (typeof DAYS)[number];
const WEEKDAYS: Day[] = ['MO', 'TU', 'WE', 'TH', 'FR'];
const DAY_NAMES: Record<Day, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};
const ORDINALS = ['', 'First', 'Second', 'Third', 'Fourth'];
/** A Monday; fortnightly schedules count from the matching day of this week. */
const FORTNIGHT_ANCHOR = Date.UTC(2025, 0, 6);

const spoken = new Map<string, string>();

/** `9am`, `9:30am`, `midday`, `5:30pm`, GOV.UK style. */
export function spokenTime(hhmm: string): string {
  let said = spoken.get(hhmm);
  if (!said) spoken.set(hhmm, (said = sayTime(hhmm)));
  return said;
}

function sayTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 12 && m === 0) return 'midday';
  if ((h === 0 || h === 24) && m === 0) return 'midnight';
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

export function spokenDays(days: readonly Day[]): string {
  if (days.length === 7) return 'Every day';
  const indexes = days.map((d) => DAYS.indexOf(d));
  const contiguous = indexes.every((v, i) => i === 0 || v === indexes[i - 1] + 1);
  const plural = (d: Day) => `${DAY_NAMES[d]}s`;
  if (days.length >= 3 && contiguous) return `${plural(days[0])} to ${plural(days[days.length - 1])}`;
  if (days.length === 1) return plural(days[0]);
  return `${days.slice(0, -1).map(plural).join(', ')} and ${plural(days[days.length - 1])}`;
}

const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function weekly(days: Day[], opens: string, closes: string, notes?: string): ScheduleDraft {
  return {
    freq: 'WEEKLY',
    interval: 1,
    byday: days.join(','),
    opens_at: `${opens}:00`,
    closes_at: `${closes}:00`,
    description: `${spokenDays(days)}, ${spokenTime(opens)} to ${spokenTime(closes)}.${notes ? ` ${notes}` : ''}`,
    ...(notes ? { notes } : {}),
  };
}

const pickTimes = (rng: Rng, options: readonly [string, string][]): [string, string] => rng.pick(options);
const oneWeekday = (rng: Rng, from: readonly Day[] = WEEKDAYS): Day[] => [rng.pick(from)];
const PAIRS: Day[][] = [['MO', 'TH'], ['TU', 'FR'], ['TU', 'TH'], ['MO', 'WE'], ['WE', 'FR']];
const BANK_HOLIDAYS = 'Closed on bank holidays.';

/** Schedules for one service of the given kind; `rng` varies days and times between services. */
export function buildSchedules(kind: ScheduleKind, rng: Rng): ScheduleDraft[] {
  switch (kind) {
    case 'office': {
      const [o, c] = pickTimes(rng, [['09:00', '17:00'], ['08:30', '17:00'], ['09:00', '16:30']]);
      return [weekly(WEEKDAYS, o, c, BANK_HOLIDAYS)];
    }
    case 'office-long':
      return [weekly(WEEKDAYS, '08:00', '20:00'), weekly(['SA'], '09:00', '13:00')];
    case 'helpline': {
      const [o, c] = pickTimes(rng, [['09:00', '17:00'], ['10:00', '16:00'], ['09:00', '19:00']]);
      return [weekly(WEEKDAYS, o, c)];
    }
    case 'helpline-extended':
      return [weekly(WEEKDAYS, '08:00', '20:00'), weekly(['SA', 'SU'], '10:00', '16:00')];
    case '24-7':
      return [{ ...weekly([...DAYS], '00:00', '23:59'), closes_at: '23:59:59', description: 'Open 24 hours a day, 7 days a week, including bank holidays.' }];
    case 'library':
      return rng.chance(0.5)
        ? [weekly(['MO', 'TU', 'TH', 'FR'], '09:30', '17:30'), weekly(['WE'], '09:30', '13:00'), weekly(['SA'], '09:30', '16:00')]
        : [weekly(WEEKDAYS, '09:00', '19:00'), weekly(['SA'], '09:00', '17:00'), weekly(['SU'], '11:00', '15:00')];
    case 'library-branch':
      return [weekly(rng.pick(PAIRS), '10:00', '17:00'), weekly(['SA'], '10:00', '13:00')];
    case 'morning': {
      const [o, c] = pickTimes(rng, [['10:00', '12:00'], ['09:30', '11:30'], ['10:00', '11:30']]);
      return [weekly(oneWeekday(rng), o, c)];
    }
    case 'afternoon': {
      const [o, c] = pickTimes(rng, [['13:30', '15:30'], ['14:00', '16:00'], ['13:00', '15:00']]);
      return [weekly(oneWeekday(rng), o, c)];
    }
    case 'evening': {
      const [o, c] = pickTimes(rng, [['18:30', '20:30'], ['19:00', '21:00'], ['18:00', '20:00']]);
      return [weekly(oneWeekday(rng, ['MO', 'TU', 'WE', 'TH']), o, c)];
    }
    case 'lunch': {
      const [o, c] = pickTimes(rng, [['12:00', '14:00'], ['12:00', '13:30'], ['11:30', '13:30']]);
      return [weekly(oneWeekday(rng), o, c)];
    }
    case 'twice-weekly': {
      const [o, c] = pickTimes(rng, [['10:00', '13:00'], ['10:00', '14:00'], ['09:30', '12:00']]);
      return [weekly(rng.pick(PAIRS), o, c)];
    }
    case 'drop-in': {
      const [o, c] = pickTimes(rng, [['10:00', '14:00'], ['09:30', '12:30'], ['13:00', '16:00']]);
      return [weekly(rng.pick(PAIRS), o, c)];
    }
    case 'weekday-daytime':
      return rng.chance(0.5)
        ? [weekly(rng.pick<Day[]>([['MO', 'WE', 'FR'], ['TU', 'WE', 'TH']]), '10:00', '15:00')]
        : [weekly(WEEKDAYS, '09:30', '15:30')];
    case 'weekend': {
      const options: [Day, string, string][] = [['SA', '10:00', '13:00'], ['SA', '10:00', '12:00'], ['SU', '14:00', '16:00']];
      const [day, o, c] = rng.pick(options);
      return [weekly([day], o, c)];
    }
    case 'youth-evenings': {
      const [o, c] = pickTimes(rng, [['18:00', '20:30'], ['18:30', '21:00']]);
      const regular = weekly(rng.pick<Day[]>([['MO', 'WE'], ['TU', 'TH'], ['MO', 'TH']]), o, c);
      return rng.chance(0.4) ? [regular, weekly(['FR'], '19:00', '22:00')] : [regular];
    }
    case 'after-school':
      return [weekly(oneWeekday(rng), '15:30', '17:30', 'Term time only.')];
    case 'fortnightly': {
      const [day] = oneWeekday(rng);
      const [o, c] = pickTimes(rng, [['10:00', '12:00'], ['13:30', '15:30'], ['18:30', '20:00']]);
      const dtstart = new Date(FORTNIGHT_ANCHOR + DAYS.indexOf(day) * 86_400_000).toISOString().slice(0, 10);
      return [{
        ...weekly([day], o, c),
        interval: 2,
        dtstart,
        description: `Every other ${DAY_NAMES[day]}, ${spokenTime(o)} to ${spokenTime(c)}.`,
      }];
    }
    case 'monthly':
    case 'monthly-evening': {
      const [day] = oneWeekday(rng);
      const n = rng.between(1, 4);
      const [o, c] = kind === 'monthly'
        ? pickTimes(rng, [['14:00', '16:00'], ['10:00', '12:00'], ['13:30', '15:30']])
        : pickTimes(rng, [['19:00', '21:00'], ['18:30', '20:30']]);
      return [{
        freq: 'MONTHLY',
        interval: 1,
        byday: `${n}${day}`,
        opens_at: `${o}:00`,
        closes_at: `${c}:00`,
        description: `${ORDINALS[n]} ${DAY_NAMES[day]} of the month, ${spokenTime(o)} to ${spokenTime(c)}.`,
      }];
    }
    case 'daily-meal':
      return [weekly([...DAYS], '11:30', '14:30')];
    case 'evenings-daily':
      return [{ ...weekly([...DAYS], '18:00', '23:00'), description: 'Every evening, 6pm to 11pm, including weekends and bank holidays.' }];
    case 'early-morning':
      return [weekly(WEEKDAYS, '06:00', '09:00'), weekly(['SA'], '07:00', '09:00')];
    case 'appointment':
      return [{
        description: sentence(rng.pick([
          'by appointment only. Get in touch to book a time that suits you.',
          'by appointment. We will arrange a time with you when you get in touch.',
          'appointments on weekdays, including some early evenings. Contact us to book.',
          'by appointment, at a time and place that suit you, including home visits.',
        ])),
      }];
    case 'winter-nights':
      return [{
        description: 'Every night from 8pm to 8am, from 1 December to 31 March. Guests are referred by the Street Outreach Team or the Housing Options team.',
      }];
  }
}
