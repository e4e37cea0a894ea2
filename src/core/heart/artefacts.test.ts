import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import { artefactFlags, artefactFlagsIn, beatIndexRange, rejectArtefacts } from './artefacts.ts';
import { type Beat, MAX_RR_MS, MIN_RR_MS } from './beat.ts';
import { beatsWith, sineRr, withEctopic } from './synthetic.ts';

const breathing = beatsWith(sineRr(900, 60, 0.1), 0, 120_000);

/** Random beats: mostly plausible, some wild, some NaN, as a broken sensor might give them. */
function randomBeats(random: () => number, n: number): Beat[] {
  const beats: Beat[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = random();
    const rrMs = r < 0.05 ? Number.NaN : r < 0.2 ? random() * 4000 : 600 + random() * 600;
    at += Number.isFinite(rrMs) ? rrMs : 800;
    beats.push({ at, rrMs });
  }
  return beats;
}

describe('rejectArtefacts', () => {
  it('keeps every beat of a clean breathing rhythm (900 ± 60 ms at 0.1 Hz)', () => {
    const { kept, rejected } = rejectArtefacts(breathing);
    expect(rejected).toBe(0);
    expect(kept).toEqual(breathing);
  });

  it('rejects an ectopic beat: the premature RR and the compensatory pause, nothing else', () => {
    const beats = withEctopic(breathing, 40);
    const flags = artefactFlags(beats);
    expect(flags[41]).toBe(false);
    expect(flags[42]).toBe(false);
    expect(rejectArtefacts(beats).rejected).toBe(2);
  });

  it('rejects a missed beat (a doubled RR) and a false extra beat (a split RR)', () => {
    const missed = breathing.filter((_, i) => i !== 30).map((b, i) => (i === 30 ? { at: b.at, rrMs: b.rrMs + breathing[30]!.rrMs } : b));
    expect(rejectArtefacts(missed).rejected).toBe(1);
    const b = breathing[60]!;
    const split = [
      ...breathing.slice(0, 60),
      { at: b.at - b.rrMs / 2, rrMs: b.rrMs / 2 },
      { at: b.at, rrMs: b.rrMs / 2 },
      ...breathing.slice(61),
    ];
    expect(rejectArtefacts(split).rejected).toBe(2);
  });

  it('rejects RR outside the human range however steady', () => {
    const beats: Beat[] = [MIN_RR_MS - 1, 900, 900, MAX_RR_MS + 1, 900, 900, Number.NaN, 900].map((rrMs, i) => ({ at: i * 900, rrMs }));
    expect(artefactFlags(beats)).toEqual([false, true, true, false, true, true, false, true]);
  });

  it('judges a beat the same whatever window it is seen in', () => {
    const random = seeded(7);
    for (let run = 0; run < 50; run++) {
      const beats = randomBeats(random, 60);
      const all = artefactFlags(beats);
      const lo = Math.floor(random() * 60);
      const hi = lo + Math.floor(random() * (60 - lo));
      expect(artefactFlagsIn(beats, lo, hi)).toEqual(all.slice(lo, hi));
    }
  });

  it('for any beats, keeps a subsequence of plausible beats and counts the rest', () => {
    const random = seeded(11);
    for (let run = 0; run < 100; run++) {
      const beats = randomBeats(random, Math.floor(random() * 80));
      const { kept, rejected } = rejectArtefacts(beats);
      expect(kept.length + rejected).toBe(beats.length);
      let j = 0;
      for (const b of kept) {
        expect(b.rrMs).toBeGreaterThanOrEqual(MIN_RR_MS);
        expect(b.rrMs).toBeLessThanOrEqual(MAX_RR_MS);
        while (j < beats.length && beats[j] !== b) j++;
        expect(j).toBeLessThan(beats.length);
        j++;
      }
    }
  });
});

describe('beatIndexRange', () => {
  const beats = [1000, 2000, 3000, 4000].map((at) => ({ at, rrMs: 1000 }));
  it('takes beats after fromMs up to and including toMs', () => {
    expect(beatIndexRange(beats, 1000, 3000)).toEqual([1, 3]);
    expect(beatIndexRange(beats, 999, 3000)).toEqual([0, 3]);
    expect(beatIndexRange(beats, 4000, 9000)).toEqual([4, 4]);
    expect(beatIndexRange(beats, 3000, 1000)).toEqual([3, 3]);
    expect(beatIndexRange([], 0, 1)).toEqual([0, 0]);
  });
});
