/** Names for the glyph picker, kept apart from the store so the picker's code does not pull the store's chunk in with it. */
import type { GlyphInfo } from './store.ts';

/** How the picker words a glyph's name: given by the UI, in the person's language. */
export interface GlyphNameWords {
  /** The name a glyph shows (a built-in one's in the person's language, an own one's as given). */
  name(glyph: GlyphInfo): string;
  /** An own glyph's name told apart from a built-in one's ("Moon (yours)"). */
  yours(name: string): string;
}

/**
 * A name for each glyph (by CID) that no other glyph in the list shares, for a picker: the
 * built-in names as they are; an own glyph named like one before it is marked as the person's
 * (`words.yours`), and gets the end of its CID when that is taken too. Names are compared as
 * shown, without case or surrounding spaces.
 */
export function distinctNames(glyphs: readonly GlyphInfo[], words: GlyphNameWords): ReadonlyMap<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  const key = (name: string) => name.trim().toLocaleLowerCase();
  for (const g of glyphs) {
    const base = words.name(g).trim();
    const candidates = [base, ...(g.builtIn ? [] : [words.yours(base)]), `${base} (…${g.cid.slice(-6)})`, `${base} (${g.cid})`];
    const name = candidates.find((c) => !taken.has(key(c))) ?? g.cid;
    taken.add(key(name));
    names.set(g.cid, name);
  }
  return names;
}
