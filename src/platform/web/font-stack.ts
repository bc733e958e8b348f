import { ConfigError } from '../config.js';

/**
 * Font stacks: the deployment's (`HEARTH_FONT_FAMILY`) and a council's own. One check for both,
 * since either goes into CSS: only family names pass (letters, digits, spaces and hyphens,
 * optionally quoted), so no `;`, `}`, `<`, `url(` or escape can reach a stylesheet. Kept apart
 * from `sass/stylesheet.ts` so that checking a council's details does not load what compiling
 * needs.
 */

/** Councils are not GOV.UK: GDS Transport is GOV.UK's own typeface. */
export const DEFAULT_FONT_FAMILY = 'Arial, "Helvetica Neue", Helvetica, sans-serif';

const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math']);

export type FontStackCheck =
  | { stack: string }
  /** `part` is not a font family name. */
  | { problem: 'font_family'; part: string }
  /** GDS Transport: the GOV.UK Design System reserves it for GOV.UK. */
  | { problem: 'font_reserved' };

/**
 * A font stack checked and written out the one way: named families quoted, generic ones in
 * lower case and not quoted, `"Open Sans", "Verdana", sans-serif`.
 */
export function checkFontStack(text: string): FontStackCheck {
  const families: string[] = [];
  for (const part of text.split(',')) {
    const raw = part.trim();
    const name = /^"([^"]*)"$/.exec(raw)?.[1] ?? /^'([^']*)'$/.exec(raw)?.[1] ?? raw;
    if (!/^[A-Za-z0-9][A-Za-z0-9 -]{0,62}$/.test(name)) return { problem: 'font_family', part: raw };
    // However it is spaced or joined: "GDS Transport", "GDS-Transport", "GDSTransportWebsite".
    if (/^gds[\s-]*transport/i.test(name)) return { problem: 'font_reserved' };
    families.push(GENERIC_FAMILIES.has(name.toLowerCase()) ? name.toLowerCase() : `"${name.replace(/\s+/g, ' ')}"`);
  }
  return { stack: families.join(', ') };
}

/**
 * A CSS font stack from `HEARTH_FONT_FAMILY`, checked and written out the one way
 * (`checkFontStack`, which checks a council's own stack too): named families quoted, generic
 * ones not. GDS Transport is refused: the GOV.UK Design System reserves it for GOV.UK.
 */
export function fontStack(text: string): string {
  const checked = checkFontStack(text);
  if ('stack' in checked) return checked.stack;
  if (checked.problem === 'font_reserved') {
    throw new ConfigError('HEARTH_FONT_FAMILY names GDS Transport, which only GOV.UK may use; choose the council\'s own font stack');
  }
  throw new ConfigError(`HEARTH_FONT_FAMILY must be font family names separated by commas, like ${DEFAULT_FONT_FAMILY}; "${checked.part}" is not one`);
}

/** The deployment's font stack: `HEARTH_FONT_FAMILY`, else Arial and Helvetica; a council without its own uses it. */
export function deploymentFontStack(env: NodeJS.ProcessEnv): string {
  return fontStack(env.HEARTH_FONT_FAMILY || DEFAULT_FONT_FAMILY);
}
