/** The page's glyph store with the service-worker cache stubbed (no browser, no network for most). */
import { describe, expect, it } from 'vitest';
import { openLocalDb } from '../local/db.ts';
import { rawCid } from '../shared/glyphs/cid.ts';
import { BUILT_IN, createGlyphStore, DuplicateGlyphError } from './store.ts';
import type { GlyphCacheBridge } from '../sw-bridge.ts';

let n = 0;
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>t</title></svg>');
const NOWHERE = 'http://127.0.0.1:9'; // the discard port: connections are refused at once

function cacheWith(entries: Map<string, Uint8Array>): GlyphCacheBridge {
  return { get: async (cid) => entries.get(cid) ?? null, put: async () => true };
}

describe('glyph store', () => {
  it('adds a glyph once (from the cache here), lists it after the pack, and refuses it twice', async () => {
    const db = await openLocalDb(`glyphs-${++n}`);
    const cid = (await rawCid(svg)).toString();
    const store = createGlyphStore({ db, cache: cacheWith(new Map([[cid, svg]])), origin: NOWHERE, fetchGateways: async () => [] });
    const added = await store.add(cid, '  Mine  ');
    expect(added).toMatchObject({ cid, name: 'Mine', builtIn: false });
    expect((await store.list()).map((g) => g.cid)).toEqual([...BUILT_IN.map((g) => g.cid), cid]);
    await expect(store.add(cid)).rejects.toBeInstanceOf(DuplicateGlyphError);
    await expect(store.add(BUILT_IN[0]!.cid)).rejects.toBeInstanceOf(DuplicateGlyphError);
    await store.remove(cid);
    expect((await store.list()).length).toBe(BUILT_IN.length);
  });

  it('ignores stored entries that are not glyphs, instead of breaking the list', async () => {
    const db = await openLocalDb(`glyphs-${++n}`);
    const cid = (await rawCid(svg)).toString();
    await db.put('settings', [{ cid: 'garbage', name: 'x' }, null, { cid, name: 'Kept' }, { cid, name: 42 }], 'own-glyphs');
    const store = createGlyphStore({ db, cache: cacheWith(new Map()), origin: NOWHERE, fetchGateways: async () => [] });
    expect((await store.list()).filter((g) => !g.builtIn)).toEqual([{ cid, name: 'Kept', tags: [], builtIn: false }]);
    await expect(store.image('not a cid')).rejects.toThrow(/not a CID/);
  });

  it('asks for the gateway list again after it could not be fetched (offline), instead of remembering the failure', async () => {
    const db = await openLocalDb(`glyphs-${++n}`);
    let asked = 0;
    const store = createGlyphStore({
      db,
      cache: cacheWith(new Map()),
      origin: NOWHERE,
      timeoutMs: 2000,
      fetchGateways: async () => {
        asked++;
        throw new TypeError('Failed to fetch');
      },
    });
    const cid = (await rawCid(new Uint8Array([1, 2, 3]))).toString();
    await expect(store.image(cid)).rejects.toThrow(/could not be loaded/);
    await expect(store.image(cid)).rejects.toThrow(/could not be loaded/);
    expect(asked).toBe(2);
  });
});
