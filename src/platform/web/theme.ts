import type { Council } from '../councils.js';

/** Darken a #rrggbb colour by a fraction, for the header's bottom border. */
function darken(hex: string, by: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 255) * (1 - by));
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Each council's colours as CSS custom properties, served as a stylesheet (the CSP allows no
 * inline styles). "Consistent but not uniform": same structure, the council's own colour.
 */
export function themeCss(council: Council): string {
  return `:root { --hearth-council-colour: ${council.colourPrimary}; --hearth-council-colour-dark: ${darken(council.colourPrimary, 0.45)}; }\n`;
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [16, 8, 0].map((s) => {
    const c = ((n >> s) & 255) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of white text on this background colour. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}
