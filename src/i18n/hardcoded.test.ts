/**
 * No words for people written into the UI's code: every word on screen, in an aria label or in an
 * error message comes from the dictionaries, so each of them exists in every language. This reads
 * the UI's source with the TypeScript parser and fails on JSX text with letters, on a user-facing
 * attribute (aria-label, title, placeholder, alt…) given a literal, and on any string literal
 * outside JSX that reads like English words. A literal that only looks like words (a CSS value, a
 * brand in a file name) is let through by `i18n-exempt: <reason>` on its line or the line above.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHardcoded } from './testing/hardcoded.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The page's code: the UI, and the domains whose words could reach the screen (their test doubles aside). */
const SCANNED = [
  'src/ui',
  'src/main.tsx',
  'src/room',
  'src/vault',
  'src/glyphs',
  'src/practice',
  'src/local',
  'src/audio',
  'src/heart',
  'src/sw-bridge.ts',
  'src/connectivity.ts',
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (/\.tsx?$/.test(path)) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'testing'
        ? []
        : filesUnder(join(path, entry.name))
      : /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
        ? [join(full, entry.name)]
        : [],
  );
}

describe('the page code', () => {
  const files = SCANNED.flatMap(filesUnder);
  it.each(files.map((f) => [relative(ROOT, f), f]))('%s has no hard-coded words', (_name, path) => {
    const ui = path.includes('/src/ui/') || path.endsWith('main.tsx');
    const findings = findHardcoded(readFileSync(path, 'utf8'), path, ui ? 'ui' : 'domain');
    expect(findings.map((f) => `line ${f.line}: ${f.text}`)).toEqual([]);
  });
});

describe('the finder', () => {
  it('sees JSX text, a spoken attribute and a sentence in code, and lets keys, classes and logs be', () => {
    const source = [
      "const label = 'Breathe in';",
      'const a = <p class="big box">Start</p>;',
      'const b = <button aria-label="Close" type="button" />;',
      "const c = <span aria-label={open ? 'Hide' : t('room.show')} />;",
      "const d = <p>{t('practice.start')}</p>;",
      "console.error('could not save the entry', e);",
      "throw new TypeError('Not a pattern here');",
      "if (error.name === 'VersionError') return;",
      '// i18n-exempt: a font name',
      "const font = 'Noto Serif';",
    ].join('\n');
    expect(findHardcoded(source, 'x.tsx').map((f) => f.line)).toEqual([1, 2, 3, 4]);
  });
  it('in a domain, sees a sentence and lets codes and errors’ own messages be', () => {
    const source = [
      "const notice = 'Your room was deleted';",
      "const key = 'createdAt';",
      "headers.set('Authorization', 'Bearer ' + key);",
      'class GoneError extends Error {',
      "  constructor() { super('room not opened'); }",
      "  override name = 'GoneError';",
      '}',
    ].join('\n');
    expect(findHardcoded(source, 'x.ts', 'domain').map((f) => f.line)).toEqual([1]);
  });
});
