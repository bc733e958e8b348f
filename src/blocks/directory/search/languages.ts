/**
 * Language names → ISO 639 codes, for listings that name their languages ("Polish") instead
 * of coding them, and for the `language` parameter's aliases ("bsl"). English names come from
 * the runtime (Intl.DisplayNames), plus the names UK directories commonly use that it lacks.
 */
const ISO_639_1 =
  'aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'.split(
    ' ',
  );

const EXTRA: Record<string, string> = {
  'british sign language': 'bfi',
  bsl: 'bfi',
  'sign language': 'bfi',
  farsi: 'fa',
  'persian (farsi)': 'fa',
  dari: 'prs',
  mandarin: 'zh',
  'chinese (mandarin)': 'zh',
  cantonese: 'yue',
  sylheti: 'syl',
  mirpuri: 'pa',
  'punjabi (gurmukhi)': 'pa',
  'punjabi (shahmukhi)': 'pa',
  kurdish: 'ku',
  sorani: 'ckb',
  kurmanji: 'kmr',
  tigrinya: 'ti',
  cymraeg: 'cy',
  polski: 'pl',
};

let names: Map<string, string> | undefined;

function nameMap(): Map<string, string> {
  if (names) return names;
  names = new Map();
  const display = new Intl.DisplayNames(['en'], { type: 'language' });
  for (const code of ISO_639_1) {
    const name = display.of(code);
    if (name && name !== code) names.set(name.toLowerCase(), code);
  }
  for (const [name, code] of Object.entries(EXTRA)) names.set(name, code);
  return names;
}

/** Every known name (lower case) and its code: an object, for a JSON lookup in SQL. */
export function languageCodesByName(): Record<string, string> {
  return Object.fromEntries(nameMap());
}

/** The code the index stores for a `language` parameter or a listing's code: 'en-GB' → 'en', 'BSL' → 'bfi'. */
export function normaliseLanguageCode(input: string): string {
  const lower = input.trim().toLowerCase();
  return EXTRA[lower] ?? lower.split('-')[0];
}
