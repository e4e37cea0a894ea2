/** The page's glyph store with the service-worker cache stubbed and own glyphs in memory (no browser, no network for most). */
import { readFileSync } from 'node:fs';
import { createEffect, createRoot } from 'solid-js';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../core/presets.ts';
import { InvalidCidError, rawCid } from '../shared/glyphs/cid.ts';
import type { GlyphCacheBridge } from '../sw-bridge.ts';
import { GlyphUnavailableError } from './errors.ts';
import { distinctNames } from './names.ts';
import type { GlyphPackKeeper, PackCheck, PackUpdateDeps, ResolvedPack } from './pack-update.ts';
import { BUILT_IN, createGlyphStore, DuplicateGlyphError, packList, type GlyphInfo, type OwnGlyphs } from './store.ts';

const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>t</title></svg>');
const NOWHERE = 'http://127.0.0.1:9'; // the discard port: connections are refused at once

function cacheWith(entries: Map<string, Uint8Array>): GlyphCacheBridge {
  return { get: async (cid) => entries.get(cid) ?? null, put: async () => true };
}

/** Own glyphs kept in memory, as the device's list keeps them (oldest first, once per CID). */
function ownInMemory(initial: { cid: unknown; name: unknown }[] = []): OwnGlyphs & { entries: { cid: string; name: string }[] } {
  const entries = initial as { cid: string; name: string }[];
  return {
    entries,
    list: async () => [...entries],
    add: async (g) => !entries.some((e) => e.cid === g.cid) && entries.push(g) > 0,
    remove: async (cid) => void entries.splice(0, entries.length, ...entries.filter((e) => e.cid !== cid)),
  };
}

const own = (list: readonly GlyphInfo[]) => list.filter((g) => !g.builtIn);

