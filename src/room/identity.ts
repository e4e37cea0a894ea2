/** Who this device is in rooms: a random member id and a display name, kept in the page's storage. */
import { type Accessor, createSignal } from 'solid-js';
import { randomBytes, toBase64Url } from '../shared/bytes.ts';

const ID_KEY = 'sacred-breathing.member-id';
const NAME_KEY = 'sacred-breathing.display-name';

/** The part of `localStorage` identity uses (a test passes a Map-backed one). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** This device in rooms. */
export interface Identity {
  /** A random id, made on first use (joining a room) and kept: a device that never joins keeps none. */
  readonly memberId: string;
  /** The name others see ('' until one is saved). */
  readonly displayName: Accessor<string>;
  saveDisplayName(name: string): void;
}

/** Reads this device's identity from `storage`; the member id is made and kept when first asked for. */
export function createIdentity(storage: KeyValueStorage): Identity {
  let id: string | null = null;
  const memberId = (): string => {
    id ??= storage.getItem(ID_KEY);
    if (!id) {
      id = toBase64Url(randomBytes(12));
      storage.setItem(ID_KEY, id);
    }
    return id;
  };
  const [displayName, setDisplayName] = createSignal(storage.getItem(NAME_KEY) ?? '');
  return {
    get memberId() {
      return memberId();
    },
    displayName,
    saveDisplayName(name) {
      storage.setItem(NAME_KEY, name);
      setDisplayName(name);
    },
  };
}
