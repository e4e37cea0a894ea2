import type { Dict } from '../en/index.ts';

export const practice: Dict['practice'] = {};
