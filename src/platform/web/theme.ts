import { createHash } from 'node:crypto';
import type { Council } from '../councils.js';
import { checkFontStack } from './font-stack.js';

type Rgb = [number, number, number];

const rgb = (hex: string): Rgb => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const hexOf = (c: Rgb): string => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** Darken a #rrggbb colour by a fraction (towards black). */
export function darken(hex: string, by: number): string {
  return hexOf(rgb(hex).map((v) => v * (1 - by)) as Rgb);
}

/** Mix a #rrggbb colour with white: `by` 0.95 is GOV.UK's "tint-95". */
export function tint(hex: string, by: number): string {
  return hexOf(rgb(hex).map((v) => v + (255 - v) * by) as Rgb);
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG contrast ratio of white text on this background colour. */
export function contrastWithWhite(hex: string): number {
  return contrast('#ffffff', hex);
}

/** WCAG 2.2 AA for normal text. */
export const MIN_CONTRAST = 4.5;

/**
 * The colours GOV.UK Frontend takes from a council's one colour. The header and service
 * navigation are the colour itself (checked for 4.5:1 with white text when it is set); the
 * footer and other "surfaces" a light tint of it; links the colour, darkened until they keep
 * 4.5:1 on that tint as well as on white. Focus (yellow with black) and buttons (green) stay
 * GOV.UK's: they are designed to stand out on any brand colour, and a council colour could
 * make a focused control or the main action hard to see.
 */
export function councilPalette(colour: string): Record<string, string> {
  const surface = tint(colour, 0.95);
  let link = colour;
  while (contrast(link, surface) < MIN_CONTRAST) link = darken(link, 0.05);
  return {
    brand: colour,
    link,
    'link-hover': darken(link, 0.45),
    'template-background': surface,
    'surface-background': surface,
    'surface-border': tint(colour, 0.5),
  };
}

/**
 * The font stack a council's pages are set in: its own, else the deployment's
 * (`HEARTH_FONT_FAMILY`, checked at start). Its own is checked when saved; checked again here
 * so that a value written to the table by hand can never reach CSS.
 */
export function councilFontStack(council: Pick<Council, 'fontFamily'>, deploymentStack: string): string {
  if (!council.fontFamily) return deploymentStack;
  const checked = checkFontStack(council.fontFamily);
  return 'stack' in checked ? checked.stack : deploymentStack;
}

/**
 * A council's colours and font stack as CSS custom properties, served as a stylesheet (the CSP
 * allows no inline styles). GOV.UK Frontend 6 reads its functional colours through these
 * properties (`var(--govuk-brand-colour, …)`), and Hearth's build of it reads its font family
 * through `--hearth-font-family` in every rule that sets one (sass/stylesheet.ts), so one
 * compiled GOV.UK stylesheet serves every council and a new colour or font shows at once, with
 * no Sass compile.
 */
export function themeCss(council: Pick<Council, 'colourPrimary' | 'fontFamily'>, deploymentStack: string): string {
  const palette = councilPalette(council.colourPrimary);
  const lines = [
    `--hearth-council-colour: ${council.colourPrimary};`,
    `--hearth-council-colour-dark: ${darken(council.colourPrimary, 0.45)};`,
    ...Object.entries(palette).map(([name, value]) => `--govuk-${name}-colour: ${value};`),
    `--hearth-font-family: ${councilFontStack(council, deploymentStack)};`,
  ];
  return `:root {\n  ${lines.join('\n  ')}\n}\n`;
}

/**
 * Where a council's pages load its theme.css from. The address names what goes into it (the
 * colour, and a hash of the font stack), so a council's new colour or font is fetched at once,
 * not after the browser's five minutes.
 */
export function themeHref(basePath: string, council: Pick<Council, 'colourPrimary' | 'fontFamily'>, deploymentStack: string): string {
  return `${basePath}/theme.css?colour=${council.colourPrimary.replace('#', '')}&font=${fontTag(councilFontStack(council, deploymentStack))}`;
}

/** A short hash of each font stack, worked out once: every page names one. */
const fontTags = new Map<string, string>();
function fontTag(stack: string): string {
  let tag = fontTags.get(stack);
  if (!tag) {
    tag = createHash('sha256').update(stack).digest('hex').slice(0, 8);
    // Stacks are the councils' own and the deployment's: a handful, but never let it grow unbounded.
    if (fontTags.size >= 1000) fontTags.clear();
    fontTags.set(stack, tag);
  }
  return tag;
}
