/**
 * The person's own glyphs on the device: CID and name, in the order they were added. The glyph
 * store (src/glyphs) is handed this list, so it never touches the database itself; its shape is
 * that store's `OwnGlyphs`, matched structurally (a domain does not import another).
 */
import type { LocalDb, OwnGlyphRecord } from './db.ts';

type Entry = Pick<OwnGlyphRecord, 'cid' | 'name'>;

/** The own-glyph list kept in the local database's `own-glyphs` store (oldest first; add is false for a CID already kept). */
export function createOwnGlyphList(db: LocalDb, now: () => number = Date.now) {
  return {
    async list(): Promise<Entry[]> {
      const records = await db.getAll('own-glyphs');
      return records.sort((a, b) => a.addedAt - b.addedAt).map(({ cid, name }) => ({ cid, name }));
    },
    async add({ cid, name }: Entry): Promise<boolean> {
      // One transaction: another tab adding the same glyph meanwhile is not doubled.
      const tx = db.transaction('own-glyphs', 'readwrite');
      const fresh = (await tx.store.getKey(cid)) === undefined;
      const record: OwnGlyphRecord = { cid, name, addedAt: now() };
      if (fresh) await tx.store.put(record);
      await tx.done;
      return fresh;
    },
    remove: (cid: string): Promise<void> => db.delete('own-glyphs', cid),
  };
}
