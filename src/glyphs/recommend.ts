/**
 * The glyph suggested for a pattern at an hour, decided on the device from the glyphs' tags:
 * - tempo, from the pattern's breaths a minute: up to 6 is "slow" (resonance breathing and
 *   slower), up to 10 "steady", faster "lively";
 * - part of the day, from the local hour: 5-10 "morning", 11-16 "day", 17-21 "evening", else "night".
 * A glyph scores 2 for the tempo tag and 1 for the part of the day; the highest score wins, and a
 * tie goes to the glyph listed first (the pack's order), so the same inputs always give the same glyph.
 */
import { breathsPerMinute, type Pattern } from '../core/pattern.ts';

export type Tempo = 'slow' | 'steady' | 'lively';
export type DayPart = 'morning' | 'day' | 'evening' | 'night';

export const tempoOf = (pattern: Pattern): Tempo => {
  const bpm = breathsPerMinute(pattern);
  return bpm <= 6 ? 'slow' : bpm <= 10 ? 'steady' : 'lively';
};

export const dayPartOf = (hour: number): DayPart =>
  hour >= 5 && hour <= 10 ? 'morning' : hour <= 16 && hour >= 11 ? 'day' : hour >= 17 && hour <= 21 ? 'evening' : 'night';

/** The suggested glyph among `glyphs` (any with tags), or undefined when there are none. */
export function recommendGlyph<G extends { readonly tags: readonly string[] }>(
  glyphs: readonly G[],
  pattern: Pattern,
  hour: number,
): G | undefined {
  const tempo = tempoOf(pattern);
  const part = dayPartOf(hour);
  let best: G | undefined;
  let bestScore = -1;
  for (const g of glyphs) {
    const score = (g.tags.includes(tempo) ? 2 : 0) + (g.tags.includes(part) ? 1 : 0);
    if (score > bestScore) {
      best = g;
      bestScore = score;
    }
  }
  return best;
}
