import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dict as de } from './de/index.ts';
import { dict as en } from './en/index.ts';
import { dict as es } from './es/index.ts';
import { localiseManifest, type Manifest } from './manifest.ts';

const english = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/manifest.webmanifest'), 'utf8')) as Manifest;

describe('the manifest in each language', () => {
  it('is, in English, exactly the shipped manifest (its words come from the English dictionary)', () => {
    expect(localiseManifest(english, en, 'en')).toEqual(english);
  });
  it('has Spanish and German words and keeps everything else', () => {
    const spanish = localiseManifest(english, es, 'es');
    const german = localiseManifest(english, de, 'de');
    expect(spanish.lang).toBe('es');
    expect(german.description).toBe(de.common.manifest.description);
    expect(german.shortcuts.map((s) => s.name)).toEqual(['Jetzt atmen', 'Tagebuch']);
    expect(spanish.icons).toEqual(english.icons);
    expect(spanish.start_url).toBe(english.start_url);
  });
});
