/** The practice screen's looping guide, in a Solid root with fake timers as animation frames. */
import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../core/presets.ts';
import { createPreview } from './preview.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const six = PRESETS.find((p) => p.id === 'preset:six')!;
const clock = { now: () => Date.now(), dispose: () => undefined };

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.stubGlobal('requestAnimationFrame', (tick: FrameRequestCallback) => setTimeout(() => tick(Date.now()), 16));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const phaseOf = (v: ReturnType<ReturnType<typeof createPreview>>) => (v.stage === 'breathing' ? v.state.phase.kind : v.stage);

describe('preview', () => {
  it('breathes the pattern in a loop and follows a change of pattern', () => {
    createRoot((dispose) => {
      const [pattern, setPattern] = createSignal(box);
      const view = createPreview(pattern, clock, false);
      expect(phaseOf(view())).toBe('inhale');
      vi.advanceTimersByTime(4_100);
      expect(phaseOf(view())).toBe('hold');
      vi.advanceTimersByTime(16_000 * 3); // three cycles later: still a hold, the loop never ends
      expect(phaseOf(view())).toBe('hold');
      setPattern(six);
      expect(view().stage).toBe('breathing');
      dispose();
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('holds still with reduced motion: no frames at all', () => {
    createRoot((dispose) => {
      const view = createPreview(() => box, clock, true);
      expect(vi.getTimerCount()).toBe(0);
      const first = view();
      vi.advanceTimersByTime(10_000);
      expect(view()).toEqual(first);
      expect(first.stage === 'breathing' && first.state.progress).toBe(1);
      dispose();
    });
  });
});
