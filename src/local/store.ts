/**
 * The local domain's store for the UI: the patterns, presets first, then the person's own by name,
 * kept up to date by the store itself after every save and removal. Components read and call it;
 * none of them reaches the library or refreshes a list by hand. (Settings are a store of their own,
 * settings.ts; own glyphs are the glyph store's, kept through own-glyphs.ts.)
 */
import { createSignal, type Accessor } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import type { PatternLibrary } from './patterns.ts';

/** The id maker and the preset refusal, for the UI (which imports this store, never the library). */
export { newPatternId, PresetPatternError } from './patterns.ts';

export interface PatternsStore {
  /** Presets, then custom patterns by name. */
  readonly all: Accessor<readonly Pattern[]>;
  /** Custom patterns by name (empty until they are read, just after start). */
  readonly custom: Accessor<readonly Pattern[]>;
  /** A custom pattern by id, read from storage (presets are copied, never edited, so they are not here). */
  get(id: string): Promise<Pattern | undefined>;
  /** Validates and stores a custom pattern, then lists it; throws InvalidPatternError or PresetPatternError. */
  save(pattern: unknown): Promise<Pattern>;
  /** Deletes a custom pattern, then drops it from the lists. */
  remove(id: string): Promise<void>;
}

/** The patterns store over a library; the custom patterns start loading at once. */
export function createPatternsStore(library: PatternLibrary): PatternsStore {
  const [custom, setCustom] = createSignal<readonly Pattern[]>([]);
  let reads = 0;
  // Only the latest read is shown, should two finish out of order.
  const refresh = async () => {
    const read = ++reads;
    const list = await library.list();
    if (read === reads) setCustom(list);
  };
  // reason: unreadable storage leaves the presets, which always work; the next save or removal reads it again
  refresh().catch((error: unknown) => console.error('custom patterns not read', error));
  return {
    all: () => [...PRESETS, ...custom()],
    custom,
    get: (id) => library.get(id),
    async save(raw) {
      const pattern = await library.save(raw);
      await refresh();
      return pattern;
    },
    async remove(id) {
      await library.remove(id);
      await refresh();
    },
  };
}
