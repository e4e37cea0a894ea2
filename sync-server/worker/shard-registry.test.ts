import { describe, expect, it } from 'vitest';
import { emptySums, type FieldPart } from '../room-field.ts';
import { createShardRegistry, EMPTY_SHARD_GRACE_MS, PART_FRESH_MS, SHARD_SILENT_MS } from './shard-registry.ts';

/** A part of `here` members for the instant `at`. */
const part = (at: number, here: number): FieldPart => ({ at, sums: { ...emptySums(), here }, faces: [] });

describe('shard registry', () => {
  it('counts a hand-off that never reached its shard only for the grace, then forgets the shard', () => {
    const r = createShardRegistry();
    r.handed(0, 1000);
    expect(r.members(1000)).toBe(1);
    expect(r.live(1000)).toEqual([0]);
    expect(r.members(1000 + EMPTY_SHARD_GRACE_MS)).toBe(1);
    expect(r.members(1001 + EMPTY_SHARD_GRACE_MS)).toBe(0);
    expect(r.live(1001 + EMPTY_SHARD_GRACE_MS)).toEqual([]);
    expect(r.known()).toEqual([]);
  });

  it("keeps pending hand-offs apart from a shard's word until it says they arrived", () => {
    const r = createShardRegistry();
    r.part(0, 3, 3, part(0, 3), 1000);
    r.handed(0, 1010);
    r.handed(0, 1020);
    // A part sent before the newcomers arrived: they still count, its word does not overwrite them.
    r.part(0, 3, 0, part(200, 3), 1050);
    expect(r.members(1050)).toBe(5);
    // One arrived: it is in the shard's word now; the other still pending.
    r.part(0, 4, 1, part(400, 4), 1150);
    expect(r.members(1150)).toBe(5);
    // The other never arrives: after the grace only the shard's word counts.
    r.part(0, 4, 0, part(6200, 4), 1020 + EMPTY_SHARD_GRACE_MS + 1);
    expect(r.members(1020 + EMPTY_SHARD_GRACE_MS + 1)).toBe(4);
  });

  it("stops counting a silent shard's members and its figures, but sends it changes through the grace", () => {
    const r = createShardRegistry();
    r.part(0, 4, 0, part(0, 4), 1000);
    expect(r.parts(0, 1000)).toHaveLength(1);
    expect(r.parts(0, 1001 + PART_FRESH_MS)).toEqual([]);
    expect(r.members(1000 + SHARD_SILENT_MS)).toBe(4);
    expect(r.members(1001 + SHARD_SILENT_MS)).toBe(0);
    expect(r.live(1001 + SHARD_SILENT_MS)).toEqual([0]);
    expect(r.live(1001 + EMPTY_SHARD_GRACE_MS)).toEqual([]);
  });

  it('forgets a shard that says it is empty at once, unless a hand-off is pending', () => {
    const r = createShardRegistry();
    r.part(0, 2, 0, part(0, 2), 1000);
    r.part(0, 0, 0, part(200, 0), 1100);
    expect(r.known()).toEqual([]);
    r.handed(1, 1200);
    r.part(1, 0, 0, part(400, 0), 1210);
    expect(r.members(1210)).toBe(1);
    expect(r.live(1210)).toEqual([1]);
  });

  it("picks the newest part for the frame's instant, else the newest", () => {
    const r = createShardRegistry();
    r.part(0, 1, 0, part(200, 1), 1000);
    r.part(0, 2, 0, part(200, 2), 1050);
    r.part(0, 3, 0, part(400, 3), 1100);
    expect(r.parts(200, 1100).map((p) => p.sums.here)).toEqual([2]);
    expect(r.parts(600, 1100).map((p) => p.sums.here)).toEqual([3]);
  });
});
