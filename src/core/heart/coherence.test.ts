import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import { rejectArtefacts } from './artefacts.ts';
import type { Beat } from './beat.ts';
import { COHERENCE_WINDOW_MS, heartCoherence } from './coherence.ts';
import { beatsWith, sineRr, whiteRr, withEctopic } from './synthetic.ts';

const END = 120_000;
const breathing = beatsWith(sineRr(900, 60, 0.1), 0, END);

describe('heartCoherence', () => {
  it('scores a 0.1 Hz RR swing (900 ± 60 ms, 6 breaths a minute) high, its peak at 0.1 Hz', () => {
    const c = heartCoherence(breathing, END)!;
    expect(c.peakHz).toBeCloseTo(0.1, 2);
    expect(c.ratio).toBeGreaterThan(4);
    // A pure sine: the 0.030 Hz window holds 89 % of the Hann-spread peak (coherence.ts).
    expect(c.score).toBe(89);
    expect(c.score).toBe(Math.round((100 * c.ratio) / (1 + c.ratio)));
  });

  it('finds the peak wherever the breath puts it in 0.04-0.26 Hz', () => {
    for (const hz of [0.05, 0.075, 0.15, 0.25]) {
      const c = heartCoherence(beatsWith(sineRr(900, 60, hz), 0, END), END)!;
      expect(Math.abs(c.peakHz - hz)).toBeLessThan(0.003);
      expect(c.score).toBeGreaterThanOrEqual(80);
    }
  });

  it('scores white-noise RR low', () => {
    const scores: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const next = whiteRr(seeded(seed), 900, 80);
      const c = heartCoherence(
        beatsWith(() => next(), 0, END),
        END,
      )!;
      expect(c.score).toBeLessThan(40);
      scores.push(c.score);
    }
    expect(scores.reduce((a, b) => a + b) / scores.length).toBeLessThan(30);
  });

  it('still scores the 0.1 Hz swing high with an ectopic beat in the window, the ectopic rejected', () => {
    const beats = withEctopic(breathing, 100);
    expect(beats[101]!.at).toBeGreaterThan(END - COHERENCE_WINDOW_MS);
    expect(rejectArtefacts(beats).rejected).toBe(2);
    const c = heartCoherence(beats, END)!;
    expect(c.peakHz).toBeCloseTo(0.1, 2);
    expect(c.score).toBeGreaterThanOrEqual(heartCoherence(breathing, END)!.score - 3);
  });

  it('gives no figure before a window of beats, nor over a window with a long gap', () => {
    expect(heartCoherence(breathing, 40_000)).toBeNull();
    expect(heartCoherence([], END)).toBeNull();
    const gap = breathing.filter((b) => b.at < 70_000 || b.at > 90_000);
    expect(heartCoherence(gap, END)).toBeNull();
    // A strap that stopped 20 s ago: the window is under 80 % covered.
    expect(heartCoherence(breathing, END + 20_000)).toBeNull();
  });

  it('gives a flat rhythm no coherence', () => {
    const c = heartCoherence(
      beatsWith(() => 900, 0, END),
      END,
    )!;
    expect(c.ratio).toBe(0);
    expect(c.score).toBe(0);
  });

  it('for any beats, is null or a ratio ≥ 0, a whole score in 0..100 and a peak in 0.04-0.26 Hz', () => {
    const random = seeded(23);
    let scored = 0;
    for (let run = 0; run < 200; run++) {
      const beats: Beat[] = [];
      let at = random() * 1000;
      // A heart wandering at random (a random walk of its rate), with wild beats (artefacts, up to
      // 10% of them) and now and then a gap (a lost packet, a finger lifted).
      const wild = random() * 0.1;
      let rate = 500 + random() * 700;
      while (at < END) {
        const r = random();
        rate = Math.min(1300, Math.max(400, rate + (random() - 0.5) * 80));
        const rrMs = r < wild ? random() * 4000 : rate;
        at += rrMs + (r < wild / 10 ? random() * 5000 : 0);
        beats.push({ at, rrMs });
      }
      const c = heartCoherence(beats, END - random() * 10_000);
      if (c === null) continue;
      scored++;
      expect(c.ratio).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(c.ratio)).toBe(false);
      expect(Number.isInteger(c.score)).toBe(true);
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
      expect(c.peakHz).toBeGreaterThanOrEqual(0.04);
      expect(c.peakHz).toBeLessThanOrEqual(0.26);
    }
    // Most runs give a figure, so the checks above are exercised, not skipped.
    expect(scored).toBeGreaterThan(100);
  });
});
