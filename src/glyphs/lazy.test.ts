/** The glyph store on first use: one store for every caller, and a module that failed to load is loaded again when asked again. */
import { describe, expect, it } from 'vitest';
import { GlyphStoreUnavailableError } from './errors.ts';
import { lazyGlyphStore } from './lazy.ts';
import type { GlyphStore, GlyphStoreDeps } from './store.ts';

const deps = { own: { list: async () => [], add: async () => true, remove: async () => undefined } } as unknown as GlyphStoreDeps;

/** A stand-in for the store's module: counts loads and stores made; fails the loads listed in `failing`. */
function fakeModule(failing: readonly number[] = []) {
  const counts = { loads: 0, made: 0 };
  const load = async () => {
    counts.loads++;
    if (failing.includes(counts.loads)) throw new TypeError('Failed to fetch dynamically imported module');
    return { createGlyphStore: () => ({ made: ++counts.made }) as unknown as GlyphStore };
  };
  return { counts, load };
}

describe('lazy glyph store', () => {
  it('loads the module once and gives every caller, at once or later, the same store', async () => {
    const { counts, load } = fakeModule();
    const glyphs = lazyGlyphStore(() => deps, load);
    const [a, b] = await Promise.all([glyphs(), glyphs()]);
    expect(a).toBe(b);
    expect(await glyphs()).toBe(a);
    expect(counts).toEqual({ loads: 1, made: 1 });
  });

  it('tries a module that failed to load again on the next call, naming the failure meanwhile', async () => {
    const { counts, load } = fakeModule([1]);
    const glyphs = lazyGlyphStore(() => deps, load);
    const first = glyphs();
    expect(glyphs()).toBe(first); // a caller while it loads shares the attempt
    const failure = await first.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GlyphStoreUnavailableError);
    expect((failure as GlyphStoreUnavailableError).cause).toBeInstanceOf(TypeError);
    const store = await glyphs();
    expect(store).toEqual({ made: 1 });
    expect(await glyphs()).toBe(store);
    expect(counts).toEqual({ loads: 2, made: 1 });
  });
});
