/** The committed pack: every catalog CID and SRI matches its file, and `npm run glyphs` would write the same bytes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarReader } from '@ipld/car/reader';
import { CID } from 'multiformats/cid';
import { rawCid, sri384 } from './cid.ts';
import { buildPack, catalogJson, GlyphPackError, type Catalog } from './pack.ts';

const dir = resolve(import.meta.dirname, '../../../public/glyphs');
const read = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as Catalog;
const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));

describe('glyph pack', () => {
  it('has at least 12 glyphs, each with a name and tags', () => {
    expect(catalog.glyphs.length).toBeGreaterThanOrEqual(12);
    expect(catalog.glyphs.map((g) => g.file).sort()).toEqual(svgs.sort());
    for (const g of catalog.glyphs) expect(g.name.length > 0 && g.tags.length > 0).toBe(true);
  });

  it("every catalog CID, SRI and size matches its file's bytes", async () => {
    for (const g of catalog.glyphs) {
      const bytes = read(g.file);
      expect((await rawCid(bytes)).toString(), g.file).toBe(g.cid);
      expect(await sri384(bytes), g.file).toBe(g.sri);
      expect(bytes.length).toBe(g.size);
    }
  });

  it('regenerates a byte-identical catalog and CAR from the same files', async () => {
    const sounds = JSON.parse(readFileSync(join(dir, 'sounds.json'), 'utf8')) as Record<string, string>;
    const { catalog: again, car } = await buildPack(new Map(svgs.map((f) => [f, read(f)])), sounds);
    expect(catalogJson(again)).toBe(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    expect(car).toEqual(read('pack.car'));
  });

  it('the CAR holds every glyph block under the pack root', async () => {
    const reader = await CarReader.fromBytes(read('pack.car'));
    expect((await reader.getRoots()).map(String)).toEqual([catalog.root]);
    for (const g of catalog.glyphs) expect((await reader.get(CID.parse(g.cid)))?.bytes).toEqual(read(g.file));
  });

  it('records the soundscape a glyph names without touching its bytes, CID or the CAR', async () => {
    const files = new Map(svgs.map((f) => [f, read(f)]));
    const plain = await buildPack(files);
    const named = await buildPack(files, { wave: 'ocean' });
    expect(named.catalog.glyphs.find((g) => g.id === 'wave')?.soundscape).toBe('ocean');
    expect(named.catalog.glyphs.filter((g) => g.soundscape !== undefined)).toHaveLength(1);
    expect(named.catalog.glyphs.map((g) => g.cid)).toEqual(plain.catalog.glyphs.map((g) => g.cid));
    expect(named.catalog.root).toBe(plain.catalog.root);
    expect(named.car).toEqual(plain.car);
    // A glyph that names none has no field at all.
    expect('soundscape' in plain.catalog.glyphs[0]!).toBe(false);
    await expect(buildPack(files, { waves: 'ocean' })).rejects.toThrow(/waves.svg/);
  });

  it('refuses files that cannot be glyphs', async () => {
    const svg = (s: string) => new TextEncoder().encode(s);
    await expect(buildPack(new Map([['a.svg', svg('<svg><title>A</title><script>alert(1)</script></svg>')]]))).rejects.toThrow(
      GlyphPackError,
    );
    await expect(buildPack(new Map([['b.svg', svg('<svg onload="x()"><title>B</title></svg>')]]))).rejects.toThrow(/event handlers/);
    await expect(
      buildPack(new Map([['c.svg', svg('<svg><image href="https://x.example/a.png"/><title>C</title></svg>')]])),
    ).rejects.toThrow(GlyphPackError);
    await expect(buildPack(new Map([['d.svg', svg('<svg></svg>')]]))).rejects.toThrow(/title/);
    await expect(buildPack(new Map([['e.svg', svg('hello')]]))).rejects.toThrow(/<svg/);
  });
});
