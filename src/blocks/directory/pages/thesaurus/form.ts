import type { Translate } from '../../../../platform/web/i18n.js';
import { needTerms, normaliseText } from '../../search/synonyms.js';
import { ENTRY_LIMITS, type ThesaurusEntry } from '../../search/thesaurus.js';

/**
 * The thesaurus entry form as typed (one phrase a line), and its checks. What was typed comes
 * back as it was when there is a mistake; only a form without one becomes an entry.
 */

export interface EntryInputs {
  words: string;
  related: string;
  needs: string;
}

const str = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** Lines of a textarea, trimmed, empty ones and repeats (as searched: same normalised words) left out. */
export function lines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n|,/)) {
    const line = raw.trim().replace(/\s+/g, ' ');
    const key = normaliseText(line);
    if (!line || seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

export function readInputs(body: Record<string, unknown>): EntryInputs {
  return { words: str(body.words), related: str(body.related), needs: str(body.needs) };
}

export function inputsOf(entry: ThesaurusEntry): EntryInputs {
  return { words: entry.words.join('\n'), related: entry.related.join('\n'), needs: (entry.needs ?? []).join('\n') };
}

/** Each field's mistake, in the reader's language; empty when the form is fine. */
export function checkInputs(inputs: EntryInputs, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  const list = (field: 'words' | 'related', max: number) => {
    const phrases = lines(inputs[field]);
    if (!phrases.length) errors[field] = t(`directory.thesaurus_admin.error.${field}_missing`);
    else if (phrases.length > max) errors[field] = t(`directory.thesaurus_admin.error.too_many`, { max });
    else {
      const bad = phrases.find((p) => !normaliseText(p) || p.length > ENTRY_LIMITS.phraseLength);
      if (bad !== undefined) errors[field] = t('directory.thesaurus_admin.error.phrase', { phrase: bad.slice(0, 40), max: ENTRY_LIMITS.phraseLength });
    }
  };
  list('words', ENTRY_LIMITS.words);
  list('related', ENTRY_LIMITS.related);
  const codes = new Set(needTerms().map((n) => n.code));
  const needs = lines(inputs.needs);
  if (needs.length > ENTRY_LIMITS.needs) errors.needs = t('directory.thesaurus_admin.error.too_many', { max: ENTRY_LIMITS.needs });
  else {
    const unknown = needs.find((c) => !codes.has(c.toLowerCase()));
    if (unknown !== undefined) errors.needs = t('directory.thesaurus_admin.error.need', { code: unknown.slice(0, 40) });
  }
  return errors;
}

/** The entry a form without mistakes stands for. */
export function entryOf(inputs: EntryInputs): ThesaurusEntry {
  const needs = lines(inputs.needs).map((c) => c.toLowerCase());
  return { words: lines(inputs.words), related: lines(inputs.related), ...(needs.length ? { needs } : {}) };
}
