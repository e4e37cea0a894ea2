import { describe, expect, it } from 'vitest';
import { FIELD_INTERVAL_MS as I } from '../src/shared/room-field.ts';
import { fieldInstant } from './room-field.ts';
import { nextFieldInMs } from './room-presence.ts';

describe('the field frame grid', () => {
  const slot = 1_700_000_000_000; // a multiple of the interval
  /** When the frame after one started at `started` and sent by `now` goes. */
  const next = (started: number, now: number) => now + nextFieldInMs(started, now);

  it('keeps frames on the clock’s multiples of the interval, however long each took to send', () => {
    expect(slot % I).toBe(0);
    expect(next(slot, slot)).toBe(slot + I);
    // A frame that took 150 ms to send: the next is still on the following slot.
    expect(next(slot, slot + 150)).toBe(slot + I);
    // A timer late by 60 ms: the next frame is still on its slot.
    expect(next(slot + 60, slot + 120)).toBe(slot + I);
    // An hour on, the grid has not drifted.
    expect(next(slot + 18_000 * I + 3, slot + 18_000 * I + 37)).toBe(slot + 18_001 * I);
    // Every frame sent on the grid falls on an instant shards take their parts for.
    expect(fieldInstant(next(slot + 7, slot + 90))).toBe(next(slot + 7, slot + 90));
  });

  it('sends at once when sending ran past the next slot, instead of leaving everyone a slot without a frame', () => {
    expect(nextFieldInMs(slot, slot + I + 70)).toBe(0);
    expect(nextFieldInMs(slot + 90, slot + I + 180)).toBe(0);
  });

  it('takes up the grid again, with no burst, when a whole slot more has gone', () => {
    expect(next(slot, slot + 2.5 * I)).toBe(slot + 3 * I);
  });

  it('takes a timer that reads its slot a millisecond early for that slot: no second frame a millisecond later', () => {
    expect(next(slot + I - 1, slot + I + 40)).toBe(slot + 2 * I);
  });

  it('never waits past one interval from its slot', () => {
    for (let started = slot; started < slot + 3 * I; started += 7) {
      for (const took of [0, 50, 199, 260, 450]) {
        const wait = nextFieldInMs(started, started + took);
        expect(wait).toBeGreaterThanOrEqual(0);
        // A frame started a hair before its slot counts from that slot.
        expect(wait).toBeLessThanOrEqual(I + 2);
      }
    }
  });
});
