/**
 * The glyph store on first use: its module, and Helia behind it, load only then, never with the
 * pacer's first load. One store per app state, not per module.
 */
import { GlyphStoreUnavailableError } from './errors.ts';
import type { GlyphStore, GlyphStoreDeps } from './store.ts';

/**
 * A function that gives the app's one glyph store, creating it (from `deps()`) on the first call.
 * `load` brings the store's module: a dynamic import unless a test passes one.
 */
export function lazyGlyphStore(
  deps: () => GlyphStoreDeps,
  load: () => Promise<Pick<typeof import('./store.ts'), 'createGlyphStore'>> = () => import('./store.ts'),
): () => Promise<GlyphStore> {
  let store: Promise<GlyphStore> | undefined;
  return () => {
    if (store) return store;
    const loading = load().then(
      ({ createGlyphStore }) => createGlyphStore(deps()),
      (cause: unknown) => {
        throw new GlyphStoreUnavailableError(cause);
      },
    );
    // A chunk that could not load (offline before it was cached) is tried again on the next call.
    loading.catch(() => {
      if (store === loading) store = undefined;
    });
    store = loading;
    return loading;
  };
}
