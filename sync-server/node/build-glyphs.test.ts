/** `npm run glyphs`: the committed catalog is what the files and sounds.json give, with the soundscapes glyphs name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlyphPackError } from '../../src/shared/glyphs/pack.ts';
import { buildGlyphs, GLYPHS_DIR, parseSounds } from './build-glyphs.ts';

const committed = readFileSync(join(GLYPHS_DIR, 'catalog.json'), 'utf8');

describe('build-glyphs', () => {
  it('gives the committed catalog, each glyph with the soundscape sounds.json names for it', async () => {
    const { catalog } = await buildGlyphs();
    expect(`${JSON.stringify(catalog, null, 2)}\n`).toBe(committed);
    const sound = (id: string) => catalog.glyphs.find((g) => g.id === id)?.soundscape;
    expect([sound('wave'), sound('drop'), sound('ripple')]).toEqual(['ocean', 'ocean', 'ocean']);
    expect([sound('leaf'), sound('spiral')]).toEqual(['wind', 'wind']);
    expect([sound('lotus'), sound('mandala'), sound('orb')]).toEqual(['drone', 'drone', 'drone']);
    expect(sound('sun')).toBeUndefined();
    const sounds = parseSounds(readFileSync(join(GLYPHS_DIR, 'sounds.json'), 'utf8'));
    for (const g of catalog.glyphs) expect(g.soundscape, g.id).toBe(sounds[g.id]);
  });

  it('refuses a soundscape the engine does not know, none spelled out, or what is not a table', () => {
    expect(parseSounds('{"wave":"wind"}')).toEqual({ wave: 'wind' });
    expect(() => parseSounds('{"wave":"rain"}')).toThrow(GlyphPackError);
    expect(() => parseSounds('{"wave":"none"}')).toThrow(/ocean, wind, drone/);
    expect(() => parseSounds('{"wave":1}')).toThrow(GlyphPackError);
    expect(() => parseSounds('["ocean"]')).toThrow(GlyphPackError);
  });
});
