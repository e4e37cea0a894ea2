/**
 * The name of a room's database on this device. The room id is the room's link secret, so it is
 * not written into a database name (which the browser lists to any script of the origin and keeps
 * in its profile's file names and metadata): the name carries its SHA-256 instead.
 * Rooms stored under the id by earlier versions are folded into the new database and deleted.
 */
import { deleteDB } from 'idb';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { roomIdDigest } from './digest.ts';
import type { RoomId } from './link.ts';

const PREFIX = 'sacred-breathing-room-';

/** The database of a room: the prefix and the hex SHA-256 of its id (64 characters). */
export const roomDbName = (id: RoomId): string => `${PREFIX}${roomIdDigest(id)}`;

/** The name earlier versions used: the room id itself. */
export const legacyRoomDbName = (id: RoomId): string => `${PREFIX}${id}`;

/**
 * Merges a room kept under its legacy name into `doc` (which its new database persists), then
 * deletes the legacy database. Nothing is opened where no such database is listed.
 */
export async function adoptLegacyRoomDb(id: RoomId, doc: Y.Doc): Promise<void> {
  const name = legacyRoomDbName(id);
  if (typeof indexedDB.databases !== 'function') return;
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return;
  const old = new Y.Doc();
  const legacy = new IndexeddbPersistence(name, old);
  await legacy.whenSynced;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(old), 'legacy-room-db');
  // Not clearData(): it does not wait for the deletion.
  await legacy.destroy();
  old.destroy();
  // Another tab (an earlier version) may still hold the old copy open: what it had is merged, so the
  // deletion completes when that tab lets go, without holding this room's loading up.
  await deleteRoomDb(name);
}

/**
 * Deletes a room's database. Resolves once it is deleted or, when another tab still holds it open,
 * once the deletion is queued: it completes when that tab lets go, and any later opening waits for it.
 */
export const deleteRoomDb = (name: string): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    deleteDB(name, { blocked: () => resolve() }).then(resolve, reject);
  });
