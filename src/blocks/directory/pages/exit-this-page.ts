import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { matchNeeds, needTerms, withAncestors } from '../search/synonyms.js';

/**
 * GOV.UK Frontend's "Exit this page" on the pages of residents who may be in danger from someone
 * at home: which searches and services show it is data (`data/taxonomy/exit-this-page.json`,
 * described there), not a list of words here.
 */

const EXIT_FILE = fileURLToPath(new URL('../../../../data/taxonomy/exit-this-page.json', import.meta.url));

let loaded: { needIds: Set<string>; redirectUrl: string } | undefined;

function exitData() {
  if (!loaded) {
    const file = JSON.parse(readFileSync(EXIT_FILE, 'utf8')) as { needs: string[]; redirect_url: string };
    const byCode = new Map(needTerms().map((t) => [t.code, t.id]));
    const needIds = new Set(
      file.needs.map((code) => {
        const id = byCode.get(code);
        if (!id) throw new Error(`exit-this-page.json names the need "${code}", which needs.json does not have`);
        return id;
      }),
    );
    if (new URL(file.redirect_url).protocol !== 'https:') throw new Error('exit-this-page.json: redirect_url must be https');
    loaded = { needIds, redirectUrl: file.redirect_url };
  }
  return loaded;
}

/** Where the button takes the resident: a neutral page that gives nothing away (GOV.UK's default, BBC Weather). */
export function exitRedirectUrl(): string {
  return exitData().redirectUrl;
}

/** Whether any of these need terms is one of the file's needs or narrower than one. */
export function namesSensitiveNeed(termIds: Iterable<string>): boolean {
  const { needIds } = exitData();
  for (const id of termIds) if (withAncestors(id).some((a) => needIds.has(a))) return true;
  return false;
}

/** Whether a search is about such a need: its words are read as one, or it is filtered by one. */
export function isSensitiveSearch(q: string | undefined, termIds: string[] = [], interpreted: string[] = []): boolean {
  const fromWords = q ? matchNeeds(q).all.map((t) => t.id) : [];
  return namesSensitiveNeed([...fromWords, ...termIds, ...interpreted]);
}
