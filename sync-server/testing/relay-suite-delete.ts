/**
 * The host deletes a room (`DELETE /room/<id>` with its owner key), run against every adapter (Node
 * and the Worker in workerd): the answers, the members closed with 4410, nothing of the room left in
 * any file of the relay's data, the tombstone and its notice (our client only), the empty room that
 * follows, a hard kill right after the 204, and the tombstone forgotten after the retention time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../../src/shared/room-owner.ts';
import { APP_PROTOCOL, CLOSE, ROOM_DELETE, ROOM_DELETED_MESSAGE } from '../../src/shared/room-protocol.ts';
import { ROOM, synced, until } from './clients.ts';
import type { RelayAdapter, RelayUnderTest } from './relay-suite.ts';

/** An adapter that can also say what its relay has stored, read from the data directory beside it. */
export interface DeleteAdapter extends RelayAdapter {
  /** Rooms holding a state or logged updates, and tombstones of deleted rooms. */
  stored(relay: RelayUnderTest): { rooms: number; tombstones: number };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A new room as the app makes it: an owner key, and the id derived from it. */
function ownedRoom() {
  const key = randomBytes(OWNER_KEY_BYTES);
  return { key: toBase64Url(key), id: roomIdOfOwnerKey(key) };
}

/** Sends `DELETE /room/<id>`; the answer's status and headers. */
async function deleteRoom(relay: RelayUnderTest, id: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${relay.url}${ROOM_DELETE.pathPrefix}${id}`, { method: ROOM_DELETE.method, headers });
  await res.arrayBuffer();
  return res;
}
const bearer = (key: string) => ({ [ROOM_DELETE.header]: `${ROOM_DELETE.scheme} ${key}` });

/**
 * A member through the stock y-websocket client, offering our subprotocol when `app` (as the app's
 * client does): the types of the messages it received in order, the notice's time, its close code.
 */
function member(relay: RelayUnderTest, id: string, app: boolean) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${relay.ws}/room`, id, doc, { disableBc: true, ...(app ? { protocols: [APP_PROTOCOL] } : {}) });
  cleanups.push(() => provider.destroy());
  const seen: number[] = [];
  const state = { seen, deletedAt: null as number | null, closed: null as number | null };
  const sync = provider.messageHandlers[0]!;
  provider.messageHandlers[0] = (...args) => {
    seen.push(0);
    sync(...args);
  };
  provider.messageHandlers[ROOM_DELETED_MESSAGE] = (_encoder, decoder) => {
    seen.push(ROOM_DELETED_MESSAGE);
    state.deletedAt = decoding.readVarUint(decoder);
  };
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') provider.ws!.addEventListener('close', (e) => (state.closed ??= (e as CloseEvent).code));
  });
  return { doc, provider, state };
}

/** A raw socket (no y-websocket client): the first frames the relay sends it. */
function rawFrames(relay: RelayUnderTest, id: string, protocols: string[]) {
  const ws = new WebSocket(`${relay.ws}/room/${id}`, protocols);
  ws.binaryType = 'arraybuffer';
  cleanups.push(() => ws.close());
  const frames: Uint8Array[] = [];
  ws.addEventListener('message', (e) => frames.push(new Uint8Array(e.data as ArrayBuffer)));
  return frames;
}

/** Whether any file under `dir` holds `needle`. */
function inAnyFile(dir: string, needle: Buffer): boolean {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory() ? inAnyFile(path, needle) : readFileSync(path).includes(needle)) return true;
  }
  return false;
}

const isEmpty = (doc: Y.Doc) => Y.encodeStateVector(doc).length === 1 && doc.getMap('m').size === 0 && doc.getText('t').length === 0;

