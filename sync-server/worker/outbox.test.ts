import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPresence } from '../presence.ts';
import { presenceMessage, syncUpdate } from '../testing/updates.ts';
import { FIELD_PRESENCE_ID } from '../../src/shared/room-field.ts';
import {
  createLoadMeter,
  createOutbox,
  MAX_SPACING_MS,
  mergeAwareness,
  PACE_ABOVE_PER_SECOND,
  PRESENCE_SPACING_MS,
  spacingFor,
} from './outbox.ts';

/** An outbox on a hand-driven clock and timer, and what each socket received. */
function harness(busy = true, spacingMs = 200) {
  let now = 1_000;
  let timer: { fire: () => void; at: number } | null = null;
  const got = new Map<string, Uint8Array[]>();
  const outbox = createOutbox<string>((socket, frame) => got.set(socket, [...(got.get(socket) ?? []), frame]), {
    spacingMs,
    now: () => now,
    setTimer: (fire, ms) => (timer = { fire, at: now + ms }),
    load: { note: () => undefined, spacing: () => (busy ? spacingMs : 0) },
  });
  return {
    outbox,
    got: (socket: string) => got.get(socket) ?? [],
    timerAt: () => timer?.at ?? null,
    advance(ms: number) {
      now += ms;
      if (timer && timer.at <= now) {
        const { fire } = timer;
        timer = null;
        fire();
      }
    },
  };
}

const entries = (frame: Uint8Array) => {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(1);
  return readPresence(decoding.readVarUint8Array(decoder)).map((e) => [e.clientId, e.clock, JSON.parse(e.state)]);
};

describe('worker outbox', () => {
  it('sends a quiet socket its presence at once, and holds what a busy one gets until the spacing is up, as one frame', () => {
    const h = harness();
    h.outbox.send('a', presenceMessage(7, { n: 1 }, 1));
    expect(h.got('a')).toHaveLength(1);
    h.advance(50);
    h.outbox.send('a', presenceMessage(8, { n: 2 }, 1));
    h.outbox.send('a', presenceMessage(7, { n: 3 }, 2));
    h.outbox.send('b', presenceMessage(7, { n: 3 }, 2)); // another socket, quiet so far
    expect(h.got('a')).toHaveLength(1);
    expect(h.got('b')).toHaveLength(1);
    expect(h.timerAt()).toBe(1_200); // the spacing counts from the last send, not from the hold
    h.advance(149);
    expect(h.got('a')).toHaveLength(1);
    h.advance(1);
    expect(h.got('a')).toHaveLength(2);
    // Each presence id's latest entry, in the order they were last seen.
    expect(entries(h.got('a')[1]!)).toEqual([
      [8, 1, { n: 2 }],
      [7, 2, { n: 3 }],
    ]);
    h.advance(500);
    h.outbox.send('a', presenceMessage(9, { n: 4 }, 1));
    expect(h.got('a')).toHaveLength(3); // quiet again: at once
  });

  it('paces nobody while the isolate is not busy', () => {
    const h = harness(false);
    for (let i = 1; i <= 3; i++) h.outbox.send('a', presenceMessage(7, { n: i }, i));
    expect(h.got('a')).toHaveLength(3);
    expect(h.timerAt()).toBe(null);
  });

  it('counts the frames offered per whole second, and paces past the threshold, more as the load grows, up to a bound', () => {
    const meter = createLoadMeter();
    for (let i = 0; i < 4; i++) meter.note(5_000 + i);
    expect(meter.lastSecond(5_999)).toBe(0); // that second is not over
    expect(meter.lastSecond(6_000)).toBe(4);
    meter.note(6_500);
    expect(meter.lastSecond(7_000)).toBe(1);
    for (let i = 0; i < 4; i++) meter.note(7_100);
    expect(meter.lastSecond(9_000)).toBe(0); // a quiet second between
    expect(spacingFor(PACE_ABOVE_PER_SECOND)).toBe(0);
    expect(spacingFor(PACE_ABOVE_PER_SECOND + 1)).toBeCloseTo(PRESENCE_SPACING_MS, 1);
    expect(spacingFor(2.5 * PACE_ABOVE_PER_SECOND)).toBe(2.5 * PRESENCE_SPACING_MS);
    expect(spacingFor(100 * PACE_ABOVE_PER_SECOND)).toBe(MAX_SPACING_MS);
  });

  it("never holds a field's frame: it sends what is held for the socket first, then itself", () => {
    const h = harness();
    h.outbox.send('a', presenceMessage(7, { n: 1 }, 1));
    h.outbox.send('a', presenceMessage(7, { n: 2 }, 2));
    h.outbox.send('a', presenceMessage(FIELD_PRESENCE_ID, { count: 300 }, 5));
    expect(h.got('a').map((f) => entries(f)[0]![0])).toEqual([7, 7, FIELD_PRESENCE_ID]);
  });

  it('sends what it holds before a document frame, so the order the room sent stays', () => {
    const h = harness();
    h.outbox.send('a', syncUpdate(new Uint8Array([0, 0])));
    h.outbox.send('a', presenceMessage(7, { n: 1 }, 1));
    const doc = syncUpdate(new Uint8Array([0, 0]));
    h.outbox.send('a', doc);
    expect(h.got('a').map((f) => f[0])).toEqual([0, 1, 0]);
    expect(h.got('a')[2]).toBe(doc);
    h.advance(1_000); // the timer finds nothing left to send
    expect(h.got('a')).toHaveLength(3);
  });

  it('drops what it held for a socket that is gone', () => {
    const h = harness();
    h.outbox.send('a', presenceMessage(7, { n: 1 }, 1));
    h.outbox.send('a', presenceMessage(7, { n: 2 }, 2));
    h.outbox.drop('a');
    h.advance(1_000);
    expect(h.got('a')).toHaveLength(1);
  });

  it('merges frames into one the stock client applies to the same presence as the frames one by one', () => {
    const frames = [
      presenceMessage(11, { name: 'A', phase: 0.1 }, 1),
      presenceMessage(12, { name: 'B' }, 1),
      presenceMessage(11, { name: 'A', phase: 0.4 }, 2),
    ];
    const oneByOne = new awarenessProtocol.Awareness(new Y.Doc());
    const merged = new awarenessProtocol.Awareness(new Y.Doc());
    for (const a of [oneByOne, merged]) a.setLocalState(null); // each stands for a client that has not said anything yet
    const apply = (awareness: awarenessProtocol.Awareness, frame: Uint8Array) => {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'relay');
    };
    for (const f of frames) apply(oneByOne, f);
    apply(merged, mergeAwareness(frames));
    expect(Object.fromEntries(merged.getStates())).toEqual(Object.fromEntries(oneByOne.getStates()));
    expect(merged.meta.get(11)?.clock).toBe(2);
    oneByOne.destroy();
    merged.destroy();
  });
});
