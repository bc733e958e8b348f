import type { PrivacyDeclaration } from '../../platform/site/privacy.js';

/** What the directory keeps about people, for each council's privacy notice (locales/privacy.*.json). */
export const DIRECTORY_PRIVACY: PrivacyDeclaration = {
  records: ['directory.privacy.records.out_of_date'],
};
