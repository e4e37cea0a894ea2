import { describe, expect, it } from 'vitest';
import type { Pattern, PatternId, Phase, PhaseKind } from './pattern.ts';
import { cycleMs, validatePattern } from './pattern.ts';
import { PRESETS } from './presets.ts';
import { boundaryMs, pauseClock, phaseAt, planSession, resumeClock, sessionAt, startClock } from './pacer.ts';
import { seeded } from './random.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;

/** A random valid pattern: 2-8 phases of 0.5-30 s, with at least one inhale and one exhale. */
function randomPattern(rand: () => number): Pattern {
  const kinds: PhaseKind[] = ['inhale', 'hold', 'exhale', 'rest'];
  const n = 2 + Math.floor(rand() * 7);
  const phases: Phase[] = Array.from({ length: n }, () => ({
    kind: kinds[Math.floor(rand() * 4)]!,
    seconds: Math.round((0.5 + rand() * 29.5) * 1000) / 1000,
  }));
  phases[0] = { ...phases[0]!, kind: 'inhale' };
  phases[n - 1] = { ...phases[n - 1]!, kind: 'exhale' };
  return validatePattern({ id: 'r', name: 'random', phases, length: { unit: 'minutes', value: 1 + rand() * 20 } });
}

describe('phaseAt', () => {
  it('walks box breathing through inhale, hold, exhale, hold', () => {
    const start = 1_000_000;
    const at = (s: number) => phaseAt(box, start, start + s * 1000);
    expect([0, 4, 8, 12, 16].map((s) => at(s).phase.kind)).toEqual(['inhale', 'hold', 'exhale', 'hold', 'inhale']);
    expect(at(3.999).index).toBe(0);
    expect(at(16).cycle).toBe(1);
    expect(at(2).progress).toBeCloseTo(0.5, 12);
  });

  it('is defined before the start, with negative cycles', () => {
    const s = phaseAt(box, 10_000, 9_000);
    expect(s.cycle).toBe(-1);
    expect(s.phase.kind).toBe('hold');
  });

  it('tiles time with no gap or overlap, for random patterns and times', () => {
    const rand = seeded(42);
    for (let trial = 0; trial < 300; trial++) {
      const pattern = randomPattern(rand);
      const start = (rand() - 0.5) * 4e12; // epochs far from zero expose float rounding
      const now = start + rand() * 3_600_000;
      const s = phaseAt(pattern, start, now);
      expect(s.startMs).toBeLessThanOrEqual(now);
      expect(now).toBeLessThan(s.endMs);
      // The next phase begins exactly where this one ends, and the previous one ends where it begins.
      expect(phaseAt(pattern, start, s.endMs).step).toBe(s.step + 1);
      expect(phaseAt(pattern, start, s.endMs).startMs).toBe(s.endMs);
      const before = phaseAt(pattern, start, s.startMs - 1e-3);
      expect(before.endMs).toBe(s.startMs);
      expect(before.step).toBe(s.step - 1);
      expect(s.endMs - s.startMs).toBeCloseTo(pattern.phases[s.index]!.seconds * 1000, 3);
    }
  });

  it('is continuous and only moves forward in time', () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 50; trial++) {
      const pattern = randomPattern(rand);
      const start = rand() * 1e12;
      let t = start - 5_000;
      let prev = phaseAt(pattern, start, t);
      for (let k = 0; k < 2_000; k++) {
        const dt = rand() * 50;
        t += dt;
        const cur = phaseAt(pattern, start, t);
        expect(cur.step).toBeGreaterThanOrEqual(prev.step);
        // Position in "phases" advances by no more than the time that passed allows.
        const pos = (s: typeof cur) => s.step + s.progress;
        const shortest = Math.min(...pattern.phases.map((p) => p.seconds * 1000));
        // 1e-6: at epochs near 1e12 ms one float step is about 1e-4 ms.
        expect(pos(cur) - pos(prev)).toBeLessThanOrEqual(dt / shortest + 1e-6);
        expect(pos(cur)).toBeGreaterThanOrEqual(pos(prev) - 1e-6);
        prev = cur;
      }
    }
  });

  it('puts every box-breathing phase change of a 10-minute session at k × 4 s, however frames fall', () => {
    const rand = seeded(4);
    const start = 1.7e12 + 0.25; // an epoch with a fraction, as performance-based clocks give
    const shown = new Map<number, number>();
    for (let t = start; t < start + 600_000; t += 16.667 + (rand() - 0.5) * 16 + (rand() < 0.01 ? 200 : 0)) {
      const s = phaseAt(box, start, t);
      if (!shown.has(s.step)) shown.set(s.step, t);
      // The phase drawn at each frame is the one that the wall clock says, from first principles.
      expect(s.step).toBe(Math.floor((t - start) / 4_000));
    }
    expect(shown.size).toBe(150);
    for (const [step, t] of shown) {
      if (step === 0) continue;
      const late = t - (start + step * 4_000);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(16.667 + 8 + 200);
    }
  });

  it('accumulates no error over a 10-minute session drawn with jittered frames', () => {
    const rand = seeded(3);
    for (const pattern of PRESETS) {
      const start = 1.7e12;
      const firstShown = new Map<number, number>();
      let t = start;
      while (t < start + 600_000) {
        // 60 Hz frames, jittered by up to 8 ms, with an occasional long stall (GC, a busy main thread).
        t += 16.667 + (rand() - 0.5) * 16 + (rand() < 0.01 ? 200 : 0);
        const s = phaseAt(pattern, start, t);
        if (!firstShown.has(s.step)) firstShown.set(s.step, t);
      }
      const lastStep = Math.max(...firstShown.keys());
      // The last phase change drawn lands at its planned time, to within the frame that showed it.
      const late = firstShown.get(lastStep)! - boundaryMs(pattern, start, lastStep);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(16.667 + 8 + 200);
      expect(lastStep).toBe(Math.floor(phaseAt(pattern, start, t).step));
    }
  });
});

