/**
 * Presence in a room: who is here and the group figure, read from everyone's presence states, and
 * this member's own state sent no more often than the room's size allows.
 */
import type { Clock } from '../shared/clock.ts';
import { type GroupCoherence, groupCoherence } from '../core/group-coherence.ts';
import type { Presence } from './schema.ts';

/** Someone present in the room. */
export interface Member {
  readonly memberId: string;
  /** The name they gave ('' if none: the UI words it). */
  readonly name: string;
  readonly pressed: boolean;
  readonly score: number | null;
  readonly me: boolean;
}

/** Presence every second in small rooms, less often in large ones (a room costs N^2 messages). */
export const presenceIntervalMs = (members: number): number => Math.max(250, Math.min(5000, members * 10));

/** The members in presence `states` (anything: other clients send what they like), in the order they came; the UI orders them by the names it shows. */
export function readMembers(states: Iterable<unknown>, nameOf: (memberId: string) => string | undefined, myId: string): readonly Member[] {
  const byId = new Map<string, Member>();
  for (const state of states) {
    const p = state as Partial<Presence>;
    if (typeof p.memberId !== 'string') continue;
    byId.set(p.memberId, {
      memberId: p.memberId,
      name: nameOf(p.memberId) || p.name || '',
      pressed: p.pressed === true,
      score: typeof p.score === 'number' ? p.score : null,
      me: p.memberId === myId,
    });
  }
  return [...byId.values()];
}

/** The group figure at server time `at` (ms) from presence `states`. */
export function groupAt(states: Iterable<unknown>, at: number): GroupCoherence {
  // One person in two tabs is one member: keep one presence per member id (the most onsets).
  const byMember = new Map<string, readonly number[]>();
  for (const s of states as Iterable<Partial<Presence>>) {
    if (typeof s.memberId !== 'string' || !Array.isArray(s.onsets)) continue;
    const known = byMember.get(s.memberId);
    if (!known || s.onsets.length > known.length) byMember.set(s.memberId, s.onsets);
  }
  return groupCoherence(
    [...byMember].map(([id, inhaleOnsets]) => ({ id, inhaleOnsets })),
    at,
  );
}

/** Sends this member's presence: at once if the interval has passed, else once when it has. */
export interface PresencePublisher {
  publish(): void;
  dispose(): void;
}

/** A publisher that calls `send` at most every `presenceIntervalMs(roomSize())`. */
export function createPresencePublisher(clock: Clock, roomSize: () => number, send: () => void): PresencePublisher {
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    const wait = lastSent + presenceIntervalMs(roomSize()) - clock.now();
    if (wait > 0) {
      pending ??= setTimeout(() => {
        pending = undefined;
        publish();
      }, wait);
      return;
    }
    lastSent = clock.now();
    send();
  };
  return { publish, dispose: () => clearTimeout(pending) };
}
