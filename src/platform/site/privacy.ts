import type { Config } from '../config.js';

/**
 * What a block tells each council's privacy notice about what it keeps: sentences of its own
 * (message keys in its own catalogue, both languages), which the notice puts under its headings
 * beside the platform's. The platform knows no block by name: a deployment without a block
 * says nothing of what that block would keep.
 */
export interface PrivacyDeclaration {
  /** Under "What we record": one list item each. */
  records?: string[];
  /** Under "How long we keep it": one list item each. */
  kept?: string[];
  /** Under "Who we share it with": who else sees a person's information, and how. */
  sharing?: { intro: string; list: string[]; paragraphs: string[] };
  /** Under "Your rights": what a person can do themselves, and the page where they do it (`{href}` in the key, a path in the council). */
  rights?: { intro: string; list: string[]; link?: { key: string; path: string } };
  /** Values its sentences name, such as `{invitationDays}`; the notice adds `{council}`, `{idleMinutes}` and `{maxHours}`. */
  facts?(config: Config): Record<string, string | number>;
  /**
   * It shares a person's information with others when they ask it to: the notice's default
   * texts (which a council may replace) then say information is shared only as the notice
   * describes, not that it is shared with nobody (`site.default.privacy.shared.*`).
   */
  shares?: boolean;
}
