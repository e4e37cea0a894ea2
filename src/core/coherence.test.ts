import { describe, expect, it } from 'vitest';
import type { PatternId } from './pattern.ts';
import { PRESETS } from './presets.ts';
import { individualCoherence, onsetTargets, type Onset } from './coherence.ts';
import { planSession } from './pacer.ts';
import { seeded } from './random.ts';

const six = PRESETS.find((p) => p.id === 'preset:six')!; // 4 s in, 6 s out
const box = PRESETS.find((p) => p.id === 'preset:box')!;
const sigh = PRESETS.find((p) => p.id === 'preset:sigh')!;

/** Onsets of someone who presses at every inhale and releases at every exhale, `lagMs` late. */
function follower(
  targets: { inhale: number[]; exhale: number[] },
  cycle: number,
  cycles: number,
  lagMs = 0,
  jitter?: () => number,
): Onset[] {
  const out: Onset[] = [];
  for (let c = 0; c < cycles; c++) {
    for (const t of targets.inhale) out.push({ kind: 'inhale', atMs: c * cycle + t + lagMs + (jitter?.() ?? 0) });
    for (const t of targets.exhale) out.push({ kind: 'exhale', atMs: c * cycle + t + lagMs + (jitter?.() ?? 0) });
  }
  return out.filter((o) => o.atMs >= 0);
}

