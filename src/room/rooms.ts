/**
 * The rooms store: the one object the UI uses for rooms (who this device is in them, new rooms and
 * their links, opening one). Created once with the app; light, since Yjs and the relay client load
 * only when a room is opened, and storage is first touched then too.
 */
import { type Accessor, createRoot, createSignal, onCleanup } from 'solid-js';
import type { Clock } from '../shared/clock.ts';
import { browserRoomEnv, type RoomEnv } from './env.ts';
import { createIdentity, type KeyValueStorage } from './identity.ts';
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../shared/room-owner.ts';
import { type BadRoomLinkError, parseRoomId, type RoomId, roomUrl } from './link.ts';
import { RoomOpenError } from './status.ts';
import type { SessionSummary } from '../core/summary.ts';
import type { HeartFeed, RoomStore } from './store.ts';

/** What the rooms store is built from (a test passes its own). */
export interface RoomsDeps {
  readonly clock: Clock;
  /**
   * Where this device's member id and display name are kept (`localStorage` in the page), asked for
   * only when a room needs it: reading `localStorage` itself throws where storage is denied.
   */
  readonly storage: () => KeyValueStorage | null;
  /** The app's origin, for room links. */
  readonly origin: string;
  readonly env: RoomEnv;
  /** Hears this member's part in each room session that ends while they are in the room (for their journal). */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
  /** Loads the room module; a dynamic import unless a test passes one. */
  readonly load?: () => Promise<typeof import('./store.ts')>;
}

/** A room being opened: undefined while its code loads, then the room or why it could not be opened. */
export type RoomOpening = { readonly room: RoomStore } | { readonly error: RoomOpenError } | undefined;

/** Rooms, for the UI. */
export interface RoomsStore {
  /** This device's id in every room. */
  readonly memberId: string;
  /** The name others see ('' until one is saved), read afresh each time. */
  displayName(): string;
  saveDisplayName(name: string): void;
  /** Whether this member shares their heart coherence score in rooms (kept on the device; off until turned on). */
  sharesHeart(): boolean;
  saveSharesHeart(on: boolean): void;
  /** Makes a new room: its id comes from a random owner key this device keeps, which lets it delete the room later. */
  createRoom(): RoomId;
  /** The link that opens room `id`. */
  linkTo(id: RoomId): string;
  /** The room id in a link's path segment, or why it is not one. */
  parseRoomId(text: string): RoomId | BadRoomLinkError;
  /**
   * Opens room `id` (claiming the host role if `create`) for the current reactive owner, which
   * closes it; `heart` is this device's heart sensor, whose figure the member may share there.
   * Opening again after an error tries afresh.
   */
  open(id: RoomId, options: { readonly create: boolean; readonly heart?: HeartFeed }): Accessor<RoomOpening>;
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
    sharesHeart: identity.sharesHeart,
    saveSharesHeart: identity.saveSharesHeart,
    createRoom() {
      const key = randomBytes(OWNER_KEY_BYTES);
      const id = roomIdOfOwnerKey(key) as RoomId;
      identity.keepOwnerKey(id, toBase64Url(key));
      return id;
    },
    linkTo: (id) => roomUrl(deps.origin, id),
    parseRoomId,
    open(id, { create, heart }) {
      const [opening, setOpening] = createSignal<RoomOpening>();
      let close: (() => void) | undefined;
      let closed = false;
      onCleanup(() => {
        closed = true;
        close?.();
      });
      // Its own root: the room lives from here until its opener's owner is disposed.
      const openIn = ({ openRoom }: typeof import('./store.ts')): RoomStore =>
        createRoot((dispose) => {
          close = dispose;
          const me = {
            memberId: identity.memberId,
            name: identity.displayName(),
            create,
            ownerKey: identity.ownerKey(id),
            sharesHeart: identity.sharesHeart(),
          };
          try {
            return openRoom(
              id,
              {
                env: deps.env,
                clock: deps.clock,
                ...(deps.onSessionEnd ? { onSessionEnd: deps.onSessionEnd } : {}),
                ...(heart ? { heart } : {}),
              },
              me,
            );
          } catch (error) {
            // What it had started (timers, a connection) goes with it.
            dispose();
            throw error;
          }
        });
      load()
        .then((module) => {
          if (!closed) setOpening({ room: openIn(module) });
        })
        .catch((cause: unknown) => {
          console.error('room not opened', cause);
          if (!closed) setOpening({ error: new RoomOpenError(cause) });
        });
      return opening;
    },
  };
}

/** The page's rooms store: identity in `localStorage`, the relay at the page's own origin. */
export const createBrowserRoomsStore = (clock: Clock, onSessionEnd: (summary: SessionSummary) => void): RoomsStore =>
  createRoomsStore({ clock, storage: () => localStorage, origin: location.origin, env: browserRoomEnv(), onSessionEnd });
