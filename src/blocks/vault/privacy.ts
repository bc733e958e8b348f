import type { PrivacyDeclaration } from '../../platform/site/privacy.js';
import { INVITATION_DAYS } from './advocates/limits.js';

const keys = (part: string, names: string[]) => names.map((n) => `vault.privacy.${part}.${n}`);

/**
 * What the vault keeps about residents, who else sees it and what they can do themselves, for
 * each council's privacy notice (locales/privacy.*.json). It shares: a resident shares their
 * record with teams and partners, so the notice's default texts say so.
 */
export const VAULT_PRIVACY: PrivacyDeclaration = {
  records: keys('records', ['record', 'history', 'grants', 'access_log', 'advocates', 'notices', 'saved']),
  kept: keys('kept', ['record', 'grants', 'access_log', 'invitations']),
  sharing: {
    intro: 'vault.privacy.seen_by_intro',
    list: keys('seen_by', ['grantees', 'duty', 'advocates']),
    paragraphs: keys('sharing', ['logged', 'tell_us_once', 'recipients']),
  },
  rights: {
    intro: 'vault.privacy.rights_intro',
    list: keys('rights', ['download', 'log', 'correct', 'erase', 'restrict', 'withdraw']),
    link: { key: 'vault.privacy.rights_link_html', path: '/my-record/rights' },
  },
  facts: () => ({ invitationDays: INVITATION_DAYS }),
  shares: true,
};
