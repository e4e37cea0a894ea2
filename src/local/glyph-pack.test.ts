/** The resolved glyph pack on the device: kept across reopenings, never replaced by an older one, broken entries read as nothing. */
import { describe, expect, it } from 'vitest';
import { openLocalDb } from './db.ts';
import { createGlyphPackKeeper, parseKeptGlyphPack, type KeptPack } from './glyph-pack.ts';

let n = 0;
const pack = (seq: bigint, root = 'bafybeiroot'): KeptPack => ({
  root,
  seq,
  glyphs: [{ cid: 'bafkreifeather', id: 'feather', name: 'Feather', tags: ['light'] }],
});

describe('glyph pack keeper', () => {
  it('keeps a pack and its check across reopenings, the 64-bit sequence number exactly', async () => {
    const name = `glyph-pack-${++n}`;
    const keeper = createGlyphPackKeeper(await openLocalDb(name));
    expect(await keeper.read()).toEqual({ pack: null, checked: null });
    const big = 2n ** 63n + 5n;
    expect(await keeper.keep({ at: 1000, ttlMs: 60_000 }, pack(big))).toBe(true);
    const again = createGlyphPackKeeper(await openLocalDb(name));
    expect(await again.read()).toEqual({ pack: pack(big), checked: { at: 1000, ttlMs: 60_000 } });
  });

  it('never replaces a pack by one with a lower or equal number (another tab kept a newer one), but keeps the check', async () => {
    const keeper = createGlyphPackKeeper(await openLocalDb(`glyph-pack-${++n}`));
    await keeper.keep({ at: 1, ttlMs: 0 }, pack(3n, 'bafybeinewer'));
    expect(await keeper.keep({ at: 2, ttlMs: 5 }, pack(3n, 'bafybeiother'))).toBe(false);
    expect(await keeper.keep({ at: 3, ttlMs: 5 }, pack(2n))).toBe(false);
    expect(await keeper.read()).toEqual({ pack: pack(3n, 'bafybeinewer'), checked: { at: 3, ttlMs: 5 } });
    expect(await keeper.keep({ at: 4, ttlMs: 5 })).toBe(false);
    expect((await keeper.read()).pack?.seq).toBe(3n);
  });

  it('reads a broken or foreign entry as nothing kept, part by part', () => {
    expect(parseKeptGlyphPack(undefined)).toEqual({ pack: null, checked: null });
    expect(parseKeptGlyphPack({ pack: { root: 'x', seq: 5, glyphs: [] }, checked: { at: 1, ttlMs: 2 } })).toEqual({
      pack: null,
      checked: { at: 1, ttlMs: 2 },
    });
    expect(parseKeptGlyphPack({ pack: { root: 'x', seq: '5', glyphs: [{ cid: 'c' }] } }).pack).toBeNull();
    expect(parseKeptGlyphPack({ pack: { root: 'x', seq: '-1', glyphs: [] } }).pack).toBeNull();
    expect(parseKeptGlyphPack({ pack: { root: 'x', seq: '7', glyphs: [] }, checked: { at: 'now', ttlMs: 1 } })).toEqual({
      pack: { root: 'x', seq: 7n, glyphs: [] },
      checked: null,
    });
  });
});
