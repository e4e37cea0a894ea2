/**
 * The room's document on this device and on the relay: y-indexeddb keeps it (a room opened before
 * works offline, and offline changes merge on reconnect) and the stock y-websocket provider
 * relays it, reconnecting with jittered exponential backoff ("full jitter").
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { toBase64Url } from '../shared/base64url.ts';
import { APP_PROTOCOL, CLOSE, PRESENCE_PROTOCOL_PREFIX, REFUSED_CODES, TOKEN_PROTOCOL_PREFIX } from '../shared/room-protocol.ts';
import { backoffMs } from './backoff.ts';
import type { RoomId } from './link.ts';
import { adoptLegacyRoomDb, roomDbName } from './local-store.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'full' | 'refused';

export interface RoomConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the locally stored copy is loaded (immediately usable offline). */
  readonly loaded: Promise<void>;
  dispose(): void;
}


/** A random secret of this page (22 base64url characters): never stored, never shown. */
const presenceSecret = (): string => toBase64Url(crypto.getRandomValues(new Uint8Array(16)));

export function connectRoom(id: RoomId, onStatus: (status: ConnectionStatus) => void): RoomConnection {
  const doc = new Y.Doc();
  // Named by a hash of the id: the id is the room's link secret (local-store.ts).
  const local = new IndexeddbPersistence(roomDbName(id), doc);
  // reason: a legacy copy that cannot be read is only a cache of what the relay holds.
  const adopted = adoptLegacyRoomDb(id, doc).catch((error: unknown) => console.warn('old room copy not adopted', error));
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // A private relay's room token rides in the link's fragment (#token=…), which browsers never send
  // to a server, and from there in Sec-WebSocket-Protocol.
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const provider = new WebsocketProvider(`${scheme}://${location.host}/room`, id, doc, {
    connect: false,
    // The presence secret lets the relay keep this tab's presence for it across a network change.
    protocols: [APP_PROTOCOL, `${PRESENCE_PROTOCOL_PREFIX}${presenceSecret()}`, ...(token ? [`${TOKEN_PROTOCOL_PREFIX}${token}`] : [])],
    // Reconnection is ours (below): with jitter, and not at all into a full room.
    shouldReconnect: () => false,
  });
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const connectNow = () => {
    clearTimeout(timer);
    if (!disposed && navigator.onLine) {
      onStatus('connecting');
      provider.connect();
    } else onStatus('offline');
  };
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    attempt = 0;
    onStatus('online');
  });
  provider.on('closed', ({ code }: { code: number }) => {
    if (disposed) return;
    if (code === CLOSE.roomFull.code) return onStatus('full');
    // Sending the same change again would be refused again: say so instead of retrying for ever.
    if (REFUSED_CODES.has(code)) return onStatus('refused');
    onStatus('offline');
    timer = setTimeout(connectNow, backoffMs(attempt++));
  });
  const onOnline = () => connectNow();
  // A socket across a lost network can linger half-open; drop it and sync afresh when back.
  const onOffline = () => {
    clearTimeout(timer);
    provider.disconnect();
    onStatus('offline');
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  connectNow();

  return {
    doc,
    provider,
    loaded: Promise.all([local.whenSynced, adopted]).then(() => undefined),
    dispose() {
      disposed = true;
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
