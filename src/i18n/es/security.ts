import type { Dict } from '../en/index.ts';

export const security: Dict['security'] = {};
