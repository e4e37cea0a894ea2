/** Spanish: the same shape as English, word for word. */
import type { Dict } from '../en/index.ts';
import { common } from './common.ts';
import { glyphs } from './glyphs.ts';
import { journal } from './journal.ts';
import { patterns } from './patterns.ts';
import { practice } from './practice.ts';
import { room } from './room.ts';
import { security } from './security.ts';
import { sound } from './sound.ts';
import { heart } from './heart.ts';

export const dict: Dict = { common, practice, patterns, glyphs, journal, security, room, sound, heart };
