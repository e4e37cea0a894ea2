/** The field of a big room: its figures against direct computations, and a room crossing the threshold both ways. */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupCoherence, memberPhase } from '../src/core/group-coherence.ts';
import { seeded } from '../src/core/random.ts';
import {
  FIELD_BINS,
  FIELD_FACES,
  FIELD_INTERVAL_MS,
  FIELD_PRESENCE_ID,
  fieldThresholds,
  readField,
  type RoomField,
} from '../src/shared/room-field.ts';
import { DEFAULT_LIMITS } from './policy.ts';
import { readPresence, type PresenceEntry } from './presence.ts';
import {
  addMembers,
  createFaceRotation,
  createFieldCounter,
  createFieldSource,
  emptySums,
  type FieldPart,
  fieldInstant,
  ppcOf,
  readFieldMember,
  sumPart,
} from './room-field.ts';
import { FIELD_MIN_MS, MESSAGE_AWARENESS } from './room-presence.ts';
import { createRoom, newCounters, type Peer } from './room.ts';
import { pairwisePpc } from './testing/field-maths.ts';
import { presenceMessage } from './testing/updates.ts';

afterEach(() => vi.useRealTimers());

const AT = 1_800_000_000_000;

/** A member state whose phase at `AT` is `phase` (a breath of `periodMs`, pressed at a steady rate). */
function breathing(memberId: string, phase: number, periodMs = 10_000, name = ''): object {
  const last = AT - (phase / (2 * Math.PI)) * periodMs;
  return { memberId, name, pressed: false, onsets: [last - 2 * periodMs, last - periodMs, last], score: null };
}

