import type { Dict } from '../en/index.ts';

export const patterns: Dict['patterns'] = {};