describe('planSession', () => {
  it('rounds minutes up to whole cycles, so a session ends on a full cycle', () => {
    const plan = planSession({ ...box, length: { unit: 'minutes', value: 1.1 } });
    expect(plan.cycles).toBe(5);
    expect(plan.durationMs).toBe(80_000);
  });

  it('does not add a cycle for float noise', () => {
    const coherent = PRESETS.find((p) => p.id === 'preset:coherent')!;
    const plan = planSession({ ...coherent, length: { unit: 'minutes', value: (60 / 5.5 / 60) * 7 } });
    expect(plan.cycles).toBe(7);
  });

  it('takes cycles as they are', () => {
    const p478 = PRESETS.find((p) => p.id === 'preset:478')!;
    expect(planSession(p478)).toMatchObject({ cycles: 4, durationMs: 76_000 });
  });

  it('always covers the asked length for random patterns', () => {
    const rand = seeded(11);
    for (let k = 0; k < 200; k++) {
      const pattern = randomPattern(rand);
      const plan = planSession(pattern);
      const asked = pattern.length.value * 60_000;
      expect(plan.durationMs).toBeGreaterThanOrEqual(asked - 1e-6);
      expect(plan.durationMs - asked).toBeLessThan(cycleMs(pattern));
      expect(plan.durationMs).toBeCloseTo(plan.cycles * cycleMs(pattern), 6);
    }
  });
});

describe('session clock', () => {
  const plan = planSession({ ...box, id: 'b' as PatternId, length: { unit: 'cycles', value: 2 } });

  it('counts down the preparation, breathes, then ends', () => {
    const clock = startClock(0, 3_000);
    expect(sessionAt(plan, clock, 1_000)).toEqual({ stage: 'prep', remainingMs: 2_000 });
    const v = sessionAt(plan, clock, 3_000 + 5_000);
    expect(v.stage === 'breathing' && v.state.phase.kind).toBe('hold');
    expect(v.stage === 'breathing' && v.remainingMs).toBe(27_000);
    expect(sessionAt(plan, clock, 3_000 + 32_000)).toEqual({ stage: 'done', elapsedMs: 32_000 });
  });

  it('pauses and resumes by shifting the start, not by counting ticks', () => {
    let clock = startClock(0, 0);
    clock = pauseClock(clock, 5_000);
    expect(sessionAt(plan, clock, 60_000)).toMatchObject({ stage: 'breathing', elapsedMs: 5_000 });
    clock = resumeClock(clock, 60_000);
    expect(clock).toEqual({ startMs: 55_000, pausedAtMs: null });
    expect(sessionAt(plan, clock, 61_000)).toMatchObject({ stage: 'breathing', elapsedMs: 6_000 });
    // Pausing twice keeps the first pause; resuming a running clock changes nothing.
    expect(pauseClock(pauseClock(clock, 70_000), 80_000).pausedAtMs).toBe(70_000);
    expect(resumeClock(clock, 99_000)).toBe(clock);
  });
});
