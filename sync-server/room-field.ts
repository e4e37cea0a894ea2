/**
 * The field of a big room (src/shared/room-field.ts): what the relay computes from its members'
 * presence states several times a second in place of relaying every state to everyone. O(N) per
 * frame: the group's pairwise phase consistency follows from the resultant of the members' unit
 * phase vectors, PPC = (|Σ e^{iθ}|² − N) / (N(N − 1)), so no pair is ever visited.
 *
 * Phases are the app's own (src/core/group-coherence.ts: from each member's recent inhale onsets),
 * so the figure a member sees does not jump when the room crosses the threshold. The sums are kept
 * apart from the finished figure (`FieldSums`) so that parts of one room computed in different
 * places can be added before the figure is taken.
 */
import { pressedLately } from '../src/core/breathing-along.ts';
import { type Breath, breathOf, phaseOf, WINDOW_MS } from '../src/core/group-coherence.ts';
import {
  FIELD_BINS,
  FIELD_FACES,
  FIELD_INTERVAL_MS,
  FIELD_PRESENCE_ID,
  type FieldFace,
  type FieldState,
  type RoomField,
} from '../src/shared/room-field.ts';
import { writePresence } from './presence.ts';

// A member's newest onsets only: the phase needs a handful, and a state holding thousands costs no more.
const ONSETS_READ = 16;
const MAX_NAME_CHARS = 40;
const MAX_ID_CHARS = 64;

/** One member as the field reads it from a presence state (anything: clients send what they like). */
export interface FieldMember {
  readonly memberId: string;
  readonly name: string;
  readonly pressed: boolean;
  readonly onsets: readonly number[];
}

/** The member a presence state describes, or null when it names none. Bounded work whatever it holds. */
export function readFieldMember(state: unknown): FieldMember | null {
  if (typeof state !== 'object' || state === null) return null;
  const s = state as Record<string, unknown>;
  if (typeof s.memberId !== 'string' || s.memberId === '' || s.memberId.length > MAX_ID_CHARS) return null;
  const onsets: number[] = [];
  if (Array.isArray(s.onsets)) {
    for (let i = Math.max(0, s.onsets.length - ONSETS_READ); i < s.onsets.length; i++) {
      const t: unknown = s.onsets[i];
      if (typeof t === 'number' && Number.isFinite(t)) onsets.push(t);
    }
  }
  return {
    memberId: s.memberId,
    name: typeof s.name === 'string' ? s.name.trim().slice(0, MAX_NAME_CHARS) : '',
    pressed: s.pressed === true,
    onsets,
  };
}

/** What the field adds up: counts, the resultant of the phases, and their histogram. */
export interface FieldSums {
  here: number;
  breathing: number;
  pressing: number;
  counted: number;
  /** Σ cos θ and Σ sin θ over the counted members' phases. */
  re: number;
  im: number;
  readonly hist: number[];
}

/** Sums at zero. */
export const emptySums = (): FieldSums => ({
  here: 0,
  breathing: 0,
  pressing: 0,
  counted: 0,
  re: 0,
  im: 0,
  hist: new Array<number>(FIELD_BINS).fill(0),
});

/** What the counter keeps of one presence state (a state object is replaced, never changed, when its member sends anew). */
interface Seen {
  readonly member: FieldMember;
  /** Its onsets in time order. */
  readonly sorted: readonly number[];
  /** The window of `sorted` the breath was last computed for, and that breath. */
  lo: number;
  hi: number;
  breath: Breath | null;
}

/** The member's phase at `at`, exactly `memberPhase(member.onsets, at)`, computed again only when its window holds other onsets. */
function phaseAt(seen: Seen, at: number): number | null {
  const { sorted } = seen;
  let lo = 0;
  while (lo < sorted.length && sorted[lo]! <= at - WINDOW_MS) lo++;
  let hi = lo;
  while (hi < sorted.length && sorted[hi]! <= at) hi++;
  if (hi - lo < 2) return null;
  if (lo !== seen.lo || hi !== seen.hi || !seen.breath) {
    seen.lo = lo;
    seen.hi = hi;
    seen.breath = breathOf(sorted.slice(lo, hi));
  }
  return phaseOf(seen.breath, at);
}

