import type { Dict } from '../en/index.ts';

export const room: Dict['room'] = {};
