/** The field's figures the long way, for the relay's tests to check the short way against. */

/** Pairwise phase consistency as its definition states it: the mean of cos(θi − θj) over every pair (unclamped). */
export function pairwisePpc(phases: readonly number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < phases.length; i++) {
    for (let j = i + 1; j < phases.length; j++) {
      sum += Math.cos(phases[i]! - phases[j]!);
      pairs++;
    }
  }
  return sum / pairs;
}
