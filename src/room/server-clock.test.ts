import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageEvents } from './env.ts';
import { createServerClock, GOOD_RTT_MS } from './server-clock.ts';

/**
 * A page and a relay on one clock (the true offset is 0). Each /time exchange takes 5 ms each way;
 * `busyMs` is how late the page reads the reply, as a page busy joining a room does.
 */
function setup(busyMs: () => number, { wire = false } = {}) {
  let now = 1_000_000;
  const listeners = new Set<Partial<PageEvents>>();
  let requests = 0;
  // The network's stamps of each URL fetched: sent, and the answer's first byte in.
  const stamps = new Map<string, { sent: number; received: number }>();
  const env = {
    timeUrl: '/time',
    watch(on: Partial<PageEvents>) {
      listeners.add(on);
      return () => listeners.delete(on);
    },
    fetch: (async (url: string) => {
      requests++;
      const sent = now;
      now += 5;
      const t = now;
      now += 5;
      stamps.set(url, { sent, received: now });
      now += busyMs();
      return new Response(JSON.stringify({ t1: t, t2: t }));
    }) as unknown as typeof fetch,
    // Where the browser gives the network's timing (`wire`), how long ago the fetch went out and its answer came in.
    networkTiming: async (url: string) => {
      const s = stamps.get(url);
      return wire && s ? { sentAgoMs: now - s.sent, receivedAgoMs: now - s.received } : null;
    },
  };
  const clock = createServerClock({ now: () => now, dispose() {} }, env, () => undefined);
  const emit = (e: keyof PageEvents) => {
    for (const l of listeners) l[e]?.();
  };
  return { clock, requests: () => requests, emit };
}

describe('server clock', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('a join burst read late is followed by more bursts until the offset is good', async () => {
    let busy = 600;
    const { clock, requests } = setup(() => busy);
    await vi.advanceTimersByTimeAsync(1_000);
    // Every reply of the join burst was read 600 ms late: the offset is out by half of that.
    expect(requests()).toBe(8);
    expect(clock.estimate()!.offsetMs).toBe(-300);
    expect(clock.estimate()!.rttMs).toBeGreaterThan(GOOD_RTT_MS);

    busy = 0;
    await vi.advanceTimersByTimeAsync(2_000 + 1_000);
    expect(requests()).toBe(16);
    expect(clock.estimate()!.offsetMs).toBe(0);
    expect(clock.estimate()!.rttMs).toBe(10);

    // Good now: no more bursts, only the sample a minute.
    await vi.advanceTimersByTimeAsync(59_000);
    expect(requests()).toBe(17);
    clock.dispose();
  });

  it('with the network’s own stamps a busy page measures the true offset at once, and needs no more bursts', async () => {
    const { clock, requests } = setup(() => 600, { wire: true });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(requests()).toBe(8);
    expect(clock.estimate()!.offsetMs).toBe(0);
    expect(clock.estimate()!.rttMs).toBe(10);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests()).toBe(9);
    clock.dispose();
  });

  it('on a slow path the extra bursts back off and end within the first minute', async () => {
    const { clock, requests } = setup(() => 100);
    // Bursts at 0, then after 2, 4, 8, 16 and 32 s of waiting; then the sample a minute.
    await vi.advanceTimersByTimeAsync(75_000);
    expect(requests()).toBe(6 * 8 + 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests()).toBe(6 * 8 + 2);
    clock.dispose();
  });

  it('the page waking samples afresh and refines again, and dispose stops every timer', async () => {
    let busy = 0;
    const { clock, requests, emit } = setup(() => busy);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests()).toBe(8);
    expect(clock.estimate()!.offsetMs).toBe(0);
    // Woken on a busy moment: the samples from before sleep are dropped (the page's clock re-anchored).
    busy = 400;
    emit('visible');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests()).toBe(16);
    expect(clock.estimate()!.offsetMs).toBe(-200);
    busy = 0;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(requests()).toBe(24);
    expect(clock.estimate()!.offsetMs).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests()).toBe(24);

    clock.dispose();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(requests()).toBe(24);
  });
});
