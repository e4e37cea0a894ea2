/**
 * This member's part in a room's sessions, for their own journal: followed from the moment they see
 * a session under way (or about to start) until it ends, is restarted, goes, or they leave. Onsets
 * are kept in session time (pauses excluded), so the summary reads like a solo session's.
 */
import { individualCoherence, type Onset } from '../core/coherence.ts';
import type { RoomRecord } from '../core/journal.ts';
import { planSession } from '../core/pacer.ts';
import { cycleMs } from '../core/pattern.ts';
import { elapsedAt, isLive, type RoomSession, roomSessionAt } from '../core/room-session.ts';
import type { SessionSummary } from '../core/summary.ts';

/** What following needs: the local clock, whether server time is known yet, and the room's figures at the end. */
export interface TakingDeps {
  /** Local epoch ms (for the journal's start time). */
  localNow(): number;
  /** False until the relay's clock has been measured: a start seen before then would be misplaced by the device's skew. */
  clockKnown(): boolean;
  /** The room's figures (group sync, people) at the moment a part ends. */
  figures(): RoomRecord;
  /** Hears each part that breathed at all (even less than a cycle: the journal decides what to keep). */
  onEnd(summary: SessionSummary): void;
}

/** Follows the room's sessions for this member. */
export interface SessionTaking {
  /** Looks at the room's session at server time `now`: begins a part, keeps up with pauses, or ends it. */
  follow(session: RoomSession | null, now: number): void;
  /** A press (inhale) or release (exhale) at server time `now`, counted in the part under way. */
  record(kind: Onset['kind'], now: number): void;
  /** Own coherence in the part under way, so far (0-100), or null. */
  score(now: number): number | null;
  /** Ends the part under way at `now` (this member leaves, or the room is deleted); nothing is followed after. */
  close(now: number): void;
}

interface Part {
  session: RoomSession;
  /** Session time when this member joined (0 when there from the start). */
  readonly joinedMs: number;
  /** Local epoch ms of joining, or of the first cycle when there from the start. */
  readonly startedAt: number;
  readonly onsets: Onset[];
}

/** Whole cycles before the one a member joined in: their onsets are measured from it, so phases line up. */
const cycleShift = (part: Part): number => {
  const cycle = cycleMs(part.session.pattern);
  return Math.max(0, Math.floor(part.joinedMs / cycle)) * cycle;
};

const coherenceOf = (part: Part, endMs: number) => {
  const shift = cycleShift(part);
  return individualCoherence(
    part.session.pattern,
    part.onsets.map((o) => ({ ...o, atMs: o.atMs - shift })),
    endMs - shift,
  );
};

/** Starts following; nothing is taken part in until a live session is seen with the clock known. */
export function createSessionTaking(deps: TakingDeps): SessionTaking {
  let part: Part | null = null;
  let closed = false;

  const finish = (p: Part, now: number) => {
    const plan = planSession(p.session.pattern);
    const endMs = elapsedAt(p.session, now, plan);
    // Ended (or cancelled) before it began breathing: nothing was breathed.
    if (endMs <= 0) return;
    const durationMs = Math.max(0, endMs - p.joinedMs);
    const completed = endMs >= plan.durationMs;
    deps.onEnd({
      startedAt: p.startedAt,
      pattern: p.session.pattern,
      plan,
      durationMs,
      cycles: completed && p.joinedMs <= 0 ? plan.cycles : Math.floor(durationMs / cycleMs(p.session.pattern)),
      completed,
      onsets: p.onsets,
      coherence: coherenceOf(p, endMs),
      room: deps.figures(),
    });
  };

  return {
    follow(session, now) {
      if (closed) return;
      if (part) {
        if (session && session.id === part.session.id) part.session = session;
        if (!session || session.id !== part.session.id || !isLive(session, now)) {
          const ended = part;
          part = null;
          finish(ended, now);
        }
      }
      if (!part && session && isLive(session, now) && deps.clockKnown()) {
        const view = roomSessionAt(session, now);
        part = {
          session,
          joinedMs: Math.max(0, elapsedAt(session, now)),
          startedAt: deps.localNow() + (view.stage === 'prep' ? view.remainingMs : 0),
          onsets: [],
        };
      }
    },
    record(kind, now) {
      if (part && part.session.pausedAt === null) part.onsets.push({ kind, atMs: elapsedAt(part.session, now) });
    },
    score(now) {
      return part ? (coherenceOf(part, elapsedAt(part.session, now))?.score ?? null) : null;
    },
    close(now) {
      closed = true;
      if (part) finish(part, now);
      part = null;
    },
  };
}
