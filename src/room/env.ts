/** What a room needs from the page (the relay's address, the network, the page's visibility), passed in so a test can stand in for it. */

/** Events of the page a room follows. */
export interface PageEvents {
  online(): void;
  offline(): void;
  /** The page is shown again (after being hidden). */
  visible(): void;
}

/**
 * When the network stack sent a request and began to receive its answer, in ms before now. The page
 * learns of an answer only when its main thread is free, which on a busy page (joining a room: the
 * first sync, the first render) is long after it arrived; these stamps are not delayed by that.
 */
export interface NetworkTiming {
  readonly sentAgoMs: number;
  readonly receivedAgoMs: number;
}

/** The page as a room sees it. */
export interface RoomEnv {
  /** The relay's room endpoint, `ws(s)://<host>/room`. */
  readonly relayUrl: string;
  /** The relay's clock endpoint (`/time`). */
  readonly timeUrl: string;
  /** The relay's HTTP address of room `id` (where its owner deletes it). */
  roomHttpUrl(id: string): string;
  /** A private relay's room token (from the link's fragment), or null. */
  token(): string | null;
  /** Whether the device has a network now. */
  isOnline(): boolean;
  /** Follows the page's events until the returned function is called. */
  watch(on: Partial<PageEvents>): () => void;
  readonly fetch: typeof fetch;
  /** The network's own timing of the last fetch of `url` (exactly that URL), or null where the browser gives none. */
  networkTiming(url: string): Promise<NetworkTiming | null>;
  readonly WebSocket: typeof WebSocket;
  /** Uniform in [0, 1): the jitter of reconnect delays. */
  random(): number;
}

/** The browser page's environment: the relay is the page's own origin. */
export function browserRoomEnv(): RoomEnv {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    relayUrl: `${scheme}://${location.host}/room`,
    timeUrl: '/time',
    roomHttpUrl: (id) => `/room/${id}`,
    // A private relay's room token rides in the link's fragment (#token=…), which browsers never send to a server.
    token: () => new URLSearchParams(location.hash.slice(1)).get('token'),
    isOnline: () => navigator.onLine,
    watch(on) {
      const online = () => on.online?.();
      const offline = () => on.offline?.();
      const visible = () => document.visibilityState === 'visible' && on.visible?.();
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visible);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        document.removeEventListener('visibilitychange', visible);
      };
    },
    fetch: (input, init) => fetch(input, init),
    networkTiming: resourceTiming,
    WebSocket,
    random: Math.random,
  };
}

/** How long to wait for the browser to report a fetch's timing before doing without. */
const TIMING_WAIT_MS = 1_000;

/**
 * The Resource Timing entry of a fetch that has just finished (its body read). The entry may be
 * reported a moment after the body, so a missing one is waited for briefly; the buffer of entries
 * (250 by default) may also be full on a long-lived page, so the observer is asked too.
 */
async function resourceTiming(url: string): Promise<NetworkTiming | null> {
  const name = new URL(url, location.href).href;
  const found = await new Promise<PerformanceResourceTiming | null>((resolve) => {
    const seen = () => (performance.getEntriesByName(name, 'resource').at(-1) as PerformanceResourceTiming | undefined) ?? null;
    const now = seen();
    if (now || typeof PerformanceObserver === 'undefined') return resolve(now);
    const observer = new PerformanceObserver((list) => {
      const entry = list.getEntriesByName(name, 'resource').at(-1) as PerformanceResourceTiming | undefined;
      if (entry) done(entry);
    });
    const timer = setTimeout(() => done(seen()), TIMING_WAIT_MS);
    const done = (entry: PerformanceResourceTiming | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(entry);
    };
    observer.observe({ type: 'resource', buffered: true });
  });
  // Zero stamps mean the browser withheld them (a cross-origin answer without Timing-Allow-Origin).
  if (!found || found.requestStart <= 0 || found.responseStart < found.requestStart) return null;
  const now = performance.now();
  return { sentAgoMs: now - found.requestStart, receivedAgoMs: now - found.responseStart };
}