/** Adds the members of presence states to field sums; the same one for a room's every frame, so a state unchanged since the last costs little. */
export interface FieldCounter {
  /**
   * Adds the members of `states` at `at` (relay epoch ms) to `sums`, one per member id (a person in
   * two tabs counts once: the state with the most onsets gives the phase, either pressing counts),
   * and returns the named ones, in the order they first came, for faces.
   */
  add(sums: FieldSums, states: Iterable<unknown>, at: number): FieldMember[];
}

export function createFieldCounter(): FieldCounter {
  const seen = new WeakMap<object, Seen | null>();
  // Member id -> the state picked for it this frame (`stamp`): kept across frames, so a frame only looks ids up.
  const byId = new Map<string, { stamp: number; pick: Seen; pressed: boolean }>();
  let stamp = 0;
  const binWidth = (2 * Math.PI) / FIELD_BINS;
  return {
    add(sums, states, at) {
      stamp++;
      for (const state of states) {
        if (typeof state !== 'object' || state === null) continue;
        let s = seen.get(state);
        if (s === undefined) {
          const member = readFieldMember(state);
          s = member ? { member, sorted: [...member.onsets].sort((a, b) => a - b), lo: -1, hi: -1, breath: null } : null;
          seen.set(state, s);
        }
        if (!s) continue;
        const slot = byId.get(s.member.memberId);
        if (!slot) byId.set(s.member.memberId, { stamp, pick: s, pressed: s.member.pressed });
        else if (slot.stamp !== stamp) {
          slot.stamp = stamp;
          slot.pick = s;
          slot.pressed = s.member.pressed;
        } else {
          if (s.member.onsets.length > slot.pick.member.onsets.length) slot.pick = s;
          slot.pressed ||= s.member.pressed;
        }
      }
      const named: FieldMember[] = [];
      for (const [id, slot] of byId) {
        if (slot.stamp !== stamp) {
          byId.delete(id); // gone since the last frame
          continue;
        }
        const m = slot.pick.member;
        sums.here++;
        if (slot.pressed) sums.pressing++;
        if (slot.pressed || pressedLately(m.onsets, at)) sums.breathing++;
        if (m.name) named.push(m);
        const phase = phaseAt(slot.pick, at);
        if (phase === null) continue;
        sums.counted++;
        sums.re += Math.cos(phase);
        sums.im += Math.sin(phase);
        sums.hist[Math.min(FIELD_BINS - 1, Math.floor(phase / binWidth))]!++;
      }
      return named;
    },
  };
}

/** `createFieldCounter().add`, once. */
export const addMembers = (sums: FieldSums, states: Iterable<unknown>, at: number): FieldMember[] =>
  createFieldCounter().add(sums, states, at);

/** Pairwise phase consistency from the resultant: (|Σ|² − N) / (N(N − 1)), clamped to 0..1 as the app's figure is; 0 below two. */
export function ppcOf(sums: Pick<FieldSums, 'counted' | 're' | 'im'>): number {
  const n = sums.counted;
  if (n < 2) return 0;
  const ppc = (sums.re * sums.re + sums.im * sums.im - n) / (n * (n - 1));
  return Math.max(0, Math.min(1, ppc));
}

/** The field frame's content from `sums` and the faces picked for it. */
export const finishField = (sums: FieldSums, at: number, faces: readonly FieldFace[]): RoomField => ({
  v: 1,
  at,
  here: sums.here,
  breathing: sums.breathing,
  pressing: sums.pressing,
  counted: sums.counted,
  // Rounded: a figure shown 0-100 needs no more, and the frame stays small.
  ppc: Math.round(ppcOf(sums) * 1e6) / 1e6,
  hist: sums.hist,
  faces,
});