export function deleteSuite(adapter: DeleteAdapter): void {
  describe(`relay: the host deletes a room (${adapter.name})`, () => {
    it('204: every member closed with 4410, nothing of the room in any file, our client told first, an empty room after, kept across a restart', async () => {
      const relay = await adapter.start();
      const { key, id } = ownedRoom();
      const mark = `words only the deleted room held ${toBase64Url(randomBytes(9))}`;
      const [host, guest, app] = [member(relay, id, false), member(relay, id, false), member(relay, id, true)];
      const other = member(relay, ROOM, false);
      await Promise.all([host, guest, app, other].map((m) => synced(m.provider)));
      host.doc.getText('t').insert(0, mark.repeat(200)); // large enough for pages of its own
      host.doc.getMap('m').set('note', mark);
      other.doc.getMap('m').set('stays', 'here');
      // A change is relayed once stored: the others seeing it means the relay holds it.
      await until(() => guest.doc.getMap('m').get('note') === mark && app.doc.getMap('m').get('note') === mark);
      const witness = member(relay, ROOM, false);
      await until(() => witness.doc.getMap('m').get('stays') === 'here');
      expect(inAnyFile(relay.dataDir, Buffer.from(mark))).toBe(true);
      expect(adapter.stored(relay)).toEqual({ rooms: 2, tombstones: 0 });

      const before = Date.now();
      const res = await deleteRoom(relay, id, bearer(key));
      const after = Date.now();
      expect(res.status).toBe(204);
      await until(() => [host, guest, app].every((m) => m.state.closed !== null));
      expect([host, guest, app].map((m) => m.state.closed)).toEqual([4410, 4410, 4410]);
      expect(CLOSE.roomDeleted.code).toBe(4410);
      expect(other.state.closed).toBeNull();
      expect(adapter.stored(relay)).toEqual({ rooms: 1, tombstones: 1 });
      expect(inAnyFile(relay.dataDir, Buffer.from(mark))).toBe(false);

      // Our client: the notice first, then the sync of an empty room.
      const back = member(relay, id, true);
      await synced(back.provider);
      expect(back.state.seen[0]).toBe(ROOM_DELETED_MESSAGE);
      expect(back.state.seen.filter((t) => t === ROOM_DELETED_MESSAGE)).toHaveLength(1);
      const deletedAt = back.state.deletedAt!;
      expect(deletedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(deletedAt).toBeLessThanOrEqual(after + 1000);
      expect(isEmpty(back.doc)).toBe(true);
      // The stock client (no subprotocol): no notice, the empty room.
      const stock = member(relay, id, false);
      await synced(stock.provider);
      expect(stock.state.seen).not.toContain(ROOM_DELETED_MESSAGE);
      expect(stock.state.deletedAt).toBeNull();
      expect(isEmpty(stock.doc)).toBe(true);
      const frames = rawFrames(relay, id, []);
      await until(() => frames.length > 0);
      expect(frames[0]![0]).toBe(0);
      // The room that follows works as any other.
      back.doc.getMap('m').set('new', 'room');
      await until(() => stock.doc.getMap('m').get('new') === 'room');
      expect(adapter.stored(relay)).toEqual({ rooms: 2, tombstones: 1 });

      await relay.kill('SIGTERM');
      const again = await adapter.start({}, relay.dataDir);
      const later = member(again, id, true);
      await synced(later.provider);
      expect(later.state.seen[0]).toBe(ROOM_DELETED_MESSAGE);
      expect(later.state.deletedAt).toBe(deletedAt);
      expect(later.doc.getMap('m').toJSON()).toEqual({ new: 'room' });
      expect(later.doc.getText('t').length).toBe(0);
      const untouched = member(again, ROOM, false);
      await synced(untouched.provider);
      expect(untouched.doc.getMap('m').get('stays')).toBe('here');
      expect(inAnyFile(relay.dataDir, Buffer.from(mark))).toBe(false);
    });

    it('refuses without the key (401), with a malformed one (401), another key (403), a bad id (400), a foreign Origin (403), and past the HTTP budget (429); the room stays', async () => {
      const relay = await adapter.start({ RELAY_HTTP_PER_MINUTE: '8' });
      const { key, id } = ownedRoom();
      const a = member(relay, id, false);
      await synced(a.provider);
      a.doc.getMap('m').set('kept', true);
      const witness = member(relay, id, false);
      await until(() => witness.doc.getMap('m').get('kept') === true);

      const missing = await deleteRoom(relay, id);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect((await deleteRoom(relay, id, { Authorization: `Basic ${key}` })).status).toBe(401);
      expect((await deleteRoom(relay, id, bearer(`${key.slice(0, 21)}!`))).status).toBe(401);
      expect((await deleteRoom(relay, id, bearer(ownedRoom().key))).status).toBe(403);
      expect((await deleteRoom(relay, 'not-a-room-id', bearer(key))).status).toBe(400);
      expect((await deleteRoom(relay, id, { ...bearer(key), Origin: 'https://elsewhere.example' })).status).toBe(403);
      expect(a.state.closed).toBeNull();
      expect(adapter.stored(relay).tombstones).toBe(0);
      const late = member(relay, id, true);
      await synced(late.provider);
      expect(late.doc.getMap('m').get('kept')).toBe(true);
      expect(late.state.seen).not.toContain(ROOM_DELETED_MESSAGE);

      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await deleteRoom(relay, id, bearer(ownedRoom().key));
        statuses.push(last.status);
      }
      expect(statuses).toContain(429);
      expect(last!.status).toBe(429);
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await deleteRoom(relay, id, bearer(key))).status).toBe(429); // even the right key waits
      expect(a.state.closed).toBeNull();
    });

    it('answers 204 for a room with nothing stored and leaves its tombstone; kill -9 right after a 204 brings nothing back', async () => {
      const first = await adapter.start();
      const empty = ownedRoom();
      expect((await deleteRoom(first, empty.id, bearer(empty.key))).status).toBe(204);
      expect((await deleteRoom(first, empty.id, bearer(empty.key))).status).toBe(204); // again: still 204

      const { key, id } = ownedRoom();
      const a = member(first, id, false);
      await synced(a.provider);
      a.doc.getMap('m').set('gone', 'soon');
      const witness = member(first, id, false);
      await until(() => witness.doc.getMap('m').get('gone') === 'soon');
      expect((await deleteRoom(first, id, bearer(key))).status).toBe(204);
      await first.kill('SIGKILL');
      expect(adapter.stored(first)).toEqual({ rooms: 0, tombstones: 2 });

      const second = await adapter.start({}, first.dataDir);
      const back = member(second, id, true);
      const fresh = member(second, empty.id, true);
      await Promise.all([synced(back.provider), synced(fresh.provider)]);
      expect(back.state.seen[0]).toBe(ROOM_DELETED_MESSAGE);
      expect(isEmpty(back.doc)).toBe(true);
      expect(fresh.state.seen[0]).toBe(ROOM_DELETED_MESSAGE);
      expect(adapter.stored(second).tombstones).toBe(2);
    });

    it('forgets a deletion after the retention time: the tombstone goes, and our client is no longer told', async () => {
      // 0.0001 days: 8.64 s.
      const relay = await adapter.start({ ROOM_RETENTION_DAYS: '0.0001' });
      const { key, id } = ownedRoom();
      expect((await deleteRoom(relay, id, bearer(key))).status).toBe(204);
      expect(adapter.stored(relay).tombstones).toBe(1);
      let stored = adapter.stored(relay);
      await until(
        () => stored.tombstones === 0,
        40_000,
        async () => (stored = adapter.stored(relay)),
      );
      const back = member(relay, id, true);
      await synced(back.provider);
      expect(back.state.seen).not.toContain(ROOM_DELETED_MESSAGE);
      expect(back.state.seen[0]).toBe(0);
    }, 60_000);
  });
}
