import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 AA, and the levels under it. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl?: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/** Run axe on the page as it is (evaluated through the browser, so the page's CSP stays on). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  }, WCAG_TAGS);
}

/** Violations as a person reads them in a failed assertion. */
export function readable(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}${v.helpUrl ? `\n  ${v.helpUrl}` : ''}\n${v.nodes.map((n) => `  - ${JSON.stringify(n.target)} ${n.html}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n\n');
}