describe('field figures', () => {
  it('computes PPC from the resultant exactly as the mean over every pair, for random groups', () => {
    const random = seeded(15);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 60);
      // A cluster of some spread around a centre, so PPC covers the whole range 0..1.
      const centre = random() * 2 * Math.PI;
      const spread = random() * 2 * Math.PI;
      const states = Array.from({ length: n }, (_, i) =>
        breathing(`m${i}`, (centre + (random() - 0.5) * spread + 4 * Math.PI) % (2 * Math.PI)),
      );
      const sums = emptySums();
      addMembers(sums, states, AT);
      const phases = states.map((s) => memberPhase((s as { onsets: number[] }).onsets, AT)!);
      expect(sums.counted).toBe(n);
      // The figure is clamped at 0 (a PPC below 0 says no more than 0 to a person).
      expect(ppcOf(sums)).toBeCloseTo(Math.max(0, pairwisePpc(phases)), 10);
      // ...and is the figure the app computes in a small room from the same states.
      const app = groupCoherence(
        states.map((s) => ({ id: (s as { memberId: string }).memberId, inhaleOnsets: (s as { onsets: number[] }).onsets })),
        AT,
      );
      expect(ppcOf(sums)).toBeCloseTo(app.value, 10);
    }
  });

  it('counts one person in two tabs once, and members without a phase as here but not counted', () => {
    const sums = emptySums();
    addMembers(
      sums,
      [
        breathing('ana', 1),
        { memberId: 'ana', name: 'Ana', pressed: true, onsets: [] }, // the same person's other tab, pressing
        { memberId: 'bo', name: 'Bo', pressed: false, onsets: [AT - 5000] }, // one press: breathing along, no phase
        { memberId: 'cy', pressed: false, onsets: [] },
        null,
        'garbage',
        { memberId: 42 },
        { name: 'no id' },
      ],
      AT,
    );
    expect(sums).toMatchObject({ here: 3, pressing: 1, breathing: 2, counted: 1 });
    expect(sums.hist.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('gives, frame after frame, what a fresh count gives: states replaced, members gone, onsets ageing out of the window', () => {
    const random = seeded(16);
    const counter = createFieldCounter();
    const states = new Map<number, object>();
    const fresh = (i: number, at: number) => {
      const period = 3000 + random() * 9000;
      const last = at - random() * 2.5 * period;
      // Onsets out of order, some in the future, some older than the window.
      const onsets = Array.from({ length: 2 + Math.floor(random() * 12) }, (_, k) => last - k * period + (random() - 0.5) * 400).reverse();
      return { memberId: `m${i % 40}`, name: i % 3 ? `M${i}` : '', pressed: random() < 0.2, onsets };
    };
    for (let i = 0; i < 60; i++) states.set(i, fresh(i, AT));
    for (let frame = 0; frame < 300; frame++) {
      const at = AT + frame * 200;
      for (let k = 0; k < 5; k++) {
        const i = Math.floor(random() * 80);
        if (random() < 0.2) states.delete(i);
        else states.set(i, fresh(i, at));
      }
      const kept = emptySums();
      const once = emptySums();
      counter.add(kept, states.values(), at);
      addMembers(once, states.values(), at);
      // The same members and phases; the sums only in another order (floating point: to 1e-9).
      expect({ ...kept, re: 0, im: 0 }).toEqual({ ...once, re: 0, im: 0 });
      expect(kept.re).toBeCloseTo(once.re, 9);
      expect(kept.im).toBeCloseTo(once.im, 9);
    }
  });

  it('sorts phases into the histogram bins, bin 0 starting at an inhale onset', () => {
    const sums = emptySums();
    const width = (2 * Math.PI) / FIELD_BINS;
    addMembers(
      sums,
      [breathing('a', 0.5 * width), breathing('b', 0.5 * width), breathing('c', 3.5 * width), breathing('d', 11.5 * width)],
      AT,
    );
    expect(sums.hist).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('reads a bounded amount of any state: huge onset arrays, long ids and names, non-numbers', () => {
    const huge = {
      memberId: 'm',
      name: 'x'.repeat(10_000),
      pressed: 'yes',
      onsets: [...Array.from({ length: 100_000 }, (_, i) => i), 'a', Number.NaN, null],
    };
    expect(readFieldMember(huge)).toMatchObject({ name: 'x'.repeat(40), pressed: false });
    expect(readFieldMember(huge)!.onsets.length).toBeLessThanOrEqual(16);
    expect(readFieldMember({ memberId: 'i'.repeat(65) })).toBeNull();
    expect(readFieldMember({ memberId: '' })).toBeNull();
  });

  it('rotates the faces through every named member', () => {
    const rotate = createFaceRotation();
    const named = Array.from({ length: 20 }, (_, i) => ({ memberId: `m${i}`, name: `M${i}`, pressed: false, onsets: [] }));
    const seen = new Set<string>();
    for (let frame = 0; frame < Math.ceil(20 / FIELD_FACES); frame++) for (const f of rotate(named)) seen.add(f.id);
    expect(seen.size).toBe(20);
    expect(rotate([])).toEqual([]);
  });

  it('makes frames the app reads back, with a clock that always grows', () => {
    const source = createFieldSource(() => [breathing('a', 1, 10_000, 'Ana'), breathing('b', 1.2), breathing('c', 1.1)]);
    const first = readPresence(source.next(AT));
    const second = readPresence(source.next(AT)); // the same millisecond
    expect(first[0]!.clientId).toBe(FIELD_PRESENCE_ID);
    expect(second[0]!.clock).toBeGreaterThan(first[0]!.clock);
    const field = readField(JSON.parse(second[0]!.state));
    expect(field).toMatchObject({ here: 3, counted: 3, faces: [{ id: 'a', name: 'Ana' }] });
    expect(field!.ppc).toBeGreaterThan(0.9);
    const end = readPresence(source.end())[0]!;
    expect([end.state, end.clock > second[0]!.clock]).toEqual(['null', true]);
  });

  it('adds parts summed elsewhere (Durable Object shards) at the frame instant, exactly as if every member were here', () => {
    const random = seeded(4);
    const states = Array.from({ length: 45 }, (_, i) => breathing(`m${i}`, random() * Math.PI, 8000 + random() * 4000, `N${i}`));
    const [here, first, second] = [states.slice(0, 15), states.slice(15, 35), states.slice(35)];
    const rotations = [createFaceRotation(), createFaceRotation()];
    // The shards took their parts for the frame instant ahead; the room's frame comes a little after it.
    expect(fieldInstant(AT - 70)).toBe(AT);
    const parts = [
      sumPart(first, fieldInstant(AT - 70), rotations[0]!, createFieldCounter()),
      sumPart(second, AT, rotations[1]!, createFieldCounter()),
    ];
    const fieldOf = (update: Uint8Array) => readField(JSON.parse(readPresence(update)[0]!.state))!;
    const merged = fieldOf(
      createFieldSource(
        () => here,
        () => parts,
      ).next(AT + 40),
    );
    const whole = fieldOf(createFieldSource(() => states).next(AT));
    expect(merged.at).toBe(AT);
    expect({ ...merged, ppc: 0, faces: [] }).toEqual({ ...whole, ppc: 0, faces: [] });
    expect(merged.ppc).toBeCloseTo(Math.max(0, pairwisePpc(states.map((s) => memberPhase((s as { onsets: number[] }).onsets, AT)!))), 5);
    // Faces come from the members here and from each part's offer.
    const ids = merged.faces.map((f) => f.id);
    expect(ids).toHaveLength(FIELD_FACES);
    expect(new Set(ids).size).toBe(FIELD_FACES);
    expect(parts.every((p) => p.faces.length === FIELD_FACES)).toBe(true);
  });

  /**
   * Frames of a room holding `mine` itself and `theirs[k]` in part k, each part summed anew for
   * every frame (a shard sends its part with its own rotation of faces), and the faces shown from
   * each place (0: here, k + 1: part k) in every frame.
   */
  function facesByPlace(mine: object[], theirs: object[][], frames: number): number[][] {
    const shards = theirs.map((states) => ({ states, rotate: createFaceRotation(), counter: createFieldCounter() }));
    let parts: FieldPart[] = [];
    const source = createFieldSource(
      () => mine,
      () => parts,
    );
    const placeOf = new Map<string, number>();
    for (const [place, states] of [mine, ...theirs].entries())
      for (const s of states) placeOf.set((s as { memberId: string }).memberId, place);
    const out: number[][] = [];
    for (let frame = 0; frame < frames; frame++) {
      const at = AT + frame * FIELD_INTERVAL_MS;
      parts = shards.map((s) => sumPart(s.states, at, s.rotate, s.counter));
      const faces = readField(JSON.parse(readPresence(source.next(at))[0]!.state))!.faces;
      expect(new Set(faces.map((f) => f.id)).size).toBe(faces.length);
      const byPlace = new Array<number>(theirs.length + 1).fill(0);
      for (const f of faces) byPlace[placeOf.get(f.id)!]!++;
      out.push(byPlace);
    }
    return out;
  }
  const named = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => breathing(`${prefix}${i}`, 1, 10_000, `${prefix.toUpperCase()}${i}`));

  it('gives a part held elsewhere face slots in proportion to its members: 1,900 in a shard beside 100 here take 95% of them (within 1%), in every frame within one', () => {
    const frames = facesByPlace(named('h', 100), [named('s', 1900)], 500);
    const slots = frames.reduce((n, f) => n + f[0]! + f[1]!, 0);
    const theirs = frames.reduce((n, f) => n + f[1]!, 0);
    expect(slots).toBe(500 * FIELD_FACES);
    expect(Math.abs(theirs / slots - 0.95)).toBeLessThan(0.01);
    for (const f of frames) expect(Math.abs(f[1]! - 0.95 * FIELD_FACES)).toBeLessThan(1);
  });

  it('shares face slots among several places by their members, and gives the slots of a place without names to the others', () => {
    const frames = facesByPlace(named('h', 500), [named('s', 1000), named('t', 500)], 600);
    const total = frames.length * FIELD_FACES;
    const share = (place: number) => frames.reduce((n, f) => n + f[place]!, 0) / total;
    expect([share(0), share(1), share(2)].map((x) => Math.round(x * 100))).toEqual([25, 50, 25]);
    // 300 members without a name in a shard: 1/4 of the members, none of the faces; the frames stay full.
    const nameless = Array.from({ length: 300 }, (_, i) => breathing(`n${i}`, 1));
    const full = facesByPlace(named('h', 300), [nameless, named('s', 600)], 100);
    for (const f of full) expect([f.reduce((a, b) => a + b, 0), f[1]]).toEqual([FIELD_FACES, 0]);
  });
});

/** Awareness entries in the frames `got` (other messages skipped). */
function entries(got: readonly Uint8Array[]): PresenceEntry[] {
  const out: PresenceEntry[] = [];
  for (const data of got) {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) continue;
    out.push(...readPresence(decoding.readVarUint8Array(decoder)));
  }
  return out;
}
const fieldsIn = (got: readonly Uint8Array[]): RoomField[] =>
  entries(got)
    .filter((e) => e.clientId === FIELD_PRESENCE_ID && e.state !== 'null')
    .map((e) => readField(JSON.parse(e.state))!);

describe('a room crossing the field threshold', () => {
  const ABOVE = 4;
  const makeRoom = () =>
    createRoom('r', {
      limits: { ...DEFAULT_LIMITS, fieldAbove: ABOVE },
      counters: newCounters(),
      onLimit: () => undefined,
      onDocChange: () => undefined,
      onCheckpoint: () => undefined,
    });
  const member = (room: ReturnType<typeof makeRoom>, n: number, now: number) => {
    const got: Uint8Array[] = [];
    const peer: Peer = { send: (d) => void got.push(d), close: () => undefined, bufferedAmount: 0 };
    const m = room.join(peer, now);
    m.receive(presenceMessage(100 + n, breathing(`m${n}`, 1 + n / 100, 10_000, `M${n}`)), now);
    return { m, got };
  };

  it('switches to the field above the threshold and back at the lower one, as members come and go', async () => {
    vi.useFakeTimers({ now: AT });
    const room = makeRoom();
    const members = Array.from({ length: ABOVE }, (_, i) => member(room, i, AT));
    await vi.advanceTimersByTimeAsync(1);
    const first = members[0]!;
    // In list mode everyone's presence is relayed, and no field is sent.
    expect(entries(first.got).map((e) => e.clientId)).toContain(103);
    expect(fieldsIn(first.got)).toEqual([]);

    // One more: a field. From now on nobody's presence reaches anyone; every member gets frames.
    const fifth = member(room, ABOVE, AT);
    for (const m of members) m.got.length = 0;
    fifth.got.length = 0;
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS * 5);
    members[1]!.m.receive(presenceMessage(101, { ...breathing('m1', 2), pressed: true }, 2), Date.now());
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS);
    for (const m of [...members, fifth]) {
      const frames = fieldsIn(m.got);
      expect(frames.length).toBe(6);
      expect(entries(m.got).every((e) => e.clientId === FIELD_PRESENCE_ID)).toBe(true);
      expect(frames.at(-1)).toMatchObject({ here: 5, counted: 5, pressing: 1 });
    }
    // A newcomer in a field is greeted with the field alone.
    const sixth = member(room, ABOVE + 1, Date.now());
    expect(entries(sixth.got).map((e) => e.clientId)).toEqual([FIELD_PRESENCE_ID]);

    // Down to `leaveAt + 1`: still a field (no flapping at the edge); at `leaveAt`, the list again,
    // once the field has lasted FIELD_MIN_MS.
    const { leaveAt } = fieldThresholds(ABOVE);
    const everyone = [...members, fifth, sixth];
    while (everyone.length > leaveAt + 1) everyone.pop()!.m.leave();
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS);
    expect(fieldsIn(first.got).at(-1)!.here).toBe(leaveAt + 1);
    everyone.pop()!.m.leave();
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS);
    expect(fieldsIn(first.got).at(-1)!.here).toBe(leaveAt); // too soon to leave
    first.got.length = 0;
    await vi.advanceTimersByTimeAsync(FIELD_MIN_MS);
    const told = entries(first.got);
    expect(told.filter((e) => e.clientId === FIELD_PRESENCE_ID).at(-1)!.state).toBe('null');
    // Those still here, and the removal of those who left during the field.
    const theirs = told.filter((e) => e.clientId !== FIELD_PRESENCE_ID);
    expect(
      theirs
        .filter((e) => e.state !== 'null')
        .map((e) => e.clientId)
        .sort(),
    ).toEqual([100, 101, 102].slice(0, leaveAt));
    // ...and the removal of exactly those who left while it was a field (the fourth to the sixth).
    expect(
      theirs
        .filter((e) => e.state === 'null')
        .map((e) => e.clientId)
        .sort(),
    ).toEqual([103, 104, 105]);
    first.got.length = 0;
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS * 3);
    expect(fieldsIn(first.got)).toEqual([]); // no timer left sending frames
    // ...and presence is relayed again.
    everyone[1]!.m.receive(presenceMessage(101, breathing('m1', 3), 3), Date.now());
    await vi.advanceTimersByTimeAsync(1);
    expect(entries(first.got).map((e) => e.clientId)).toContain(101);
    room.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a field whose departed members include ids that were never applied (over the rate, or carried across hibernation)', async () => {
    vi.useFakeTimers({ now: AT });
    const room = makeRoom();
    const members = Array.from({ length: ABOVE + 1 }, (_, i) => member(room, i, AT));
    // A connection resumed from hibernation owns an id the relay holds no presence (nor clock) for.
    const resumed = room.join({ send: () => undefined, close: () => undefined, bufferedAmount: 0 }, AT, {
      resumed: true,
      presenceIds: [77],
    });
    expect(resumed.presenceIds()).toEqual([77]);
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS);
    resumed.leave();
    for (const m of members.slice(fieldThresholds(ABOVE).leaveAt)) m.m.leave();
    const first = members[0]!;
    first.got.length = 0;
    // This used to throw inside the field's timer (y-protocols reads a clock the relay never had): the process went down.
    await vi.advanceTimersByTimeAsync(FIELD_MIN_MS + FIELD_INTERVAL_MS);
    const told = entries(first.got);
    expect(told.filter((e) => e.clientId === FIELD_PRESENCE_ID).at(-1)!.state).toBe('null');
    expect(told.map((e) => e.clientId)).not.toContain(77);
    room.destroy();
  });

  it('lets nobody claim or speak for the field entry', async () => {
    vi.useFakeTimers({ now: AT });
    const room = makeRoom();
    const members = Array.from({ length: ABOVE + 1 }, (_, i) => member(room, i, AT));
    const forger = members[0]!;
    forger.m.receive(presenceMessage(FIELD_PRESENCE_ID, { field: { v: 1, here: 1_000_000 } }), AT);
    expect(forger.m.presenceIds()).not.toContain(FIELD_PRESENCE_ID);
    await vi.advanceTimersByTimeAsync(FIELD_INTERVAL_MS);
    expect(fieldsIn(members[1]!.got).at(-1)!.here).toBe(ABOVE + 1);
    room.destroy();
  });
});
