/**
 * The field of a big room (src/shared/room-field.ts): what the relay computes from its members'
 * presence states several times a second in place of relaying every state to everyone. O(N) per
 * frame: the group's pairwise phase consistency follows from the resultant of the members' unit
 * phase vectors, PPC = (|Σ e^{iθ}|² − N) / (N(N − 1)), so no pair is ever visited.
 *
 * Phases are the app's own (src/core/group-coherence.ts: from each member's recent inhale onsets),
 * so the figure a member sees does not jump when the room crosses the threshold. The sums are kept
 * apart from the finished figure (`FieldSums`) so that parts of one room computed in different
 * places can be added before the figure is taken; so are the shared heart coherence scores (a count
 * and a sum, never a mean).
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
  MIN_HEART_SHARERS,
  readHeartScore,
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
  /** The heart coherence score it shares (0-100), or null when it shares none or sent no valid one. */
  readonly heart: number | null;
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
    heart: readHeartScore(s.heart),
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
  /** Members sharing a heart coherence score, and the sum of their scores. */
  hearts: number;
  heartSum: number;
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
  hearts: 0,
  heartSum: 0,
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
   * two tabs counts once: the state with the most onsets gives the phase, either pressing counts,
   * the first to share a heart score gives it),
   * and returns the named ones, in the order they first came, for faces.
   */
  add(sums: FieldSums, states: Iterable<unknown>, at: number): FieldMember[];
}

export function createFieldCounter(): FieldCounter {
  const seen = new WeakMap<object, Seen | null>();
  // Member id -> the state picked for it this frame (`stamp`): kept across frames, so a frame only looks ids up.
  const byId = new Map<string, { stamp: number; pick: Seen; pressed: boolean; heart: number | null }>();
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
        if (!slot) byId.set(s.member.memberId, { stamp, pick: s, pressed: s.member.pressed, heart: s.member.heart });
        else if (slot.stamp !== stamp) {
          slot.stamp = stamp;
          slot.pick = s;
          slot.pressed = s.member.pressed;
          slot.heart = s.member.heart;
        } else {
          if (s.member.onsets.length > slot.pick.member.onsets.length) slot.pick = s;
          slot.pressed ||= s.member.pressed;
          slot.heart ??= s.member.heart;
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
        if (slot.heart !== null) {
          sums.hearts++;
          sums.heartSum += slot.heart;
        }
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
  // One sharer's score is theirs, not a group's: it is not sent.
  ...(sums.hearts >= MIN_HEART_SHARERS ? { heart: { sharing: sums.hearts, sum: sums.heartSum } } : {}),
});

/** Picks `count` (FIELD_FACES by default) named members in turn: each frame the next few, so every named member shows in time. */
export function createFaceRotation(): (named: readonly Pick<FieldMember, 'memberId' | 'name'>[], count?: number) => FieldFace[] {
  let cursor = 0;
  return (named, count = FIELD_FACES) => {
    const take = Math.min(count, named.length);
    const faces: FieldFace[] = [];
    for (let i = 0; i < take; i++) {
      const m = named[(cursor + i) % named.length]!;
      faces.push({ id: m.memberId, name: m.name });
    }
    cursor = named.length === 0 ? 0 : (cursor + take) % named.length;
    return faces;
  };
}

/** A face slot of a frame: the place it falls in, and where in that place (0 to 1). */
export interface FaceSlot {
  readonly place: number;
  readonly within: number;
}

// The golden ratio's fraction: the offset it adds each frame never repeats and keeps the offsets evenly spread.
const GOLDEN_STEP = (Math.sqrt(5) - 1) / 2;

/**
 * Where a frame's FIELD_FACES face slots fall among places holding `here[i]` members each (a room's
 * own members, and each part of it held elsewhere): the members are laid end to end and the slots
 * at even steps over all of them, from an offset that moves by a golden-ratio step each frame. So a
 * place's share of slots is its share of the members, in every frame to within one slot and on
 * average exactly, and the slots in one place fall at even steps through it.
 */
