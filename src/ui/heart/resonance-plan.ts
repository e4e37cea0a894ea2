/**
 * The resonance finder's protocol: five slow rates, about two minutes each, inhale to exhale 4:6
 * (Lehrer, Vaschillo & Vaschillo 2000 step the rate down by half a breath a minute). Each step is a
 * pattern the ordinary pacer breathes.
 */
import type { Pattern, PatternId } from '../../core/pattern.ts';

/** Breaths a minute, in the order they are breathed. */
export const RESONANCE_RATES: readonly number[] = [6.5, 6, 5.5, 5, 4.5];
/** How long each rate is breathed, unless a test or a demo asks for less (`?step=<seconds>`). */
export const STEP_SECONDS = 120;
/** The share of each breath spent breathing in. */
const INHALE_SHARE = 0.4;

/** The phases of one breath at `rate` breaths a minute, 4:6. */
export function resonancePhases(rate: number): Pattern['phases'] {
  const cycle = 60 / rate;
  return [
    { kind: 'inhale', seconds: cycle * INHALE_SHARE },
    { kind: 'exhale', seconds: cycle * (1 - INHALE_SHARE) },
  ];
}

/** The pattern of one step: `rate` for `seconds` (rounded up to whole breaths by the pacer). */
export function stepPattern(rate: number, seconds: number, name: string): Pattern {
  return {
    id: `resonance-step-${rate}` as PatternId,
    name,
    phases: resonancePhases(rate),
    length: { unit: 'minutes', value: seconds / 60 },
  };
}

/** The step length a page address asks for: `?step=20` for tests and demos, else STEP_SECONDS. */
export function stepSeconds(param: string | undefined): number {
  const asked = Number(param);
  return Number.isFinite(asked) && asked >= 5 && asked <= STEP_SECONDS ? asked : STEP_SECONDS;
}
