/**
 * First-load weight of the pacer route: the JS and CSS that index.html loads before anything
 * else, gzipped (level 9, as a static host would), against the budgets: 40 KB of JS (design.md's
 * "first-load JS for the pacer route") and 60 KB with the CSS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 60 * 1024;
/** design.md: first-load JS for the pacer route, gzip. */
export const JS_BUDGET_BYTES = 40 * 1024;

export interface BundleRow {
  readonly file: string;
  readonly firstLoad: boolean;
  readonly raw: number;
  readonly gzip: number;
}

/** Every JS and CSS file of the build, marked by whether index.html loads it up front. */
export function measureBundle(distDir: string): BundleRow[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const upFront = new Set([...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
  return readdirSync(join(distDir, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const bytes = readFileSync(join(distDir, 'assets', f));
      return { file: `assets/${f}`, firstLoad: upFront.has(`assets/${f}`), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => Number(b.firstLoad) - Number(a.firstLoad) || b.gzip - a.gzip);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printBundle(distDir: string): void {
  const rows = measureBundle(distDir);
  console.log('\n## First-load bundle of the pacer route (gzip -9)\n');
  console.log('file'.padEnd(52), 'first load', 'raw'.padStart(10), 'gzip'.padStart(10));
  for (const r of rows)
    console.log(r.file.padEnd(52), (r.firstLoad ? 'yes' : 'lazy').padEnd(10), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
  const first = rows.filter((r) => r.firstLoad).reduce((s, r) => s + r.gzip, 0);
  const firstJs = rows.filter((r) => r.firstLoad && r.file.endsWith('.js')).reduce((s, r) => s + r.gzip, 0);
  const all = rows.reduce((s, r) => s + r.gzip, 0);
  console.log(
    `\nfirst-load JS: ${kb(firstJs)} of the ${kb(JS_BUDGET_BYTES)} budget (${((100 * firstJs) / JS_BUDGET_BYTES).toFixed(0)}%)${firstJs > JS_BUDGET_BYTES ? '  OVER BUDGET' : ''}`,
  );
  console.log(
    `first load with CSS: ${kb(first)} of the ${kb(BUDGET_BYTES)} budget (${((100 * first) / BUDGET_BYTES).toFixed(0)}%)${first > BUDGET_BYTES ? '  OVER BUDGET' : ''}`,
  );
  console.log(`everything, lazy chunks included: ${kb(all)}`);
  printLanguages(rows, firstJs);
}

/** The dictionary chunk of each language (src/i18n/<lang>/), named by Vite after its folder. */
const LANGUAGE_CHUNK = /^assets\/(en|es|de)-[\w-]+\.js$/;

/**
 * Each language's words: only the showing language's dictionary loads, beside the first load and
 * before the first render, so a first visit fetches the first-load JS plus one of these.
 */
function printLanguages(rows: readonly BundleRow[], firstJs: number): void {
  const languages = rows.filter((r) => LANGUAGE_CHUNK.test(r.file));
  if (languages.length === 0) return;
  console.log('\n## Words per language (one loads, before the first render)\n');
  console.log('language'.padEnd(10), 'dictionary raw'.padStart(15), 'gzip'.padStart(10), 'first-load JS with it'.padStart(24));
  for (const r of languages.sort((a, b) => a.file.localeCompare(b.file)))
    console.log(
      LANGUAGE_CHUNK.exec(r.file)![1]!.padEnd(10),
      kb(r.raw).padStart(15),
      kb(r.gzip).padStart(10),
      kb(firstJs + r.gzip).padStart(24),
    );
}
