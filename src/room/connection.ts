/**
 * The room's document on this device and on the relay: y-indexeddb keeps it (a room opened before
 * works offline, and offline changes merge on reconnect) and the stock y-websocket provider
 * relays it, reconnecting with jittered exponential backoff ("full jitter").
 */
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import type { Clock } from '../shared/clock.ts';
import { APP_PROTOCOL, CLOSE, PRESENCE_PROTOCOL_PREFIX, ROOM_DELETED_MESSAGE, TOKEN_PROTOCOL_PREFIX } from '../shared/room-protocol.ts';
import { backoffMs } from './backoff.ts';
import type { RoomEnv } from './env.ts';
import type { RoomId } from './link.ts';
import { adoptLegacyRoomDb, deleteRoomDb, roomDbName } from './local-store.ts';
import { createdAtOf, holdsRoom } from './schema.ts';
import { closeKindOf, RoomClosedError, type RoomStatus } from './status.ts';

/** A room's document, kept on this device and relayed. */
export interface RoomConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the locally stored copy is loaded (immediately usable offline). */
  readonly loaded: Promise<void>;
  /** Removes this device's copy of the room (after the room was deleted); the connection stays closed. */
  forget(): Promise<void>;
  /** When the relay last said this room was deleted (relay ms), or null: a room begun again must begin after it. */
  deletedAt(): number | null;
  dispose(): void;
}

/** A random secret of this page (22 base64url characters): never stored, never shown. */
const presenceSecret = (): string => toBase64Url(randomBytes(16));

/** Opens room `id` on this device and connects it to the relay, reporting each change of status. */
export function connectRoom(id: RoomId, env: RoomEnv, clock: Clock, onStatus: (status: RoomStatus) => void): RoomConnection {
  const doc = new Y.Doc();
  // Named by a hash of the id: the id is the room's link secret (local-store.ts).
  const local = new IndexeddbPersistence(roomDbName(id), doc);
  // reason: a legacy copy that cannot be read is only a cache of what the relay holds.
  const adopted = adoptLegacyRoomDb(id, doc).catch((error: unknown) => console.warn('old room copy not adopted', error));
  const token = env.token();
  const provider = new WebsocketProvider(env.relayUrl, id, doc, {
    connect: false,
    WebSocketPolyfill: env.WebSocket,
    // The presence secret lets the relay keep this tab's presence for it across a network change.
    protocols: [APP_PROTOCOL, `${PRESENCE_PROTOCOL_PREFIX}${presenceSecret()}`, ...(token ? [`${TOKEN_PROTOCOL_PREFIX}${token}`] : [])],
    // Reconnection is ours (below): with jitter, and not at all into a full room.
    shouldReconnect: () => false,
  });
  // The stock provider sends every presence change it sees back to the relay, other members' too
  // (which the relay drops): in a room of 200 that was a third of the page's script time. Only
  // this page's own state is sent.
  const sendAll = provider._awarenessUpdateHandler;
  const sendOwn = (changed: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const me = provider.awareness.clientID;
    const mine = (ids: number[]) => ids.filter((c) => c === me);
    const own = { added: mine(changed.added), updated: mine(changed.updated), removed: mine(changed.removed) };
    if (own.added.length + own.updated.length + own.removed.length > 0) sendAll(own, origin);
  };
  provider.awareness.off('update', sendAll);
  provider.awareness.on('update', sendOwn);
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  /** The room is gone from the relay: nothing reconnects. */
  let deleted = false;
  /**
   * Whether this page's copy holds a room from before: the device's stored copy held one when it
   * loaded (before this page wrote to it), or the relay has synced one to it since.
   */
  let copyHeld = false;
  let lastDeletedAt: number | null = null;
  // reason: y-indexeddb's whenSynced never settles when its database cannot be opened: waiting on
  // the opening first (_db, declared in its types) turns that refusal into a rejection.
  const loaded = Promise.all([local._db.then(() => local.whenSynced), adopted]).then(() => {
    copyHeld = holdsRoom(doc);
  });
  const forget = async () => {
    if (deleted) return;
    deleted = true;
    clearTimeout(timer);
    provider.disconnect();
    onStatus({ kind: 'deleted' });
    // Not local.clearData(): it does not wait for the deletion to finish.
    await local.destroy();
    await deleteRoomDb(roomDbName(id));
  };
  // The relay says the room was deleted at `deletedAt` (sent first, before anything of the room):
  // a copy from before then would bring the deleted room back, so it is removed instead of synced.
  provider.messageHandlers[ROOM_DELETED_MESSAGE] = (_encoder, decoder) => {
    const deletedAt = decoding.readVarUint(decoder);
    lastDeletedAt = deletedAt;
    const createdAt = createdAtOf(doc);
    if (copyHeld && (createdAt === null || createdAt < deletedAt)) void forget();
  };
  const offline = { kind: 'offline', closed: null, retryAt: null } as const;

  const connectNow = () => {
    clearTimeout(timer);
    if (deleted) return;
    if (!disposed && env.isOnline()) {
      onStatus({ kind: 'connecting' });
      provider.connect();
    } else onStatus(offline);
  };
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    copyHeld ||= holdsRoom(doc);
    attempt = 0;
    onStatus({ kind: 'online' });
  });
  provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
    if (disposed || deleted) return;
    if (code === CLOSE.roomDeleted.code) return void forget();
    const closed = new RoomClosedError(code, closeKindOf(code, reason));
    // Sending the same change again would be refused again: say so instead of retrying for ever.
    if (closed.final) return onStatus({ kind: 'refused', closed });
    const delay = backoffMs(attempt++, env.random);
    timer = setTimeout(connectNow, delay);
    onStatus({ kind: 'offline', closed, retryAt: clock.now() + delay });
  });
  const unwatch = env.watch({
    online: connectNow,
    // A socket across a lost network can linger half-open; drop it and sync afresh when back.
    offline() {
      if (deleted) return;
      clearTimeout(timer);
      provider.disconnect();
      onStatus(offline);
    },
  });
  // The copy on this device first, so that a notice of deletion is weighed against it; a copy that
  // cannot be loaded leaves the relay's.
  void loaded.finally(connectNow).catch(() => undefined);

  return {
    doc,
    provider,
    loaded,
    forget,
    deletedAt: () => lastDeletedAt,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      unwatch();
      provider.awareness.off('update', sendOwn);
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
