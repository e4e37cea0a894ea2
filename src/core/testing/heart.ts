/** Heart summaries for tests and benchmarks: a strap session, a camera one, and a resonance-finder one. */
import type { HeartSummary } from '../heart/beat.ts';

/** `n` RR intervals (ms) about `meanRr`, swinging ±40 ms with a 10-beat breath, whole milliseconds as a strap gives them. */
export function sampleRr(n: number, meanRr = 940): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(meanRr + 40 * Math.sin((2 * Math.PI * i) / 10)));
}

/** A strap session of five minutes or so: 64 bpm, coherence 72. */
export function sampleHeart(overrides: Partial<HeartSummary> = {}): HeartSummary {
  return {
    source: 'strap',
    meanBpm: 64,
    rmssdMs: 42.5,
    coherence: 72,
    peakCoherence: 88,
    beats: 318,
    rejected: 2,
    rr: sampleRr(320),
    ...overrides,
  };
}

/** A resonance-finder session over five rates, 5.5 a minute chosen. */
export function sampleFinderHeart(overrides: Partial<HeartSummary> = {}): HeartSummary {
  return sampleHeart({
    meanBpm: 61.4,
    coherence: 80,
    peakCoherence: 95,
    resonance: {
      steps: [6.5, 6, 5.5, 5, 4.5].map((rate) => ({ rate, amplitudeBpm: rate === 5.5 ? 14.2 : 9.1, coherence: rate === 5.5 ? 86 : 61 })),
      chosenRate: 5.5,
    },
    ...overrides,
  });
}
