/**
 * `npm run glyphs`: writes public/glyphs/catalog.json and public/glyphs/pack.car from the SVG
 * files in public/glyphs/ and the soundscapes they name in public/glyphs/sounds.json (glyph id ->
 * 'ocean', 'wind' or 'drone'; a glyph left out names none). Run it after adding or changing a glyph;
 * the same files always give the same output (a test checks that the committed catalog and CAR
 * match the files). Sounds are declared beside the SVGs, not in them, so naming one never changes
 * a glyph's bytes, hence its CID, which people's settings and rooms keep.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOUNDSCAPES } from '../../src/audio/soundscape.ts';
import { buildPack, catalogJson, GlyphPackError, type Catalog } from '../../src/shared/glyphs/pack.ts';

/** The pack's folder. */
export const GLYPHS_DIR = resolve(import.meta.dirname, '../../public/glyphs');

/** The soundscapes glyphs name, from sounds.json's text; throws GlyphPackError for what is not a glyph id -> known soundscape. */
export function parseSounds(text: string): Record<string, string> {
  const sounds: unknown = JSON.parse(text);
  if (typeof sounds !== 'object' || sounds === null || Array.isArray(sounds)) {
    throw new GlyphPackError('sounds.json: needs an object of glyph id -> soundscape');
  }
  for (const [id, name] of Object.entries(sounds)) {
    if (name === 'none' || !(SOUNDSCAPES as readonly unknown[]).includes(name)) {
      throw new GlyphPackError(`sounds.json: ${id} names ${JSON.stringify(name)}, not one of ${SOUNDSCAPES.slice(1).join(', ')}`);
    }
  }
  return sounds as Record<string, string>;
}

/** Catalog and CAR from the SVGs and sounds.json in `dir`. */
export async function buildGlyphs(dir = GLYPHS_DIR): Promise<{ catalog: Catalog; car: Uint8Array }> {
  const files = new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.svg'))
      .map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const),
  );
  return buildPack(files, parseSounds(readFileSync(join(dir, 'sounds.json'), 'utf8')));
}

// Run as a script (not imported by its test): write the pack.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { catalog, car } = await buildGlyphs();
  writeFileSync(join(GLYPHS_DIR, 'catalog.json'), catalogJson(catalog));
  writeFileSync(join(GLYPHS_DIR, 'pack.car'), car);
  console.log(`${catalog.glyphs.length} glyphs, pack root ${catalog.root}, CAR ${car.length} bytes`);
}
