/** The suggestion rule README spells out: tempo scores 2, part of the day 1, ties to the pack's order. */
import { describe, expect, it } from 'vitest';
import type { Pattern, PatternId } from '../core/pattern.ts';
import { dayPartOf, recommendGlyph, tempoOf } from './recommend.ts';

const pattern = (inhale: number, exhale: number): Pattern => ({
  id: 'p' as PatternId,
  name: 'p',
  phases: [
    { kind: 'inhale', seconds: inhale },
    { kind: 'exhale', seconds: exhale },
  ],
  length: { unit: 'cycles', value: 1 },
});

describe('recommendGlyph', () => {
  it('reads tempo from breaths a minute: up to 6 slow, up to 10 steady, faster lively', () => {
    expect(tempoOf(pattern(5, 5))).toBe('slow'); // 6 a minute, on the edge
    expect(tempoOf(pattern(4, 6))).toBe('slow');
    expect(tempoOf(pattern(4.9, 5))).toBe('steady');
    expect(tempoOf(pattern(3, 3))).toBe('steady'); // 10 a minute
    expect(tempoOf(pattern(2, 3))).toBe('lively');
  });

  it('reads the part of the day from the local hour, every hour of it', () => {
    const parts = Array.from({ length: 24 }, (_, h) => dayPartOf(h));
    expect(parts).toEqual([
      ...Array(5).fill('night'), // 0-4
      ...Array(6).fill('morning'), // 5-10
      ...Array(6).fill('day'), // 11-16
      ...Array(5).fill('evening'), // 17-21
      ...Array(2).fill('night'), // 22-23
    ]);
  });

  it('scores tempo above the part of the day, and gives a tie to the glyph listed first', () => {
    const glyphs = [
      { id: 'plain', tags: [] },
      { id: 'morning', tags: ['morning'] },
      { id: 'slow', tags: ['slow'] },
      { id: 'slow-evening', tags: ['slow', 'evening'] },
      { id: 'slow-evening-too', tags: ['evening', 'slow'] },
      { id: 'lively', tags: ['lively', 'morning'] },
    ];
    const slow = pattern(5, 5);
    expect(recommendGlyph(glyphs, slow, 19)?.id).toBe('slow-evening');
    expect(recommendGlyph(glyphs, slow, 8)?.id).toBe('slow'); // 2 for slow beats 1 for morning
    expect(recommendGlyph(glyphs, pattern(2, 3), 8)?.id).toBe('lively');
    expect(recommendGlyph(glyphs, pattern(3, 3), 13)?.id).toBe('plain'); // nothing scores: the first
    expect(recommendGlyph([], slow, 8)).toBeUndefined();
  });

  it('always gives the same glyph for the same inputs, whatever the hour and pattern', () => {
    const glyphs = [{ tags: ['steady'] }, { tags: ['night', 'lively'] }, { tags: ['day'] }];
    for (let hour = 0; hour < 24; hour++) {
      for (const p of [pattern(5, 5), pattern(3, 3), pattern(1, 1)]) {
        expect(recommendGlyph(glyphs, p, hour)).toBe(recommendGlyph([...glyphs], p, hour));
      }
    }
  });
});
