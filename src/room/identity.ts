/**
 * Who this device is in rooms: a random member id and a display name, kept in the page's storage.
 * Storage is asked for only when a room needs it, and a storage that is missing or refuses (storage
 * disabled, some privacy modes) costs only keeping: the id lasts this page's life, the name too.
 */
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import { roomIdDigest } from './digest.ts';

const ID_KEY = 'sacred-breathing.member-id';
const NAME_KEY = 'sacred-breathing.display-name';
const SHARE_HEART_KEY = 'sacred-breathing.share-heart';
/** Owner keys are kept under a hash of their room's id: the id is the room link's secret. */
const ownerKeyName = (roomId: string) => `sacred-breathing.room-owner.${roomIdDigest(roomId).slice(0, 32)}`;

/** The part of `localStorage` identity uses (a test passes a Map-backed one). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** This device in rooms. */
export interface Identity {
  /** A random id, made on first use (joining a room) and kept: a device that never joins keeps none. */
  readonly memberId: string;
  /** The name others see ('' until one is saved), read afresh: a name saved in another tab counts. */
  displayName(): string;
  saveDisplayName(name: string): void;
  /** Whether this member shares their heart coherence score in rooms (off until they turn it on), read afresh. */
  sharesHeart(): boolean;
  saveSharesHeart(on: boolean): void;
  /** The owner key of a room this device made (base64url), or null. */
  ownerKey(roomId: string): string | null;
  keepOwnerKey(roomId: string, key: string): void;
  /** Lets go of a room's owner key (the room was deleted: its link now opens a room someone else may lead). */
  forgetOwnerKey(roomId: string): void;
}

/** Reads and writes through `storage()`, asked for on each use; where it is missing or throws, nothing is kept. */
function keptIn(storage: () => KeyValueStorage | null) {
  return {
    read(key: string): string | null {
      try {
        return storage()?.getItem(key) ?? null;
      } catch {
        // reason: reading `localStorage` throws where storage is denied; then nothing was kept.
        return null;
      }
    },
    remove(key: string): void {
      try {
        storage()?.removeItem(key);
      } catch {
        // reason: storage denied: nothing was kept there to remove.
      }
    },
    write(key: string, value: string): void {
      try {
        storage()?.setItem(key, value);
      } catch {
        // reason: storage denied or full: the value lives in memory for this page only.
      }
    },
  };
}

/** This device's identity in `storage()`, which is first asked for when a room needs it. */
export function createIdentity(storage: () => KeyValueStorage | null): Identity {
  const kept = keptIn(storage);
  let id: string | null = null;
  let name: string | null = null;
  let sharesHeart: boolean | null = null;
  // Where storage refuses, the keys of rooms made on this page live as long as the page.
  const ownerKeys = new Map<string, string>();
  return {
    get memberId() {
      id ??= kept.read(ID_KEY);
      if (!id) {
        id = toBase64Url(randomBytes(12));
        kept.write(ID_KEY, id);
      }
      return id;
    },
    displayName: () => kept.read(NAME_KEY) ?? name ?? '',
    saveDisplayName(next) {
      name = next;
      kept.write(NAME_KEY, next);
    },
    sharesHeart: () => {
      const saved = kept.read(SHARE_HEART_KEY);
      return saved === null ? sharesHeart === true : saved === 'on';
    },
    saveSharesHeart(on) {
      sharesHeart = on;
      kept.write(SHARE_HEART_KEY, on ? 'on' : 'off');
    },
    ownerKey: (roomId) => kept.read(ownerKeyName(roomId)) ?? ownerKeys.get(roomId) ?? null,
    keepOwnerKey(roomId, key) {
      ownerKeys.set(roomId, key);
      kept.write(ownerKeyName(roomId), key);
    },
    forgetOwnerKey(roomId) {
      ownerKeys.delete(roomId);
      kept.remove(ownerKeyName(roomId));
    },
  };
}