describe('glyph store', () => {
  it('adds a glyph once (from the cache here), lists it after the pack by itself, and refuses it twice', async () => {
    const cid = (await rawCid(svg)).toString();
    const kept = ownInMemory();
    await createRoot(async (dispose) => {
      const store = createGlyphStore({
        own: kept,
        cache: cacheWith(new Map([[cid, svg]])),
        origin: NOWHERE,
        fetchGateways: async () => [],
      });
      const seen: number[] = [];
      createEffect(() => seen.push(store.list().length));
      expect(store.list()).toEqual(BUILT_IN);
      expect(BUILT_IN.map((g) => g.id)).toEqual(catalog.glyphs.map((g) => g.id));

      const added = await store.add(cid, '  Mine  ');
      expect(added).toMatchObject({ cid, name: 'Mine', builtIn: false });
      expect(store.list().map((g) => g.cid)).toEqual([...BUILT_IN.map((g) => g.cid), cid]);
      expect(kept.entries).toEqual([{ cid, name: 'Mine' }]);
      await vi.waitFor(() => expect(seen.at(-1)).toBe(BUILT_IN.length + 1));
      expect(await store.image(cid)).toMatch(/^blob:/);

      await expect(store.add(cid)).rejects.toEqual(new DuplicateGlyphError(cid));
      await store.remove(cid);
      // Without a name it keeps none: the UI names it in the person's language (src/ui/messages/glyphs.ts glyphName).
      expect(await store.add(cid, '   ')).toMatchObject({ cid, name: '' });
      expect(kept.entries).toEqual([{ cid, name: '' }]);
      await expect(store.add(cid)).rejects.toEqual(new DuplicateGlyphError(cid));
      await expect(store.add(BUILT_IN[0]!.cid)).rejects.toBeInstanceOf(DuplicateGlyphError);
      await store.remove(cid);
      expect(store.list()).toEqual(BUILT_IN);
      expect(kept.entries).toEqual([]);
      dispose();
    });
  });

  it('lists stored glyphs once read, leaving out entries that are not glyphs instead of breaking the list', async () => {
    const cid = (await rawCid(svg)).toString();
    const stored = ownInMemory([
      { cid: 'garbage', name: 'x' },
      { cid, name: 'Kept' },
      { cid, name: 42 },
    ]);
    const store = createGlyphStore({ own: stored, cache: cacheWith(new Map()), origin: NOWHERE, fetchGateways: async () => [] });
    await vi.waitFor(() => expect(own(store.list())).toEqual([{ cid, name: 'Kept', tags: [], builtIn: false }]));
    await expect(store.image('not a cid')).rejects.toEqual(new InvalidCidError('not-a-cid'));
  });

  it('shows own glyphs another tab added or removed once refreshed, in a Solid root', async () => {
    const cid = (await rawCid(svg)).toString();
    const kept = ownInMemory();
    await createRoot(async (dispose) => {
      const store = createGlyphStore({ own: kept, cache: cacheWith(new Map()), origin: NOWHERE });
      const seen: number[] = [];
      createEffect(() => seen.push(own(store.list()).length));
      await store.refresh();
      kept.entries.push({ cid, name: 'From the other tab' });
      expect(own(store.list())).toEqual([]);
      await store.refresh();
      expect(own(store.list())).toEqual([{ cid, name: 'From the other tab', tags: [], builtIn: false }]);
      await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
      kept.entries.length = 0;
      await store.refresh();
      await vi.waitFor(() => expect(seen.at(-1)).toBe(0));
      dispose();
    });
  });

  it('reads the own list again on the next refresh after a read failed, and logs the failure instead of rejecting', async () => {
    const cid = (await rawCid(svg)).toString();
    const kept = ownInMemory([{ cid, name: 'Kept' }]);
    let failing = true;
    const flaky: OwnGlyphs = { ...kept, list: async () => (failing ? Promise.reject(new Error('storage busy')) : kept.list()) };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = createGlyphStore({ own: flaky, cache: cacheWith(new Map()), origin: NOWHERE });
    await vi.waitFor(() => expect(logged).toHaveBeenCalledWith('own glyphs not read', expect.any(Error)));
    expect(store.list()).toEqual(BUILT_IN);
    await expect(store.refresh()).resolves.toBeUndefined();
    expect(store.list()).toEqual(BUILT_IN);
    failing = false;
    await store.refresh();
    expect(own(store.list()).map((g) => g.name)).toEqual(['Kept']);
    logged.mockRestore();
  });

  it('shows the guide the setting asks for: none for the shape, the suggestion, or a chosen glyph', async () => {
    const cid = (await rawCid(svg)).toString();
    const coherent = PRESETS[0]!;
    const store0 = createGlyphStore({ own: ownInMemory(), cache: cacheWith(new Map()), origin: NOWHERE });
    const suggested = store0.suggest(coherent, 7);
    expect(suggested.tags).toContain('slow'); // 5.5 breaths a minute
    // The pack's own files, as the service worker would have cached them.
    const packed = new Uint8Array(
      readFileSync(new URL(`../../public/glyphs/${catalog.glyphs.find((g) => g.cid === suggested.cid)!.file}`, import.meta.url)),
    );
    const store = createGlyphStore({
      own: ownInMemory(),
      cache: cacheWith(
        new Map([
          [cid, svg],
          [suggested.cid, packed],
        ]),
      ),
      origin: NOWHERE,
    });
    expect(await store.guideImage('shape', coherent, 7)).toBeNull();
    expect(await store.guideImage(cid, coherent, 7)).toBe(await store.image(cid));
    expect(await store.guideImage('suggested', coherent, 7)).toBe(await store.image(suggested.cid));
  });

  it('gives the soundscape of the glyph the guide shows: the catalog names a built-in one, an own SVG its root', async () => {
    const coherent = PRESETS[0]!;
    const sounding = new TextEncoder().encode(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" data-sound="wind" data-tags="calm"><title>w</title></svg>',
    );
    const tagged = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" data-tags="calm sound-drone"><title>d</title></svg>');
    const unknown = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" data-sound="rain"><title>r</title></svg>');
    const [plainCid, soundingCid, taggedCid, unknownCid] = await Promise.all(
      [svg, sounding, tagged, unknown].map(async (b) => (await rawCid(b)).toString()),
    );
    const store = createGlyphStore({
      own: ownInMemory(),
      cache: cacheWith(
        new Map([
          [plainCid!, svg],
          [soundingCid!, sounding],
          [taggedCid!, tagged],
          [unknownCid!, unknown],
        ]),
      ),
      origin: NOWHERE,
      fetchGateways: async () => [],
    });
    const wave = BUILT_IN.find((g) => g.name === 'Wave')!;
    expect(wave.soundscape).toBe('ocean');
    // A built-in glyph's is known without loading it (nothing cached for it here, and no network).
    expect(await store.guideSound(wave.cid, coherent, 7)).toBe('ocean');
    expect(await store.guideSound(BUILT_IN.find((g) => g.name === 'Sun')!.cid, coherent, 7)).toBeUndefined();
    const suggested = store.suggest(coherent, 20);
    expect(suggested.soundscape).toBeDefined(); // the slow evening's lotus, mandala or spiral
    expect(await store.guideSound('suggested', coherent, 20)).toBe(suggested.soundscape);
    expect(await store.guideSound('shape', coherent, 7)).toBeUndefined();
    expect(await store.guideSound(soundingCid!, coherent, 7)).toBe('wind');
    expect(await store.guideSound(taggedCid!, coherent, 7)).toBe('drone');
    // Any name it says: which ones play is for the session to check (practice/tones.ts).
    expect(await store.guideSound(unknownCid!, coherent, 7)).toBe('rain');
    expect(await store.guideSound(plainCid!, coherent, 7)).toBeUndefined();
    // The same load shows it: one blob URL for the glyph, whichever was asked first.
    expect(await store.guideImage(soundingCid!, coherent, 7)).toBe(await store.image(soundingCid!));
  });

  it('asks for the gateway list again after it could not be fetched (offline), instead of remembering the failure', async () => {
    let asked = 0;
    const store = createGlyphStore({
      own: ownInMemory(),
      cache: cacheWith(new Map()),
      origin: NOWHERE,
      timeoutMs: 2000,
      fetchGateways: async () => {
        asked++;
        throw new TypeError('Failed to fetch');
      },
    });
    const cid = (await rawCid(new Uint8Array([1, 2, 3]))).toString();
    const failure = await store.image(cid).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GlyphUnavailableError);
    // The cache has no copy; our own gateway (nothing listens there) served no valid block.
    expect((failure as GlyphUnavailableError).failures).toEqual([
      { source: 'cache', code: 'not-cached' },
      { source: NOWHERE, code: 'no-valid-copy' },
    ]);
    await expect(store.image(cid)).rejects.toBeInstanceOf(GlyphUnavailableError);
    expect(asked).toBe(2);
  });
});

