/**
 * Presence in a room: who is here and the group figure, read from everyone's presence states, and
 * this member's own state sent no more often than the room's size allows.
 */
import type { Clock } from '../shared/clock.ts';
import { pressedLately } from '../core/breathing-along.ts';
import { type GroupCoherence, groupCoherence } from '../core/group-coherence.ts';
import { FIELD_PRESENCE_INTERVAL_MS, type GroupHeart, groupHeartOf, readHeartScore } from '../shared/room-field.ts';
import { MAX_NAME_LENGTH, type Presence } from './schema.ts';

/** Someone present in the room. */
export interface Member {
  readonly memberId: string;
  /** The name they gave ('' if none: the UI words it). */
  readonly name: string;
  readonly pressed: boolean;
  readonly score: number | null;
  /** The heart coherence score they share (0-100), or null (or absent) when they share none or sent no valid one. */
  readonly heart?: number | null;
  readonly me: boolean;
}

/** Someone present, as the people list shows them: a colour of their own and whether they press along. */
export interface PresentMember extends Member {
  /** A hue (0-359) from their member id: the same on every device. */
  readonly colour: number;
  /** Pressed along lately: an inhale onset within core's `BREATHING_WINDOW_MS` of now, or pressing now. */
  readonly breathing: boolean;
}

// Ids the app makes are 22 characters; a longer one is hashed by its start only (bounded work).
const ID_CHARS_HASHED = 64;

/** A hue (0-359) for `memberId`: FNV-1a, then an avalanche, so ids one character apart land far apart on the wheel. */
export function memberColour(memberId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < Math.min(memberId.length, ID_CHARS_HASHED); i++) h = Math.imul(h ^ memberId.charCodeAt(i), 0x01000193);
  // murmur3's finaliser: FNV alone leaves the last character's bits in the low bits.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 360;
}

/** A name as shown: trimmed and cut to the longest the app keeps ('' when not a string). */
export const cleanName = (name: unknown): string => (typeof name === 'string' ? name.trim().slice(0, MAX_NAME_LENGTH) : '');
const cleanScore = (score: unknown): number | null =>
  typeof score === 'number' && Number.isFinite(score) ? Math.round(Math.min(100, Math.max(0, score))) : null;

/**
 * The members in presence `states` (anything: other clients send what they like) at server time
 * `now` (ms), one per member id (the last state wins, but the heart score is the first one shared,
 * as the relay's field takes it: the sensor runs in one of a person's tabs), in the order they came. O(N): each state
 * costs a bounded amount whatever it holds.
 */
export function readMembersAt(
  states: Iterable<unknown>,
  nameOf: (memberId: string) => string | undefined,
  myId: string,
  now: number,
): readonly PresentMember[] {
  const byId = new Map<string, PresentMember>();
  for (const state of states) {
    if (typeof state !== 'object' || state === null) continue;
    const p = state as Record<keyof Presence, unknown>;
    if (typeof p.memberId !== 'string' || p.memberId === '') continue;
    const pressed = p.pressed === true;
    byId.set(p.memberId, {
      memberId: p.memberId,
      name: cleanName(nameOf(p.memberId)) || cleanName(p.name),
      pressed,
      score: cleanScore(p.score),
      heart: byId.get(p.memberId)?.heart ?? readHeartScore(p.heart),
      me: p.memberId === myId,
      colour: memberColour(p.memberId),
      breathing: pressed || pressedLately(p.onsets, now),
    });
  }
  return [...byId.values()];
}

/** How many are here, breathing along and pressing now (pressing ones count as breathing too). */
export function presenceCounts(members: readonly PresentMember[]): { here: number; breathing: number; pressing: number } {
  let breathing = 0;
  let pressing = 0;
  for (const m of members) {
    if (m.breathing) breathing++;
    if (m.pressed) pressing++;
  }
  return { here: members.length, breathing, pressing };
}

/**
 * The group's heart coherence from the members (one per member id, as `readMembersAt` gives them):
 * the mean of the shared scores and how many share, or null under two sharers. The same on every device.
 */
export function groupHeart(members: readonly Pick<Member, 'heart'>[]): GroupHeart | null {
  let sum = 0;
  let sharing = 0;
  for (const m of members) {
    if (m.heart === null || m.heart === undefined) continue;
    sum += m.heart;
    sharing++;
  }
  return groupHeartOf(sum, sharing);
}

/** Presence every second in small rooms, less often in large ones (a room costs N^2 messages). */
export const presenceIntervalMs = (members: number): number => Math.max(250, Math.min(5000, members * 10));

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

/**
 * A publisher that calls `send` at most every `presenceIntervalMs(roomSize())`, or every
 * `FIELD_PRESENCE_INTERVAL_MS` while `inField()`: there only the relay reads it (for the field), and
 * the room's size as this client sees it (the field and itself) says nothing.
 */
export function createPresencePublisher(
  clock: Clock,
  roomSize: () => number,
  send: () => void,
  inField: () => boolean = () => false,
): PresencePublisher {
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    const wait = lastSent + (inField() ? FIELD_PRESENCE_INTERVAL_MS : presenceIntervalMs(roomSize())) - clock.now();
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
