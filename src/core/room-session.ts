/**
 * A room's shared session as its host leads it: started (now or at a scheduled instant), paused,
 * resumed and ended for everyone. Every member derives the same view from the same record and the
 * relay's clock, so a latecomer lands in the phase everyone else is in. Pure: no clock is read here.
 */
import { planSession, type SessionClock, type SessionPlan, type SessionView, sessionAt, sessionElapsedMs } from './pacer.ts';
import type { Pattern } from './pattern.ts';

/** The shared session record (server times in ms). Pausing shifts `startAt` on resume, as a solo session's clock does. */
export interface RoomSession {
  /** New for every start, so a restart is a different session. */
  readonly id: string;
  readonly pattern: Pattern;
  /** When the first cycle starts (server ms); in the future before it starts, far ahead when scheduled. */
  readonly startAt: number;
  /** Member id of the host who started it. */
  readonly by: string;
  /** Server ms the host paused at, or null. */
  readonly pausedAt: number | null;
  /** Server ms the host ended it at, or null (it ends on its own after its last cycle). */
  readonly endedAt: number | null;
}

/** The solo session clock equivalent of a room session. */
export const clockOf = (s: RoomSession): SessionClock => ({ startMs: s.startAt, pausedAtMs: s.pausedAt });

/** What a room session shows at server time `now`; an ended session stays done at the time it was ended. */
export function roomSessionAt(s: RoomSession, now: number, plan: SessionPlan = planSession(s.pattern)): SessionView {
  if (s.endedAt !== null && now >= s.endedAt) return { stage: 'done', elapsedMs: Math.max(0, elapsedAt(s, s.endedAt, plan)) };
  return sessionAt(plan, clockOf(s), now);
}

/** Session time (pauses excluded) at server time `now`, clamped to the session; negative before it starts. */
export function elapsedAt(s: RoomSession, now: number, plan: SessionPlan = planSession(s.pattern)): number {
  return Math.min(plan.durationMs, sessionElapsedMs(clockOf(s), s.endedAt === null ? now : Math.min(now, s.endedAt)));
}

/** Whether the session is under way at `now`: in its countdown, breathing or paused, and not over. */
export function isLive(s: RoomSession, now: number): boolean {
  return roomSessionAt(s, now).stage !== 'done';
}

export const pauseSession = (s: RoomSession, now: number): RoomSession =>
  s.pausedAt !== null || s.endedAt !== null ? s : { ...s, pausedAt: now };

export const resumeSession = (s: RoomSession, now: number): RoomSession =>
  s.pausedAt === null || s.endedAt !== null ? s : { ...s, startAt: s.startAt + (now - s.pausedAt), pausedAt: null };

/** Ends the session for everyone at `now` (a paused session ends where it was paused). */
export const endSession = (s: RoomSession, now: number): RoomSession => (s.endedAt !== null ? s : { ...s, endedAt: s.pausedAt ?? now });
