/**
 * The glyph pack the app last resolved through its signed IPNS name, kept on the device: the
 * pack's root, the record's sequence number, the glyphs it lists, and when a record was last
 * checked. The glyph store (src/glyphs) is handed this keeper, so it never touches the database;
 * its shape is that store's `GlyphPackKeeper`, matched structurally (a domain does not import another).
 * Kept under one key of the `settings` store: no schema change, and erase deletes the whole
 * database with it (src/vault/erase.ts), so nothing of it outlives an erase.
 */
import type { LocalDb } from './db.ts';

const KEY = 'glyph-pack';

/** One glyph of a resolved pack: its CID, file id (`feather` for feather.svg), and what its SVG says of itself. */
export interface KeptPackGlyph {
  readonly cid: string;
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
}

/** A resolved pack: the root its record named, the record's sequence number, and its glyphs in the pack's order. */
export interface KeptPack {
  readonly root: string;
  readonly seq: bigint;
  readonly glyphs: readonly KeptPackGlyph[];
}

/** When a verified record was last read (epoch ms), and the TTL it gave. */
export interface KeptPackCheck {
  readonly at: number;
  readonly ttlMs: number;
}

/** What the device holds: each part null until there is one. */
export interface KeptGlyphPack {
  readonly pack: KeptPack | null;
  readonly checked: KeptPackCheck | null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function parseGlyph(raw: unknown): KeptPackGlyph | undefined {
  const { cid, id, name, tags } = record(raw);
  if (!isString(cid) || !isString(id) || !isString(name) || !Array.isArray(tags) || !tags.every(isString)) return undefined;
  return { cid, id, name, tags };
}

/** The stored value as a kept pack; what is missing or broken reads as null (the next check resolves it again). */
export function parseKeptGlyphPack(raw: unknown): KeptGlyphPack {
  const { pack, checked } = record(raw);
  const p = record(pack);
  const c = record(checked);
  const glyphs = Array.isArray(p.glyphs) ? p.glyphs.map(parseGlyph) : [];
  const validPack = isString(p.root) && isString(p.seq) && /^\d{1,20}$/.test(p.seq) && glyphs.every((g) => g !== undefined);
  const validCheck = typeof c.at === 'number' && Number.isFinite(c.at) && typeof c.ttlMs === 'number' && c.ttlMs >= 0;
  return {
    pack: validPack ? { root: p.root as string, seq: BigInt(p.seq as string), glyphs: glyphs as KeptPackGlyph[] } : null,
    checked: validCheck ? { at: c.at as number, ttlMs: c.ttlMs as number } : null,
  };
}

// The sequence number is a uint64: kept as decimal text, which every IndexedDB stores and compares alike.
const stored = ({ pack, checked }: KeptGlyphPack) => ({ pack: pack && { ...pack, seq: pack.seq.toString() }, checked });

/** The resolved pack kept in the local database. */
export function createGlyphPackKeeper(db: LocalDb) {
  return {
    /** What is kept (nulls for nothing or for a broken entry). */
    async read(): Promise<KeptGlyphPack> {
      return parseKeptGlyphPack(await db.get('settings', KEY));
    },
    /**
     * Keeps a check's time and, with it, a pack, unless a newer one is kept already (another tab
     * resolved it meanwhile); true when `pack` is now the kept one. One transaction, so two tabs never mix.
     */
    async keep(checked: KeptPackCheck, pack?: KeptPack): Promise<boolean> {
      const tx = db.transaction('settings', 'readwrite');
      const now = parseKeptGlyphPack(await tx.store.get(KEY));
      const newer = pack !== undefined && (now.pack === null || pack.seq > now.pack.seq);
      await tx.store.put(stored({ pack: newer ? pack : now.pack, checked }), KEY);
      await tx.done;
      return newer;
    },
  };
}
