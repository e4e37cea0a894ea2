import { describe, expect, it } from 'vitest';
import { FIELD_INTERVAL_MS } from '../src/shared/room-field.ts';
import { fieldInstant } from './room-field.ts';
import { nextFieldInMs } from './room-presence.ts';

describe('the field frame grid', () => {
  const slot = 1_700_000_000_000; // a multiple of FIELD_INTERVAL_MS
  const next = (now: number) => now + nextFieldInMs(now);

  it('keeps frames on the clock’s multiples of the interval, however late the last one went out', () => {
    expect(slot % FIELD_INTERVAL_MS).toBe(0);
    expect(next(slot)).toBe(slot + FIELD_INTERVAL_MS);
    // A frame that took 150 ms to send: the next is still on the following slot.
    expect(next(slot + 150)).toBe(slot + FIELD_INTERVAL_MS);
    // An hour of late frames later, the grid has not drifted.
    expect(next(slot + 18_000 * FIELD_INTERVAL_MS + 37)).toBe(slot + 18_001 * FIELD_INTERVAL_MS);
  });

  it('skips slots missed altogether rather than sending them in a burst', () => {
    expect(next(slot + 2.5 * FIELD_INTERVAL_MS)).toBe(slot + 3 * FIELD_INTERVAL_MS);
  });

  it('falls on the instants shards take their parts for, and never waits zero or less', () => {
    for (let now = slot; now < slot + 3 * FIELD_INTERVAL_MS; now += 7) {
      const wait = nextFieldInMs(now);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(FIELD_INTERVAL_MS);
      expect(fieldInstant(next(now))).toBe(next(now));
    }
  });
});
