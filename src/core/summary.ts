/** What a finished (or stopped) session gives back: what the practice produces and the journal keeps. */
import type { Coherence, Onset } from './coherence.ts';
import type { HeartSummary } from './heart/beat.ts';
import type { RoomRecord } from './journal.ts';
import type { SessionPlan } from './pacer.ts';
import type { Pattern } from './pattern.ts';

export interface SessionSummary {
  /** When the first cycle began (after the preparation), in epoch ms. */
  readonly startedAt: number;
  readonly pattern: Pattern;
  readonly plan: SessionPlan;
  /** Breathing time, pauses and preparation excluded. */
  readonly durationMs: number;
  readonly cycles: number;
  readonly completed: boolean;
  readonly onsets: readonly Onset[];
  readonly coherence: Coherence | null;
  /** Set by the room when the session was breathed in one; the journal keeps it as is (journal.ts). */
  readonly room?: RoomRecord;
  /** Set when a heart sensor ran during the session (src/heart/store.ts); the journal keeps it encrypted. */
  readonly heart?: HeartSummary;
}
