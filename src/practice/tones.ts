/**
 * Tones at each phase change, scheduled ahead on the Web Audio clock. Timers only decide what to
 * schedule; the sound itself starts at an exact AudioContext time, so a busy main thread does not
 * make it late.
 */
import { boundaryMs, phaseAt } from '../core/pacer.ts';
import type { Pattern, PhaseKind } from '../core/pattern.ts';

/** The part of a session the tones follow, in page-clock milliseconds. */
export interface ToneTimeline {
  readonly pattern: Pattern;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TonePlayer {
  /** Creates or resumes the AudioContext; call from a user gesture (browsers require it). */
  unlock(): void;
  /** Schedules tones for the timeline from `now()` on, until stop(). */
  start(timeline: ToneTimeline, now: () => number): void;
  /** Silences scheduled tones (pause, stop). */
  stop(): void;
  /** Stops scheduling but lets tones already playing (the end chime) ring out. */
  finish(): void;
}

const LOOKAHEAD_MS = 1500;
const TIMER_MS = 250;

/** Start and end pitch of the cue for each kind of phase: rising in, falling out, level on holds. */
const PITCH: Record<PhaseKind | 'end', [number, number]> = {
  inhale: [392, 523],
  exhale: [523, 392],
  hold: [440, 440],
  rest: [349, 349],
  end: [659, 659],
};

/** The slice of AudioContext the player uses, so tests can hand in a recording fake. */
export type ToneContext = Pick<AudioContext, 'currentTime' | 'destination' | 'createOscillator' | 'createGain' | 'resume'>;

export function createTonePlayer(createContext: () => ToneContext = () => new AudioContext()): TonePlayer {
  let ctx: ToneContext | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const playing = new Set<OscillatorNode>();

  function tone(kind: keyof typeof PITCH, at: number): void {
    if (!ctx) return;
    const [from, to] = PITCH[kind];
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(from, at);
    osc.frequency.linearRampToValueAtTime(to, at + 0.35);
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.18, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.45);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.5);
    playing.add(osc);
    osc.onended = () => playing.delete(osc);
  }

  return {
    unlock() {
      ctx ??= createContext();
      void ctx.resume();
    },
    start(timeline, now) {
      this.stop();
      let next = phaseAt(timeline.pattern, timeline.startMs, Math.max(now(), timeline.startMs)).step;
      if (now() > timeline.startMs) next += 1; // the current phase already began
      let endScheduled = false;
      const schedule = () => {
        if (!ctx) return;
        const t = now();
        for (;;) {
          const at = boundaryMs(timeline.pattern, timeline.startMs, next);
          if (at >= timeline.endMs || at > t + LOOKAHEAD_MS) break;
          const phase = timeline.pattern.phases[next % timeline.pattern.phases.length]!;
          if (at >= t) tone(phase.kind, ctx.currentTime + (at - t) / 1000);
          next++;
        }
        if (!endScheduled && timeline.endMs <= t + LOOKAHEAD_MS && timeline.endMs >= t) {
          tone('end', ctx.currentTime + (timeline.endMs - t) / 1000);
          endScheduled = true;
        }
      };
      schedule();
      timer = setInterval(schedule, TIMER_MS);
    },
    stop() {
      this.finish();
      for (const osc of playing) osc.stop();
      playing.clear();
    },
    finish() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
