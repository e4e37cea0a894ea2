/** Shared heart coherence in the field: read from presence, summed (also across shards), sent only for two sharers or more. */
import { describe, expect, it } from 'vitest';
import { seeded } from '../src/core/random.ts';
import { readField, type RoomField } from '../src/shared/room-field.ts';
import { readPresence } from './presence.ts';
import {
  addMembers,
  addPart,
  createFaceRotation,
  createFieldCounter,
  createFieldSource,
  emptySums,
  type FieldPart,
  readFieldMember,
  sumPart,
} from './room-field.ts';

const AT = 1_800_000_000_000;

const member = (memberId: string, heart?: unknown): object => ({
  memberId,
  name: memberId,
  pressed: false,
  onsets: [AT - 20_000, AT - 10_000, AT - 3000],
  score: null,
  ...(heart === undefined ? {} : { heart }),
});
const fieldOf = (update: Uint8Array): RoomField => readField(JSON.parse(readPresence(update)[0]!.state))!;

describe('heart coherence in the field', () => {
  it('reads a shared score 0-100 and ignores anything else a member may send', () => {
    const heartOf = (v: unknown) => readFieldMember(member('a', v))!.heart;
    expect([heartOf(0), heartOf(64), heartOf(100), heartOf(63.6)]).toEqual([0, 64, 100, 64]);
    for (const bad of ['64', 1e9, -1, 100.5, Number.NaN, Number.POSITIVE_INFINITY, null, true, [64], { score: 64 }, undefined])
      expect(heartOf(bad)).toBeNull();
  });

  it('counts the sharers and sums their scores, one person in two tabs once, and a malformed score as none', () => {
    const sums = emptySums();
    addMembers(sums, [member('a', 60), member('b', 70), member('b', 70), member('c', '80'), member('d', 1e9), member('e')], AT);
    expect([sums.here, sums.hearts, sums.heartSum]).toEqual([5, 2, 130]);
  });

  it('sends the sharers’ count and sum from two sharers, nothing for one', () => {
    const one = fieldOf(createFieldSource(() => [member('a', 60), member('b'), member('c')]).next(AT));
    expect(one.heart).toBeUndefined();
    expect(one.here).toBe(3);
    const two = fieldOf(createFieldSource(() => [member('a', 60), member('b', 71), member('c')]).next(AT));
    expect(two.heart).toEqual({ sharing: 2, sum: 131 });
  });

  it('adds the parts of shards exactly as if every member were here: a count and a sum, never a mean', () => {
    const random = seeded(16);
    for (let trial = 0; trial < 50; trial++) {
      const states = Array.from({ length: 5 + Math.floor(random() * 40) }, (_, i) =>
        member(`m${i}`, random() < 0.4 ? undefined : Math.round(random() * 100)),
      );
      const cut1 = Math.floor(random() * states.length);
      const cut2 = cut1 + Math.floor(random() * (states.length - cut1));
      const parts: FieldPart[] = [states.slice(cut1, cut2), states.slice(cut2)].map((s) =>
        sumPart(s, AT, createFaceRotation(), createFieldCounter()),
      );
      const merged = fieldOf(
        createFieldSource(
          () => states.slice(0, cut1),
          () => parts,
        ).next(AT),
      );
      const whole = fieldOf(createFieldSource(() => states).next(AT));
      expect(merged.heart).toEqual(whole.heart);
      const shared = states.map((s) => (s as { heart?: number }).heart).filter((h) => h !== undefined);
      if (shared.length >= 2) expect(merged.heart).toEqual({ sharing: shared.length, sum: shared.reduce((a, b) => a + b, 0) });
      else expect(merged.heart).toBeUndefined();
    }
  });

  it('takes a part from a shard that predates heart sharing as having no sharers', () => {
    const sums = emptySums();
    addMembers(sums, [member('a', 50), member('b', 70)], AT);
    const { hearts: _h, heartSum: _s, ...old } = emptySums();
    addPart(sums, { ...old, here: 3 } as ReturnType<typeof emptySums>);
    expect([sums.here, sums.hearts, sums.heartSum]).toEqual([5, 2, 120]);
  });
});
