/** The runtime-free room, without sockets: what its adapters rely on. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from './policy.ts';
import { createRoom, newCounters, type Peer } from './room.ts';

afterEach(() => vi.useRealTimers());

const room = () => createRoom('r', { limits: DEFAULT_LIMITS, counters: newCounters(), onLimit: () => undefined, onDocChange: () => undefined });

describe('room', () => {
  it('leaves no timer running while nothing happens (a Durable Object could not hibernate)', () => {
    vi.useFakeTimers();
    const r = room();
    expect(vi.getTimerCount()).toBe(0);
    r.destroy();
  });

  it('survives a peer whose send throws (a socket closing on Workers), and still relays to the others', () => {
    const r = room();
    const got: Uint8Array[] = [];
    const broken: Peer = { send: () => { throw new TypeError('closed'); }, close: () => undefined, bufferedAmount: 0 };
    const fine: Peer = { send: (d) => void got.push(d), close: () => undefined, bufferedAmount: 0 };
    r.join(broken, 0);
    r.join(fine, 0);
    got.length = 0;
    r.doc.getMap('m').set('a', 1);
    r.doc.getMap('m').set('b', 2); // a second transaction: Yjs must have finished the first
    expect(got.length).toBe(2);
    expect(r.doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
    r.destroy();
  });

  it('gives a resumed member back the presence ids it owned, and greets only new members', () => {
    const r = room();
    const sent: number[] = [];
    const peer = (): Peer => ({ send: () => void sent.push(1), close: () => undefined, bufferedAmount: 0 });
    const resumed = r.join(peer(), 0, { resumed: true, presenceIds: [7, 8, 9] });
    expect(sent.length).toBe(0);
    expect(resumed.presenceIds()).toEqual([7, 8]); // at most two per member
    r.join(peer(), 0);
    expect(sent.length).toBe(1); // sync step 1 for the newcomer
    r.destroy();
  });
});