describe('the pack resolved by its name, in the store', () => {
  const FEATHER = 'bafkreifveek6uvj4kw37odhlqguxq4awhybmwfm5pvdrpk5yfvhga3remu'; // any raw CID: nothing loads it here
  const feather = { cid: FEATHER, id: 'feather', name: 'Feather', tags: ['light', 'sound-wind'] };
  const moon = BUILT_IN.find((g) => g.id === 'moon')!;
  const pack = (seq: bigint, glyphs: ResolvedPack['glyphs']): ResolvedPack => ({ root: `bafybeiroot${seq}`, seq, glyphs });

  /** A keeper in memory holding `kept`, and a pack-update module that records how it was asked. */
  function keeperWith(kept: { pack: ResolvedPack | null; checked: PackCheck | null }) {
    const keeper: GlyphPackKeeper = {
      read: async () => ({ ...kept }),
      async keep(checked, next) {
        kept.checked = checked;
        if (next) kept.pack = next;
        return next !== undefined;
      },
    };
    const asked: PackUpdateDeps[] = [];
    const load = async () => ({
      async updatePack(deps: PackUpdateDeps) {
        asked.push(deps);
        const next = pack(5n, [feather]);
        await deps.keeper.keep({ at: 0, ttlMs: 0 }, next);
        return { kind: 'updated' as const, pack: next };
      },
    });
    return { keeper, asked, load };
  }

  it("lists a pack's new glyphs after the built-in ones; one with a built-in id takes its place; a built-in CID is not listed twice", () => {
    const redrawn = { cid: 'bafkreibiolnv7rfxa6mlog4n44atfs5ykpbb5qzpeben2ozsv6oyne3qgi', id: 'moon', name: 'Moon', tags: [] };
    const list = packList(BUILT_IN, { glyphs: [{ cid: moon.cid, id: 'moon', name: 'Moon', tags: [] }, feather, redrawn] });
    expect(list).toHaveLength(BUILT_IN.length + 1);
    expect(list.at(-1)).toEqual({ ...feather, builtIn: true, soundscape: 'wind' });
    const at = BUILT_IN.indexOf(moon);
    expect(list[at]).toEqual({ ...redrawn, builtIn: true, ...(moon.soundscape ? { soundscape: moon.soundscape } : {}) });
    expect(packList(BUILT_IN, null)).toBe(BUILT_IN);
    expect(packList(BUILT_IN, { glyphs: [] })).toBe(BUILT_IN);
  });

  it("shows the kept pack at once, and does not ask again within the record's TTL", async () => {
    const { keeper, asked, load } = keeperWith({ pack: pack(2n, [feather]), checked: { at: 1000, ttlMs: 60_000 } });
    const store = createGlyphStore({
      own: ownInMemory(),
      cache: cacheWith(new Map()),
      origin: NOWHERE,
      pack: { keeper: async () => keeper, now: () => 30_000, online: () => true, load },
    });
    expect(await store.checkPack()).toEqual({ kind: 'not-due' });
    expect(store.list().map((g) => g.cid)).toEqual([...BUILT_IN.map((g) => g.cid), FEATHER]);
    expect(asked).toEqual([]);
    await expect(store.add(FEATHER)).rejects.toBeInstanceOf(DuplicateGlyphError);
  });

  it("once due and online, resolves the name with the built-in pack's root and shows the newer pack", async () => {
    const { keeper, asked, load } = keeperWith({ pack: null, checked: { at: 1000, ttlMs: 60_000 } });
    await createRoot(async (dispose) => {
      const store = createGlyphStore({
        own: ownInMemory(),
        cache: cacheWith(new Map()),
        origin: NOWHERE,
        pack: { keeper: async () => keeper, name: 'k51test', now: () => 61_001, online: () => true, load },
      });
      const seen: number[] = [];
      createEffect(() => seen.push(store.list().length));
      await vi.waitFor(() => expect(seen.at(-1)).toBe(BUILT_IN.length + 1));
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ name: 'k51test', builtRoot: catalog.root, origin: NOWHERE });
      expect([...asked[0]!.builtIn].sort()).toEqual(BUILT_IN.map((g) => g.cid).sort());
      expect(await store.guideSound(FEATHER, PRESETS[0]!, 7)).toBe('wind');
      dispose();
    });
  });

  it('offline, the kept pack shows and nothing is asked', async () => {
    const { keeper, asked, load } = keeperWith({ pack: pack(2n, [feather]), checked: null });
    const store = createGlyphStore({
      own: ownInMemory(),
      cache: cacheWith(new Map()),
      origin: NOWHERE,
      pack: { keeper: async () => keeper, online: () => false, load },
    });
    expect(await store.checkPack()).toEqual({ kind: 'unavailable' });
    expect(store.list().at(-1)?.cid).toBe(FEATHER);
    expect(asked).toEqual([]);
  });
});

