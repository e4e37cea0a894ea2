import type { Dict } from '../en/index.ts';

export const glyphs: Dict['glyphs'] = {};
