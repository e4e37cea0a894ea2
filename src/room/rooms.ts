/**
 * The rooms store: the one object the UI uses for rooms (who this device is in them, new rooms and
 * their links, opening one). Created once with the app; light, since Yjs and the relay client load
 * only when a room is opened.
 */
import { type Accessor, createRoot, createSignal, onCleanup, untrack } from 'solid-js';
import type { Clock } from '../shared/clock.ts';
import { browserRoomEnv, type RoomEnv } from './env.ts';
import { createIdentity, type KeyValueStorage } from './identity.ts';
import { type BadRoomLinkError, newRoomId, parseRoomId, type RoomId, roomUrl } from './link.ts';
import type { RoomStore } from './store.ts';

/** What the rooms store is built from (a test passes its own). */
export interface RoomsDeps {
  readonly clock: Clock;
  /** Where this device's member id and display name are kept (`localStorage` in the page). */
  readonly storage: KeyValueStorage;
  /** The app's origin, for room links. */
  readonly origin: string;
  readonly env: RoomEnv;
  /** Loads the room module; a dynamic import unless a test passes one. */
  readonly load?: () => Promise<typeof import('./store.ts')>;
}

/** Rooms, for the UI. */
export interface RoomsStore {
  /** This device's id in every room. */
  readonly memberId: string;
  /** The name others see ('' until one is saved). */
  readonly displayName: Accessor<string>;
  saveDisplayName(name: string): void;
  newRoomId(): RoomId;
  /** The link that opens room `id`. */
  linkTo(id: RoomId): string;
  /** The room id in a link's path segment, or why it is not one. */
  parseRoomId(text: string): RoomId | BadRoomLinkError;
  /**
   * Opens room `id` (claiming the host role if `create`) for the current reactive owner, which
   * closes it: undefined until the room module has loaded.
   */
  open(id: RoomId, options: { readonly create: boolean }): Accessor<RoomStore | undefined>;
}

/** Builds the rooms store; call once, for the app. */
export function createRoomsStore(deps: RoomsDeps): RoomsStore {
  const identity = createIdentity(deps.storage);
  const load = deps.load ?? (() => import('./store.ts'));
  return {
    get memberId() {
      return identity.memberId;
    },
    displayName: identity.displayName,
    saveDisplayName: identity.saveDisplayName,
    newRoomId,
    linkTo: (id) => roomUrl(deps.origin, id),
    parseRoomId,
    open(id, { create }) {
      const [room, setRoom] = createSignal<RoomStore>();
      let close: (() => void) | undefined;
      let closed = false;
      onCleanup(() => {
        closed = true;
        close?.();
      });
      void load().then(({ openRoom }) => {
        if (closed) return;
        // Its own root: the room lives from here until its opener's owner is disposed.
        createRoot((dispose) => {
          close = dispose;
          const me = { memberId: identity.memberId, name: untrack(identity.displayName), create };
          setRoom(() => openRoom(id, { env: deps.env, clock: deps.clock }, me));
        });
      });
      return room;
    },
  };
}

/** The page's rooms store: identity in `localStorage`, the relay at the page's own origin. */
export const createBrowserRoomsStore = (clock: Clock): RoomsStore =>
  createRoomsStore({ clock, storage: localStorage, origin: location.origin, env: browserRoomEnv() });
