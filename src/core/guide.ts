/** How far the visual guide is expanded at a moment: 0 = empty lungs, 1 = full. */
import type { Pattern } from './pattern.ts';
import type { PhaseState } from './pacer.ts';

/**
 * The expansion at the start and end of each phase. An inhale run (the sigh's two inhales) fills
 * from 0 to 1 in proportion to time, an exhale run empties to 0, holds and rests keep the level.
 */
export function expansionLevels(pattern: Pattern): { from: number; to: number }[] {
  const n = pattern.phases.length;
  const levels = pattern.phases.map(() => ({ from: 0, to: 0 }));
  let level = 0;
  // Two laps, so a cycle that starts in a hold (or with a second inhale) inherits the level of its end.
  for (let k = 0; k < 2 * n; k++) {
    const i = k % n;
    const phase = pattern.phases[i]!;
    const from = level;
    if (phase.kind === 'inhale' || phase.kind === 'exhale') {
      // Remaining seconds of this run, from this phase on.
      let runSeconds = 0;
      for (let j = i; j < i + n && pattern.phases[j % n]!.kind === phase.kind; j++) runSeconds += pattern.phases[j % n]!.seconds;
      const target = phase.kind === 'inhale' ? 1 : 0;
      level = from + (target - from) * (phase.seconds / runSeconds);
    }
    levels[i] = { from, to: level };
  }
  return levels;
}

/** Smooth in and out, so the guide eases at each turn of the breath as a breath does. */
const ease = (x: number): number => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, x)))) / 2;

/** Expansion at a phase state; pass the result of expansionLevels (computed once per pattern). */
export function expansionAt(levels: readonly { from: number; to: number }[], state: PhaseState): number {
  const { from, to } = levels[state.index]!;
  return from + (to - from) * ease(state.progress);
}
