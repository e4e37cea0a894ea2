/**
 * What a session asks of its sound: the contract between practice/session.ts and the sound engine
 * (src/audio/engine.ts, made in main.tsx), which schedules chimes, a soundscape and spoken cues on
 * the Web Audio clock from the pacer's boundaries.
 */
import type { Pattern } from '../core/pattern.ts';

/** The part of a session the sound follows, in page-clock milliseconds. */
export interface ToneTimeline {
  readonly pattern: Pattern;
  readonly startMs: number;
  readonly endMs: number;
  /** The soundscape the session's glyph names, in place of the person's chosen one; absent, the setting's plays. */
  readonly soundscape?: string;
}

/**
 * The soundscape a session asks for: the one its glyph names (`named`), when the engine plays it
 * (one of `playable`), in place of the person's `chosen` one; undefined leaves the chosen one. A
 * person who chose none keeps silence: a glyph replaces a soundscape, it never turns ambience on.
 */
export function glyphSoundscape(chosen: string, named: string | undefined, playable: readonly string[]): string | undefined {
  return chosen !== 'none' && named !== undefined && named !== 'none' && playable.includes(named) ? named : undefined;
}

export interface TonePlayer {
  /** Creates or resumes the AudioContext; call from a user gesture (browsers require it). */
  unlock(): void;
  /** Schedules the sound for the timeline from `now()` on, until stop(). */
  start(timeline: ToneTimeline, now: () => number): void;
  /** Silences what is scheduled (pause, stop). */
  stop(): void;
  /** Stops scheduling but lets what is playing (the end chime) ring out. */
  finish(): void;
  /** The app's name in the person's language, for the OS's media controls. */
  appName?(): string;
}
