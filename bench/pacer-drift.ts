/**
 * Phase error over a simulated 10-minute session drawn with jittered frames: our clock-derived
 * pacer next to two tick-counting pacers, the way many breathing apps keep time.
 *
 * - clock-derived: each frame shows phaseAt(pattern, start, frameTime).
 * - per-frame counter: each frame adds a nominal 1/60 s; dropped frames and stalls are lost time.
 * - 1 s timer: a setTimeout(1000) chain counts seconds; every firing is a few ms late, and the
 *   lateness adds up (it reschedules from when it fired).
 *
 * Error of a phase change = when a pacer first shows it minus when it truly begins.
 */
import { boundaryMs, phaseAt } from '../src/core/pacer.ts';
import { PRESETS } from '../src/core/presets.ts';
import { seeded } from '../src/core/random.ts';
import type { Pattern } from '../src/core/pattern.ts';

const SESSION_MS = 10 * 60_000;
const FRAME_MS = 1000 / 60;

/** Frame times of a 60 Hz display: vsync jitter, 1% dropped frames, a 100-300 ms stall every ~30 s. */
export function frameTimes(seed: number): number[] {
  const rand = seeded(seed);
  const frames: number[] = [];
  let vsync = 0;
  while (vsync < SESSION_MS + 2_000) {
    vsync += FRAME_MS * (rand() < 0.01 ? 2 : 1);
    if (rand() < 0.0005) vsync += 100 + rand() * 200;
    frames.push(vsync + rand() * 2);
  }
  return frames;
}

/** Given what elapsed time an engine believes at each frame, when it first shows each phase. */
function phaseErrors(pattern: Pattern, frames: readonly number[], believed: (frameIndex: number) => number) {
  const errors: number[] = [];
  let shown = -1;
  for (let i = 0; i < frames.length; i++) {
    const step = phaseAt(pattern, 0, believed(i)).step;
    // One entry per phase change the engine shows; a phase skipped entirely counts at this frame.
    while (shown < step) {
      shown++;
      const truth = boundaryMs(pattern, 0, shown);
      if (truth > 0 && truth <= SESSION_MS) errors.push(frames[i]! - truth);
    }
  }
  return errors;
}

export interface EngineResult {
  readonly engine: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly driftAtEndMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

export function simulate(pattern: Pattern, seed = 1): EngineResult[] {
  const frames = frameTimes(seed);
  const rand = seeded(seed + 1000);
  const atEnd = frames.findIndex((t) => t >= SESSION_MS);

  // 1 s timer chain: each firing is 1-6 ms late and the next is scheduled from the late firing.
  const firings: number[] = [];
  for (let t = 1000 + 1 + rand() * 5; t < SESSION_MS + 2_000; t += 1000 + 1 + rand() * 5) firings.push(t);
  const secondsAt = (t: number) => {
    let lo = 0;
    while (lo < firings.length && firings[lo]! <= t) lo++;
    return lo * 1000;
  };

  const engines: [string, (i: number) => number][] = [
    ['clock-derived (ours)', (i) => frames[i]!],
    ['per-frame counter', (i) => (i + 1) * FRAME_MS],
    ['1 s timer chain', (i) => secondsAt(frames[i]!)],
  ];
  return engines.map(([engine, believed]) => {
    const errors = phaseErrors(pattern, frames, believed);
    return {
      engine,
      medianMs: median(errors),
      maxMs: Math.max(...errors),
      driftAtEndMs: frames[atEnd]! - believed(atEnd),
    };
  });
}

export function printDrift(): void {
  console.log('\n## Pacer phase error over a simulated 10-minute session (60 Hz, jittered, drops and stalls)\n');
  console.log(`one frame = ${FRAME_MS.toFixed(1)} ms; budget: median error <= 1 frame, no drift\n`);
  for (const id of ['preset:coherent', 'preset:box']) {
    const pattern = PRESETS.find((p) => p.id === id)!;
    console.log(pattern.name);
    console.log('  engine'.padEnd(26), 'median'.padStart(10), 'max'.padStart(10), 'drift at end'.padStart(14));
    for (const r of simulate(pattern)) {
      console.log(
        `  ${r.engine}`.padEnd(26),
        `${r.medianMs.toFixed(1)} ms`.padStart(10),
        `${r.maxMs.toFixed(1)} ms`.padStart(10),
        `${r.driftAtEndMs.toFixed(1)} ms`.padStart(14),
      );
    }
  }
}
