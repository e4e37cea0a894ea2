/**
 * The glyph store on first use: its module, and Helia behind it, load only then, never with the
 * pacer's first load. One store per app state, not per module.
 */
import type { GlyphStore, GlyphStoreDeps } from './store.ts';

/** A function that gives the app's one glyph store, creating it (from `deps()`) on the first call. */
export function lazyGlyphStore(deps: () => GlyphStoreDeps): () => Promise<GlyphStore> {
  let store: Promise<GlyphStore> | undefined;
  return () => {
    store ??= import('./store.ts').then(({ createGlyphStore }) => createGlyphStore(deps()));
    // A chunk that could not load (offline before it was cached) is tried again next time.
    store.catch(() => (store = undefined));
    return store;
  };
}
