import type { Dict } from '../en/index.ts';

export const journal: Dict['journal'] = {};
