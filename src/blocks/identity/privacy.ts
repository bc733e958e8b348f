import type { PrivacyDeclaration } from '../../platform/site/privacy.js';
import { LINK_LIFETIME_MS } from './pages/sign-in.js';

/** What identity keeps about people, for each council's privacy notice (locales/privacy.*.json). */
export const IDENTITY_PRIVACY: PrivacyDeclaration = {
  records: ['email', 'sign_in_links', 'sessions', 'audit'].map((k) => `identity.privacy.records.${k}`),
  kept: ['sign_in_links', 'sessions'].map((k) => `identity.privacy.kept.${k}`),
  facts: () => ({ linkMinutes: LINK_LIFETIME_MS / 60_000 }),
};
