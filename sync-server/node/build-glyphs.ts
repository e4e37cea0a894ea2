/**
 * `npm run glyphs`: writes public/glyphs/catalog.json and public/glyphs/pack.car from the SVG
 * files in public/glyphs/. Run it after adding or changing a glyph; the same files always give
 * the same output (a test checks that the committed catalog and CAR match the files).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPack, catalogJson } from '../../src/shared/glyphs/pack.ts';

const dir = resolve(import.meta.dirname, '../../public/glyphs');
const files = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.svg'))
    .map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const),
);
const { catalog, car } = await buildPack(files);
writeFileSync(join(dir, 'catalog.json'), catalogJson(catalog));
writeFileSync(join(dir, 'pack.car'), car);
console.log(`${catalog.glyphs.length} glyphs, pack root ${catalog.root}, CAR ${car.length} bytes`);