export function createFaceSlots(): (here: readonly number[]) => FaceSlot[] {
  let offset = 0;
  return (here) => {
    const total = here.reduce((a, b) => a + b, 0);
    if (total <= 0) return [];
    offset = (offset + GOLDEN_STEP) % 1;
    const slots: FaceSlot[] = [];
    let place = 0;
    let start = 0;
    for (let j = 0; j < FIELD_FACES; j++) {
      const point = ((offset + j) / FIELD_FACES) * total;
      while (place < here.length - 1 && point >= start + here[place]!) start += here[place++]!;
      slots.push({ place, within: (point - start) / here[place]! });
    }
    return slots;
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
  // A shard from before heart sharing sends none.
  sums.hearts += part.hearts ?? 0;
  sums.heartSum += part.heartSum ?? 0;
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

/**
 * A frame's faces, as many from each place as `slots` puts there: from the members here (place 0)
 * the next of the rotation, from a part (place i + 1) the ones of its offer at the slots' places
 * in it (a part offers a few of its members in turn). Slots a place cannot fill (too few named
 * members) go to the others, so a frame shows FIELD_FACES faces while the room has that many names.
 */
function pickFaces(
  slots: readonly FaceSlot[],
  named: readonly FieldMember[],
  parts: readonly FieldPart[],
  rotate: ReturnType<typeof createFaceRotation>,
): FieldFace[] {
  const fromParts = new Map<string, FieldFace>();
  for (const { place, within } of slots) {
    const offer = place === 0 ? [] : parts[place - 1]!.faces;
    const face = offer[Math.floor(within * offer.length)];
    if (face) fromParts.set(face.id, face);
  }
  // The members here fill their own slots and those the parts left empty.
  const picked = new Map<string, FieldFace>();
  for (const face of rotate(named, slots.length - fromParts.size)) picked.set(face.id, face);
  for (const face of fromParts.values()) picked.set(face.id, face);
  // Then, if names are still short, the rest of the parts' offers.
  for (const part of parts)
    for (const face of part.faces) if (picked.size < slots.length && !picked.has(face.id)) picked.set(face.id, face);
  return [...picked.values()];
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
 * taken nearest `at`): then frames are taken at a `fieldInstant`, the instant the parts are for,
 * and each place (here, each part) shows faces in proportion to the members it holds.
 */
export function createFieldSource(states: () => Iterable<unknown>, parts?: (at: number) => Iterable<FieldPart>): FieldSource {
  const rotate = createFaceRotation();
  const slotsOf = createFaceSlots();
  const counter = createFieldCounter();
  // Epoch ms as the clock: it grows across a restart of the relay or a Durable Object's wake-up,
  // so clients that saw an earlier frame (y-protocols ignores an entry whose clock did not grow) take the next.
  let clock = 0;
  let lastUpdate: Uint8Array | null = null;
  const tick = (at: number) => (clock = Math.max(clock + 1, Math.floor(at)));
  const next = (now: number): Uint8Array => {
    const at = parts ? fieldInstant(now) : now;
    const sums = emptySums();
    const named = counter.add(sums, states(), at);
    const elsewhere = [...(parts?.(at) ?? [])];
    const here = [sums.here];
    for (const part of elsewhere) {
      addPart(sums, part.sums);
      here.push(part.sums.here);
    }
    const state: FieldState = { field: finishField(sums, at, pickFaces(slotsOf(here), named, elsewhere, rotate)) };
    lastUpdate = writePresence([{ clientId: FIELD_PRESENCE_ID, clock: tick(at), state: JSON.stringify(state) }]);
    return lastUpdate;
  };
  return {
    next,
    last: (at) => lastUpdate ?? next(at),
    end: () => writePresence([{ clientId: FIELD_PRESENCE_ID, clock: tick(clock + 1), state: 'null' }]),
  };
}
