import type { Translate } from '../web/i18n.js';

/**
 * The texts GOV.UK Frontend's character count shows, in the reader's language. Welsh has six
 * plural forms; the component asks for the one the count needs, and ours are "one" and "other".
 */
export function characterCountTexts(t: Translate) {
  const plural = (key: string) => {
    const one = t(`site.count.${key}_one`);
    const other = t(`site.count.${key}_other`);
    return { zero: other, one, two: other, few: other, many: other, other };
  };
  return {
    textareaDescriptionText: t('site.count.description'),
    charactersUnderLimitText: plural('under'),
    charactersAtLimitText: t('site.count.at_limit'),
    charactersOverLimitText: plural('over'),
  };
}
