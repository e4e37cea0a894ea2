/** Names for the glyph picker, kept apart from the store so the picker's code does not pull the store's chunk in with it. */
import type { GlyphInfo } from './store.ts';

/**
 * A name for each glyph (by CID) that no other glyph in the list shares, for a picker: the
 * built-in names as they are; an own glyph named like one before it gets "(yours)", and the end of
 * its CID when that is taken too. Names are compared without case or surrounding spaces.
 */
export function distinctNames(glyphs: readonly GlyphInfo[]): ReadonlyMap<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  const key = (name: string) => name.trim().toLocaleLowerCase();
  for (const g of glyphs) {
    const base = g.name.trim();
    const candidates = [base, ...(g.builtIn ? [] : [`${base} (yours)`]), `${base} (…${g.cid.slice(-6)})`, `${base} (${g.cid})`];
    const name = candidates.find((c) => !taken.has(key(c))) ?? g.cid;
    taken.add(key(name));
    names.set(g.cid, name);
  }
  return names;
}