describe('individualCoherence', () => {
  const cycles = 30;
  const duration = cycles * 10_000;

  it('gives R close to 1 and full marks to a perfect follower', () => {
    const c = individualCoherence(six, follower(onsetTargets(six), 10_000, cycles), duration)!;
    expect(c.r).toBeCloseTo(1, 9);
    expect(c.meanOffsetMs).toBeCloseTo(0, 6);
    expect(c.sdOffsetMs).toBeCloseTo(0, 6);
    expect(c.inPhaseFraction).toBeCloseTo(1, 9);
    expect(c.userBpm).toBeCloseTo(6, 9);
    expect(c.rateMatch).toBeCloseTo(1, 9);
    expect(c.score).toBe(100);
  });

  it('reads a constant 300 ms lag as a 300 ms offset, with R still high', () => {
    const c = individualCoherence(six, follower(onsetTargets(six), 10_000, cycles, 300), duration)!;
    expect(c.meanOffsetMs).toBeCloseTo(300, 6);
    expect(c.sdOffsetMs).toBeCloseTo(0, 6);
    expect(c.r).toBeGreaterThan(0.98);
    expect(c.inPhaseFraction).toBeCloseTo(1 - 0.3 / 5, 6); // two 300 ms mismatches per 10 s cycle
  });

  it('gives a low R to random presses', () => {
    const rand = seeded(5);
    for (let trial = 0; trial < 20; trial++) {
      const times = Array.from({ length: 120 }, () => rand() * duration).sort((a, b) => a - b);
      const onsets: Onset[] = times.map((atMs, i) => ({ kind: i % 2 ? 'exhale' : 'inhale', atMs }));
      const c = individualCoherence(six, onsets, duration)!;
      expect(c.r).toBeLessThan(0.3);
    }
  });

  it('gives a low R to random presses on a pattern with two breaths per cycle', () => {
    const double = {
      ...six,
      phases: [
        { kind: 'inhale' as const, seconds: 2 },
        { kind: 'exhale' as const, seconds: 3 },
        { kind: 'inhale' as const, seconds: 2 },
        { kind: 'exhale' as const, seconds: 3 },
      ],
    };
    const rand = seeded(8);
    let sum = 0;
    for (let trial = 0; trial < 20; trial++) {
      const times = Array.from({ length: 120 }, () => rand() * duration).sort((a, b) => a - b);
      sum += individualCoherence(
        double,
        times.map((atMs, i) => ({ kind: i % 2 ? 'exhale' : 'inhale', atMs })),
        duration,
      )!.r;
    }
    expect(sum / 20).toBeLessThan(0.2);
    // …while a perfect follower of the same pattern still scores 1.
    const perfect = follower(onsetTargets(double), 10_000, cycles);
    expect(individualCoherence(double, perfect, duration)!.r).toBeCloseTo(1, 9);
  });

  it('counts a press made just before the first inhale, during the countdown', () => {
    const onsets = [{ kind: 'inhale' as const, atMs: -400 }, ...follower(onsetTargets(six), 10_000, 3).slice(1)];
    const c = individualCoherence(six, onsets, 30_000)!;
    expect(c.onsets).toBe(6);
    expect(c.inPhaseFraction).toBeCloseTo(1, 9);
    expect(c.meanOffsetMs).toBeCloseTo(-400 / 6, 6);
  });

  it('ends the held time at an implied release without counting it as a timing event', () => {
    const onsets = [
      ...follower(onsetTargets(six), 10_000, 1),
      { kind: 'inhale' as const, atMs: 10_000 },
      { kind: 'exhale' as const, atMs: 12_000, implied: true },
    ];
    const c = individualCoherence(six, onsets, 20_000)!;
    expect(c.onsets).toBe(3);
    expect(c.meanOffsetMs).toBeCloseTo(0, 9);
    expect(c.inPhaseFraction).toBeCloseTo(18_000 / 20_000, 9); // released early from 12 s to 14 s
  });

  it('stays high under human jitter of a few hundred ms', () => {
    const rand = seeded(9);
    const jitter = () => (rand() - 0.5) * 400;
    const c = individualCoherence(six, follower(onsetTargets(six), 10_000, cycles, 0, jitter), duration)!;
    expect(c.r).toBeGreaterThan(0.95);
    expect(Math.abs(c.meanOffsetMs)).toBeLessThan(50);
    expect(c.sdOffsetMs).toBeGreaterThan(50);
  });

  it('measures the breath rate from the presses', () => {
    // Breathing every 12 s against a 10 s pacer: 5 breaths a minute, a rate match of 5/6.
    const onsets: Onset[] = Array.from({ length: 20 }, (_, i) => [
      { kind: 'inhale' as const, atMs: i * 12_000 },
      { kind: 'exhale' as const, atMs: i * 12_000 + 5_000 },
    ]).flat();
    const c = individualCoherence(six, onsets, 240_000)!;
    expect(c.userBpm).toBeCloseTo(5, 9);
    expect(c.rateMatch).toBeCloseTo(5 / 6, 9);
  });

  it('counts the hold after an inhale as held and after an exhale as released (box)', () => {
    const targets = onsetTargets(box);
    expect(targets).toEqual({ inhale: [0], exhale: [8_000] });
    const c = individualCoherence(box, follower(targets, 16_000, 4), 64_000)!;
    expect(c.inPhaseFraction).toBeCloseTo(1, 9);
  });

  it('treats the sigh top-up as the same breath', () => {
    expect(onsetTargets(sigh)).toEqual({ inhale: [0], exhale: [3_000] });
  });

  it('gives the same figures whatever order the onsets arrive in', () => {
    const onsets = follower(onsetTargets(six), 10_000, 10, 120, seeded(2));
    const a = individualCoherence(six, onsets, 100_000);
    const b = individualCoherence(six, [...onsets].reverse(), 100_000);
    expect(b).toEqual(a);
  });

  it('gives no figure for too few presses', () => {
    expect(
      individualCoherence(
        six,
        [
          { kind: 'inhale', atMs: 0 },
          { kind: 'exhale', atMs: 4000 },
        ],
        10_000,
      ),
    ).toBeNull();
  });

  it('ignores onsets outside the session', () => {
    const plan = planSession({ ...six, id: 's' as PatternId, length: { unit: 'cycles', value: 3 } });
    const onsets = [
      ...follower(onsetTargets(six), 10_000, 3),
      { kind: 'inhale' as const, atMs: -5_500 },
      { kind: 'inhale' as const, atMs: 99_000 },
    ];
    expect(individualCoherence(six, onsets, plan.durationMs)!.onsets).toBe(6);
  });
});
