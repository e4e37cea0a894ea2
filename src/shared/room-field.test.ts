/** The field frame as the app reads it, with and without the sharers' heart coherence, by readers from before it and now. */
import { describe, expect, it } from 'vitest';
import { FIELD_BINS, groupHeartOf, readField, readHeartScore, type RoomField } from './room-field.ts';

const frame = (extra: object = {}) => ({
  field: {
    v: 1,
    at: 1_800_000_000_000,
    here: 200,
    breathing: 150,
    pressing: 40,
    counted: 120,
    ppc: 0.61,
    hist: new Array<number>(FIELD_BINS).fill(10),
    faces: [{ id: 'a', name: 'Ada' }],
    ...extra,
  },
});

/**
 * `readField` as it was before the heart (commit 2456cac), kept whole: what an app already installed
 * reads every new frame with. It must still read them.
 */
function readFieldBefore(state: unknown): Omit<RoomField, 'heart'> | null {
  const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  if (typeof state !== 'object' || state === null) return null;
  const f = (state as { field?: unknown }).field;
  if (typeof f !== 'object' || f === null) return null;
  const r = f as Record<keyof RoomField, unknown>;
  const here = count(r.here);
  const breathing = count(r.breathing);
  const pressing = count(r.pressing);
  const counted = count(r.counted);
  if (r.v !== 1 || typeof r.at !== 'number' || here === null || breathing === null || pressing === null || counted === null) return null;
  if (typeof r.ppc !== 'number' || !(r.ppc >= 0 && r.ppc <= 1)) return null;
  if (!Array.isArray(r.hist) || r.hist.length !== FIELD_BINS || !r.hist.every((n) => count(n) !== null)) return null;
  if (!Array.isArray(r.faces)) return null;
  const faces = r.faces
    .slice(0, 24)
    .filter((x) => typeof x?.id === 'string' && typeof x?.name === 'string' && x.id !== '' && x.name !== '');
  return { v: 1, at: r.at, here, breathing, pressing, counted, ppc: r.ppc, hist: r.hist as number[], faces };
}

describe('the field frame and the heart', () => {
  it('reads a frame with the sharers’ count and sum', () => {
    expect(readField(frame({ heart: { sharing: 7, sum: 448 } }))?.heart).toEqual({ sharing: 7, sum: 448 });
  });

  it('reads a frame from before the heart (none) as it did', () => {
    const field = readField(frame());
    expect(field).not.toBeNull();
    expect(field).not.toHaveProperty('heart');
    expect(field).toEqual(readFieldBefore(frame()));
  });

  it('lets a reader from before the heart read a new frame, all but the heart', () => {
    const withHeart = frame({ heart: { sharing: 7, sum: 448 } });
    const { heart: _heart, ...rest } = readField(withHeart)!;
    expect(readFieldBefore(withHeart)).toEqual(rest);
  });

  it('drops a malformed heart and keeps the rest of the frame', () => {
    for (const heart of [
      { sharing: 2, sum: 201 },
      { sharing: -1, sum: 0 },
      { sharing: 1.5, sum: 10 },
      { sharing: 3, sum: '150' },
      { sharing: 3, sum: Number.NaN },
      { sum: 10 },
      '7 sharing',
      null,
      42,
    ]) {
      const field = readField(frame({ heart }));
      expect(field?.here).toBe(200);
      expect(field).not.toHaveProperty('heart');
    }
  });

  it('takes a score 0-100 as shared, whole, and nothing else', () => {
    expect([readHeartScore(0), readHeartScore(100), readHeartScore(49.5), readHeartScore(12.2)]).toEqual([0, 100, 50, 12]);
    for (const bad of ['64', 1e9, -0.5, 100.01, Number.NaN, Number.NEGATIVE_INFINITY, null, undefined, {}, [50]])
      expect(readHeartScore(bad)).toBeNull();
  });

  it('gives the group figure from two sharers: the mean, rounded, and how many share', () => {
    expect(groupHeartOf(0, 0)).toBeNull();
    expect(groupHeartOf(64, 1)).toBeNull();
    expect(groupHeartOf(131, 2)).toEqual({ mean: 66, sharing: 2 });
    expect(groupHeartOf(448, 7)).toEqual({ mean: 64, sharing: 7 });
  });
});
