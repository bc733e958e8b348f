import { Type, type Static } from '@sinclair/typebox';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../../platform/db/db.js';
import { badRequest } from '../../platform/http/problem.js';
import { validateAgainst } from '../../platform/http/validation.js';
import { Messages, type Locale, type Translate } from '../../platform/web/i18n.js';
import { readCrisisHelp, writeCrisisHelp } from './sql/crisis-help.js';

/**
 * Crisis help: what a search that shows a risk to life (search/risk.ts) puts before anything
 * else, on the results page and as `crisis` in `/api/search`. Each council may word it and
 * choose its numbers per language (`setCrisisHelp`); until it does, the default below, in the
 * words of the message catalogues (directory.crisis.*).
 */

export const CrisisContactSchema = Type.Object(
  {
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Who answers: "Samaritans".' }),
  how: Type.Union([Type.Literal('call'), Type.Literal('text')], { description: 'Call the number, or send it a text message.' }),
  number: Type.String({ pattern: '^\\+?[0-9][0-9 ]{1,18}[0-9]$', description: 'The number to call or text, as people write it: "116 123".' }),
  message: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'For a text: the word to send ("SHOUT").' })),
  description: Type.String({ maxLength: 300, description: 'When to use it, when it is open and what it costs.' }),
}, { additionalProperties: false });

export const CrisisHelpSchema = Type.Object(
  {
    heading: Type.String({ minLength: 1, maxLength: 200 }),
    text: Type.String({ maxLength: 1000 }),
    contacts: Type.Array(CrisisContactSchema, { minItems: 1, maxItems: 10 }),
  },
  {
    additionalProperties: false,
    description: 'Help for someone who may be at risk of ending their life, shown before any result when the words of the search suggest it.',
  },
);

export type CrisisContact = Static<typeof CrisisContactSchema>;
export type CrisisHelp = Static<typeof CrisisHelpSchema>;

/** The numbers every council starts with; what they are called and when to use them are in the catalogues. */
const DEFAULT_CONTACTS: Array<{ key: string; how: 'call' | 'text'; number: string; message?: string }> = [
  { key: 'emergency', how: 'call', number: '999' },
  { key: 'samaritans', how: 'call', number: '116 123' },
  { key: 'shout', how: 'text', number: '85258', message: 'SHOUT' },
  { key: 'nhs111', how: 'call', number: '111' },
];

/** The directory's own catalogues, for callers without a request (the API in tests, other front ends). */
let ownMessages: Messages | undefined;
function translator(locale: Locale): Translate {
  ownMessages ??= new Messages().addFolder(fileURLToPath(new URL('./locales', import.meta.url)));
  return ownMessages.translator(locale);
}

export function defaultCrisisHelp(locale: Locale, t: Translate = translator(locale)): CrisisHelp {
  return {
    heading: t('directory.crisis.heading'),
    text: t('directory.crisis.text'),
    contacts: DEFAULT_CONTACTS.map(({ key, ...contact }) => ({
      ...contact,
      name: t(`directory.crisis.${key}.name`),
      description: t(`directory.crisis.${key}.description`),
    })),
  };
}

/** The council's crisis help in this language: its own if it set one (and it is still valid), else the default. */
export async function crisisHelp(db: Queryable, councilId: string, locale: Locale, t?: Translate): Promise<CrisisHelp> {
  const stored = await readCrisisHelp(db, councilId, locale);
  if (stored !== undefined && !validateAgainst(CrisisHelpSchema, stored).errors.length) return stored as CrisisHelp;
  return defaultCrisisHelp(locale, t);
}

/**
 * Set a council's crisis help in one language (null: back to the default). Refused with a 400
 * naming each field that does not fit the schema.
 */
export async function setCrisisHelp(db: Queryable, councilId: string, locale: Locale, help: CrisisHelp | null): Promise<void> {
  if (help !== null) {
    const { value, errors } = validateAgainst<CrisisHelp>(CrisisHelpSchema, help);
    if (errors.length) throw badRequest(errors);
    help = value;
  }
  await writeCrisisHelp(db, councilId, locale, help);
}