describe('distinct names', () => {
  const mine = (cid: string, name: string): GlyphInfo => ({ cid: cid as GlyphInfo['cid'], name, tags: [], builtIn: false });
  const words = { name: (g: GlyphInfo) => g.name, yours: (name: string) => `${name} (yours)` };

  it('keeps every built-in name as it is: the pack has no two alike', () => {
    const names = distinctNames(BUILT_IN, words);
    expect([...names.values()]).toEqual(BUILT_IN.map((g) => g.name));
  });

  it('qualifies an own glyph named like a built-in one, then by the end of its CID, so no name shows twice', () => {
    const moon = BUILT_IN.find((g) => g.name === 'Moon')!;
    const list = [...BUILT_IN, mine('bafkreiaaaaaa111111', 'Moon'), mine('bafkreibbbbbb222222', ' moon '), mine('bafkreicccc', 'Sea')];
    const names = distinctNames(list, words);
    expect(names.get(moon.cid)).toBe('Moon');
    expect(names.get('bafkreiaaaaaa111111')).toBe('Moon (yours)');
    expect(names.get('bafkreibbbbbb222222')).toBe('moon (…222222)');
    expect(names.get('bafkreicccc')).toBe('Sea');
    const shown = [...names.values()].map((n) => n.trim().toLowerCase());
    expect(new Set(shown).size).toBe(list.length);
  });

  it('compares the names as shown, with the words it is given', () => {
    const moon = BUILT_IN.find((g) => g.id === 'moon')!;
    const shown = { name: (g: GlyphInfo) => (g.builtIn ? g.id!.toUpperCase() : g.name), yours: (name: string) => `${name} (deine)` };
    const names = distinctNames([...BUILT_IN, mine('bafkreiaaaaaa111111', 'moon')], shown);
    expect(names.get(moon.cid)).toBe('MOON');
    expect(names.get('bafkreiaaaaaa111111')).toBe('moon (deine)');
  });
});
