/** Journal entries for tests and benchmarks (a core type, so core's own tests can use them too). */
import type { JournalEntry } from '../journal.ts';

export function sampleEntry(i: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    startedAt: new Date(Date.UTC(2026, 0, 1, 7, 30) + i * 86_400_000).toISOString(),
    durationMs: 300_000 + i,
    cycles: 30,
    completed: true,
    pattern: {
      id: 'preset:six',
      name: 'Six a minute 4:6',
      phases: [
        { kind: 'inhale', seconds: 4 },
        { kind: 'exhale', seconds: 6 },
      ],
    },
    coherence: {
      onsets: 60,
      r: 0.9,
      meanOffsetMs: 120,
      sdOffsetMs: 80,
      inPhaseFraction: 0.88,
      pacerBpm: 6,
      userBpm: 6.1,
      rateMatch: 0.98,
      score: 90,
    },
    moodBefore: 2,
    moodAfter: 4,
    note: `session ${i}`,
    ...overrides,
  };
}
