/** English words for glyphs. */
export const glyphs = {};
