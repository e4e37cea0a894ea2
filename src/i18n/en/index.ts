/**
 * English, the source language: every other dictionary has exactly this shape (the type checker
 * and i18n/keys.test.ts hold them to it). One domain per file, named as the UI's screens are.
 */
import { common } from './common.ts';
import { glyphs } from './glyphs.ts';
import { journal } from './journal.ts';
import { patterns } from './patterns.ts';
import { practice } from './practice.ts';
import { room } from './room.ts';
import { security } from './security.ts';
import { sound } from './sound.ts';
import { heart } from './heart.ts';

export const dict = { common, practice, patterns, glyphs, journal, security, room, sound, heart };
export type Dict = typeof dict;
