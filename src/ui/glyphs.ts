/** The glyph store for the UI, created on first use (its module, and Helia behind it, load lazily). */
import type { GlyphStore } from '../glyphs/store.ts';
import type { LocalDb } from '../local/db.ts';
import { glyphCache, workerControlsPage } from '../sw-bridge.ts';

let store: Promise<GlyphStore> | undefined;

export function glyphStore(db: LocalDb): Promise<GlyphStore> {
  return (store ??= import('../glyphs/store.ts').then(({ createGlyphStore }) =>
    createGlyphStore({ db, cache: glyphCache, origin: location.origin, coldStart: !workerControlsPage() }),
  ));
}

/** What the guide shows for a setting: a glyph's CID, or null for the drawn shape. */
export async function chosenGlyph(db: LocalDb, choice: string, pattern: Parameters<GlyphStore['suggest']>[0], hour: number): Promise<string | null> {
  if (choice === 'shape') return null;
  return choice === 'suggested' ? (await glyphStore(db)).suggest(pattern, hour).cid : choice;
}
