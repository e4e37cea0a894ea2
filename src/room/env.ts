/** What a room needs from the page (the relay's address, the network, the page's visibility), passed in so a test can stand in for it. */

/** Events of the page a room follows. */
export interface PageEvents {
  online(): void;
  offline(): void;
  /** The page is shown again (after being hidden). */
  visible(): void;
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
    WebSocket,
    random: Math.random,
  };
}
