import { describe, expect, it } from 'vitest';
import { FIELD_INTERVAL_MS } from '../src/shared/room-field.ts';
import { nextFieldInMs } from './room-presence.ts';

describe('the field frame grid', () => {
  const since = 1_000_000;

  it('keeps frames on the grid from the field start, however late the last one went out', () => {
    expect(nextFieldInMs(since, since)).toBe(FIELD_INTERVAL_MS);
    // A frame that took 150 ms to send: the next is still one interval after the last slot.
    expect(nextFieldInMs(since, since + FIELD_INTERVAL_MS + 150)).toBe(FIELD_INTERVAL_MS - 150);
    // Over a minute of late frames, the grid does not drift.
    expect(nextFieldInMs(since, since + 300 * FIELD_INTERVAL_MS + 1)).toBe(FIELD_INTERVAL_MS - 1);
  });

  it('skips slots missed altogether rather than sending them in a burst', () => {
    const late = since + 2.5 * FIELD_INTERVAL_MS;
    expect(late + nextFieldInMs(since, late)).toBe(since + 3 * FIELD_INTERVAL_MS);
  });

  it('never waits zero or less: a frame exactly on a slot waits for the next', () => {
    for (let now = since; now < since + 3 * FIELD_INTERVAL_MS; now += 7) {
      const wait = nextFieldInMs(since, now);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(FIELD_INTERVAL_MS);
    }
  });
});