/** Picks `FIELD_FACES` named members in turn: each frame the next few, so every named member shows in time. */
export function createFaceRotation(): (named: readonly Pick<FieldMember, 'memberId' | 'name'>[]) => FieldFace[] {
  let cursor = 0;
  return (named) => {
    const take = Math.min(FIELD_FACES, named.length);
    const faces: FieldFace[] = [];
    for (let i = 0; i < take; i++) {
      const m = named[(cursor + i) % named.length]!;
      faces.push({ id: m.memberId, name: m.name });
    }
    cursor = named.length === 0 ? 0 : (cursor + take) % named.length;
    return faces;
  };
}

/**
 * The instant a field frame nearest `now` is computed for: frames fall on multiples of
 * FIELD_INTERVAL_MS, so parts of one room summed in different places (Durable Object shards,
 * worker/shard-object.ts) take their members' phases at the same instant and add up exactly.
 */
export const fieldInstant = (now: number): number => Math.round(now / FIELD_INTERVAL_MS) * FIELD_INTERVAL_MS;

/** The sums of members held elsewhere (a shard), taken at `at` (a `fieldInstant`), with the faces it offers. */
export interface FieldPart {
  readonly at: number;
  readonly sums: FieldSums;
  readonly faces: readonly FieldFace[];
}

/** Adds `part`'s sums into `sums`. */
export function addPart(sums: FieldSums, part: FieldSums): void {
  sums.here += part.here;
  sums.breathing += part.breathing;
  sums.pressing += part.pressing;
  sums.counted += part.counted;
  sums.re += part.re;
  sums.im += part.im;
  for (let i = 0; i < FIELD_BINS; i++) sums.hist[i]! += part.hist[i] ?? 0;
}

/** A part of the room summed from these states at `at` by `counter`, with the next faces of `rotate` (a shard sends it to its room). */
export function sumPart(
  states: Iterable<unknown>,
  at: number,
  rotate: ReturnType<typeof createFaceRotation>,
  counter: FieldCounter,
): FieldPart {
  const sums = emptySums();
  const named = counter.add(sums, states, at);
  return { at, sums, faces: rotate(named) };
}

/** A room's field frames: each one computed from the members' states at the moment it is made. */
export interface FieldSource {
  /** The awareness update (the relay's one entry) of the field at `at` (relay epoch ms). */
  next(at: number): Uint8Array;
  /** The last update made (a newcomer gets it), or a new one when none was made yet. */
  last(at: number): Uint8Array;
  /** The awareness update that removes the field entry (field mode is over). */
  end(): Uint8Array;
}

/**
 * Field frames over `states` (the relay's presence states of the room, read afresh each frame),
 * plus, when the room has members elsewhere, the parts summed there (`parts(at)`, each the one
 * taken nearest `at`): then frames are taken at a `fieldInstant`, the instant the parts are for.
 */
export function createFieldSource(states: () => Iterable<unknown>, parts?: (at: number) => Iterable<FieldPart>): FieldSource {
  const rotate = createFaceRotation();
  const counter = createFieldCounter();
  // Epoch ms as the clock: it grows across a restart of the relay or a Durable Object's wake-up,
  // so clients that saw an earlier frame (y-protocols ignores an entry whose clock did not grow) take the next.
  let clock = 0;
  let lastUpdate: Uint8Array | null = null;
  const tick = (at: number) => (clock = Math.max(clock + 1, Math.floor(at)));
  const next = (now: number): Uint8Array => {
    const at = parts ? fieldInstant(now) : now;
    const sums = emptySums();
    const named: { memberId: string; name: string }[] = counter.add(sums, states(), at);
    // Faces from elsewhere join the rotation after the members here: each part offers a few in turn.
    for (const part of parts?.(at) ?? []) {
      addPart(sums, part.sums);
      for (const face of part.faces) named.push({ memberId: face.id, name: face.name });
    }
    const state: FieldState = { field: finishField(sums, at, rotate(named)) };
    lastUpdate = writePresence([{ clientId: FIELD_PRESENCE_ID, clock: tick(at), state: JSON.stringify(state) }]);
    return lastUpdate;
  };
  return {
    next,
    last: (at) => lastUpdate ?? next(at),
    end: () => writePresence([{ clientId: FIELD_PRESENCE_ID, clock: tick(clock + 1), state: 'null' }]),
  };
}
