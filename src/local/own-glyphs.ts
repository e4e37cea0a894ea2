/**
 * The person's own glyphs on the device: CID and name, in the order they were added. The glyph
 * store (src/glyphs) is handed this list, so it never touches the database itself.
 */
import type { LocalDb, OwnGlyphRecord } from './db.ts';

/** An own glyph as the glyph store sees it. */
export interface OwnGlyphEntry {
  readonly cid: string;
  readonly name: string;
}

export interface OwnGlyphList {
  /** Every stored entry, oldest first (unchecked: the glyph store keeps only valid CIDs). */
  list(): Promise<OwnGlyphEntry[]>;
  /** Keeps a glyph at the end of the list; false when its CID is already there. */
  add(glyph: OwnGlyphEntry): Promise<boolean>;
  remove(cid: string): Promise<void>;
}

/** The own-glyph list kept in the local database's `own-glyphs` store. */
export function createOwnGlyphList(db: LocalDb, now: () => number = Date.now): OwnGlyphList {
  return {
    async list() {
      const records = await db.getAll('own-glyphs');
      return records.sort((a, b) => a.addedAt - b.addedAt).map(({ cid, name }) => ({ cid, name }));
    },
    async add({ cid, name }) {
      // One transaction: another tab adding the same glyph meanwhile is not doubled.
      const tx = db.transaction('own-glyphs', 'readwrite');
      const fresh = (await tx.store.getKey(cid)) === undefined;
      const record: OwnGlyphRecord = { cid, name, addedAt: now() };
      if (fresh) await tx.store.put(record);
      await tx.done;
      return fresh;
    },
    remove: (cid) => db.delete('own-glyphs', cid),
  };
}
