import type { Dict } from '../en/index.ts';

export const sound: Dict['sound'] = {
  tones: 'Töne',
};
