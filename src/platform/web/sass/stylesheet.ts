import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import { ConfigError } from '../../config.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const govukPackage = require.resolve('govuk-frontend/package.json');
const govukVersion = (JSON.parse(readFileSync(govukPackage, 'utf8')) as { version: string }).version;
// Sass itself is loaded only to compile (below): six megabytes of compiled Dart, which every
// `hearth` command would otherwise load at start. Its version, an input of the cache key, is
// read from its package.json (which its exports do not name, hence the path beside its entry).
const sassVersion = (JSON.parse(readFileSync(join(dirname(require.resolve('sass')), 'package.json'), 'utf8')) as { version: string }).version;

/** Councils are not GOV.UK: GDS Transport is GOV.UK's own typeface. */
export const DEFAULT_FONT_FAMILY = 'Arial, "Helvetica Neue", Helvetica, sans-serif';

/** Compiled sheets live beside the packages they come from, so a new install compiles afresh. */
export const DEFAULT_CACHE_DIR = join(dirname(govukPackage), '..', '.cache', 'hearth');

const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math']);

/**
 * A CSS font stack from `HEARTH_FONT_FAMILY`, checked and written out the one way (it goes
 * into Sass source, so nothing but family names may pass): named families quoted, generic
 * ones not. GDS Transport is refused: the GOV.UK Design System reserves it for GOV.UK.
 */
export function fontStack(text: string): string {
  const families = text.split(',').map((part) => {
    const raw = part.trim();
    const name = /^"([^"]*)"$/.exec(raw)?.[1] ?? /^'([^']*)'$/.exec(raw)?.[1] ?? raw;
    if (!/^[A-Za-z0-9][A-Za-z0-9 -]{0,62}$/.test(name)) {
      throw new ConfigError(`HEARTH_FONT_FAMILY must be font family names separated by commas, like ${DEFAULT_FONT_FAMILY}; "${raw}" is not one`);
    }
    if (/^gds transport$/i.test(name.replace(/\s+/g, ' '))) {
      throw new ConfigError('HEARTH_FONT_FAMILY names GDS Transport, which only GOV.UK may use; choose the council\'s own font stack');
    }
    return GENERIC_FAMILIES.has(name.toLowerCase()) ? name.toLowerCase() : `"${name.replace(/\s+/g, ' ')}"`;
  });
  return families.join(', ');
}

/** The Sass that builds GOV.UK Frontend for a council: its font stack, no GDS Transport, no Royal Arms. */
export function stylesheetSource(stack: string): string {
  return [
    '@use "sass:meta";',
    '@use "images";',
    '@use "pkg:govuk-frontend" with (',
    `  $govuk-font-family: (${stack}),`,
    '  $govuk-include-default-font-face: false,',
    '  $govuk-image-url-function: meta.get-function("image-url", $module: "images")',
    ');',
    // For Hearth's own styles (hearth.css), which set type outside GOV.UK Frontend's classes.
    `:root { --hearth-font-family: ${stack}; }`,
    '',
  ].join('\n');
}

export interface CompiledStylesheet {
  /** Where pages load it from: the name changes with what went into it, so it can be cached for good. */
  href: string;
  css: string;
  /** How long Sass took, when it was compiled now rather than read from the cache. */
  compiledMs?: number;
}

const inProcess = new Map<string, Promise<CompiledStylesheet>>();

/**
 * GOV.UK Frontend compiled from its Sass with the council font stack, read from the cache
 * folder when the same inputs (font stack, the Sass here, GOV.UK Frontend's and Sass's
 * versions) were compiled before. Colours are not inputs: GOV.UK Frontend reads them from CSS
 * custom properties, which each council's theme.css sets (see theme.ts).
 *
 * Compiling takes one to three seconds of CPU. Call this while the server starts, before it
 * listens: it never runs while requests are served.
 */
export function govukStylesheet(options: { fontFamily?: string; cacheDir?: string } = {}): Promise<CompiledStylesheet> {
  const source = stylesheetSource(fontStack(options.fontFamily || DEFAULT_FONT_FAMILY));
  const images = readFileSync(join(here, '_images.scss'), 'utf8');
  const hash = createHash('sha256').update(JSON.stringify([source, images, govukVersion, `sass ${sassVersion}`])).digest('hex').slice(0, 16);
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const key = `${cacheDir}\0${hash}`;
  let sheet = inProcess.get(key);
  if (!sheet) {
    sheet = cachedOrCompiled(source, hash, cacheDir);
    inProcess.set(key, sheet);
    sheet.catch(() => inProcess.delete(key));
  }
  return sheet;
}

async function cachedOrCompiled(source: string, hash: string, cacheDir: string): Promise<CompiledStylesheet> {
  const href = `/static/govuk-${hash}.css`;
  const file = join(cacheDir, `govuk-${hash}.css`);
  try {
    return { href, css: await readFile(file, 'utf8') };
  } catch {
    // Not compiled yet.
  }
  const sass = await import('sass');
  const started = performance.now();
  const { css } = sass.compileString(source, {
    url: pathToFileURL(join(here, 'hearth-govuk.scss')),
    importers: [new sass.NodePackageImporter(here)],
    style: 'compressed',
    quietDeps: true,
  });
  const compiledMs = Math.round(performance.now() - started);
  // Written whole under another name and then renamed: processes starting together never
  // read half a file. A read-only install keeps the sheet in memory only.
  const partial = `${file}.${randomUUID()}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(partial, css);
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
  return { href, css, compiledMs };
}

/**
 * Compile (or read) the council stylesheet while the server starts, give pages its address
 * (`govukStylesheet` in every template) and serve it.
 */
export async function registerGovukStylesheet(app: FastifyInstance, views: nunjucks.Environment, env: NodeJS.ProcessEnv): Promise<void> {
  const sheet = await govukStylesheet({ fontFamily: env.HEARTH_FONT_FAMILY, cacheDir: env.HEARTH_CACHE_DIR || undefined });
  if (sheet.compiledMs !== undefined) app.log.info({ ms: sheet.compiledMs, href: sheet.href }, 'GOV.UK Frontend compiled from Sass with the council font stack');
  views.addGlobal('govukStylesheet', sheet.href);
  app.get(sheet.href, { schema: { hide: true } as object, config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(sheet.css),
  );
}
