/**
 * A room's presence (y-protocols awareness): who owns which presence id, what each member may
 * say, and what everyone receives. Up to the field threshold, the coalesced flush: however many
 * members send presence, each member receives one awareness frame per flush, so a room costs N
 * frames per flush instead of N^2 a second. Above it, the field (room-field.ts): nobody's presence
 * is relayed, and every member receives one small summary every FIELD_INTERVAL_MS, so the bytes
 * grow as N, not N^2.
 */
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FIELD_INTERVAL_MS, FIELD_PRESENCE_ID, fieldThresholds } from '../src/shared/room-field.ts';
import type { CloseKind, TokenBucket } from './policy.ts';
import { createPresenceOwners, readPresence, writePresence, type PresenceEntry } from './presence.ts';
import { createFaceRotation, createFieldCounter, createFieldSource, sumPart, type FieldPart, type FieldSource } from './room-field.ts';

/** y-websocket's message type for awareness. */
export const MESSAGE_AWARENESS = 1;
/** A member controls at most this many presence entries (a tab is one; a little slack for reloads). */
export const MAX_PRESENCE_IDS = 2;
/** Largest presence state of one member, in bytes of JSON. */
export const MAX_PRESENCE_BYTES = 4096;
/** A slow member past this is skipped for presence frames (presence is state: the next frame catches up). */
export const SOFT_BUFFER_BYTES = 1 << 20;

/**
 * Presence flush interval: none in rooms up to 100 (each update goes out as soon as it is read,
 * as the reference server does: at 1 Hz a small room's N^2 is cheap, and waiting for a timer cost
 * a few ms of p99), longer as the room grows, where coalescing is what keeps N^2 at bay.
 */
export const flushIntervalMs = (members: number): number => (members <= 100 ? 0 : members <= 500 ? 20 : 25);

/** What presence needs of a member: a client key to keep its ids for, and its backlog. */
export interface PresencePeer {
  readonly client?: string;
  readonly bufferedAmount: number;
}

export interface PresenceOptions<P extends PresencePeer> {
  /** Members at most, to bound the reservations kept for members who left. */
  readonly maxMembers: number;
  /** Field mode above this many members (list mode again at `fieldThresholds(fieldAbove).leaveAt`). */
  readonly fieldAbove: number;
  /** Every member now, to flush to. */
  readonly members: () => Iterable<P>;
  readonly send: (peer: P, frame: Uint8Array) => void;
  /** A presence update dropped (a member over its rate, or too far behind to get the flush). */
  readonly dropped: (kind: 'presence-rate' | 'presence-backlog', peer: P) => void;
  /**
   * Members of this room held elsewhere (Durable Object shards): counted for the thresholds, and
   * their parts summed into the field. While any are held elsewhere the room stays a field.
   */
  readonly outside?: { members(): number; parts(at: number): Iterable<FieldPart> };
  /** Each field frame (the awareness frame, the last one ending the field) as it goes to the members here: a room passes it on to its shards. */
  readonly onField?: (frame: Uint8Array) => void;
  /** A shard's members: always a field, whose frames come from the room (`relayField`), never made here. */
  readonly relayed?: boolean;
}

export interface RoomPresence<P extends PresencePeer> {
  /** A member arrives; one resumed from hibernation takes back the ids it owned (where still free). */
  join(peer: P, nowMs: number, ids?: readonly number[]): void;
  /** One awareness update from `peer`: only its own entries count. */
  receive(peer: P, update: Uint8Array, nowMs: number, rate: TokenBucket): CloseKind | null;
  /** What a newcomer is told of presence: everyone's as one awareness frame (the field alone in field mode), or null when there is none. */
  all(): Uint8Array | null;
  /** Whether the room is a field now. */
  readonly isField: () => boolean;
  /** The ids `peer` owns. */
  owned(peer: P): number[];
  /** The members held elsewhere changed in number: enters or leaves the field as `join` and `leave` do. */
  recount(): void;
  /** A shard's: sends the room's field frame to every member here, and keeps it for newcomers. */
  relayField(frame: Uint8Array): void;
  /** The members here summed at `at`, with their next faces (a shard sends it to its room). */
  part(at: number): FieldPart;
  /** A member left: its entries are removed (everyone is told) and its ids kept for its client a while. */
  leave(peer: P): void;
  destroy(): void;
}

const awarenessFrame = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
};

/**
 * A field lasts at least this long: members joining and leaving around the threshold cannot make
 * the room flip back and forth (each return to the list sends everyone's presence to everyone).
 */
export const FIELD_MIN_MS = 5000;
/** How long a client keeps a presence state nobody renews (y-protocols' outdatedTimeout). */
const CLIENT_KEEPS_SILENT_MS = 30_000;

/** A timer can read the wall clock this much before the slot it was set for (ms). */
const EARLY_MS = 2;

/**
 * How long until a field's next frame, the one started at `started` having gone out by `now`.
 * Frames fall on the clock's multiples of FIELD_INTERVAL_MS (the instants a shard's part is taken
 * for, `fieldInstant`), not an interval after the last frame: a late frame does not push every
 * later one back (with setInterval, 10,000 members got 4.6 frames a second, not 5). When sending
 * ran past the next slot (10,000 sockets can take 270 ms here), that frame goes at once rather
 * than be skipped, which would leave every member 400 ms without one; a whole slot more behind,
 * the grid is taken up again, with no burst of frames to catch up.
 */
export function nextFieldInMs(started: number, now: number): number {
  // The slot this frame was for: a timer can read the wall clock a millisecond before its slot.
  const served = Math.floor((started + EARLY_MS) / FIELD_INTERVAL_MS) * FIELD_INTERVAL_MS;
  const next = served + FIELD_INTERVAL_MS;
  if (now < next) return next - now;
  return now - next < FIELD_INTERVAL_MS ? 0 : FIELD_INTERVAL_MS - (now % FIELD_INTERVAL_MS);
}

export function createRoomPresence<P extends PresencePeer>(options: PresenceOptions<P>): RoomPresence<P> {
  // Awareness only needs a client id (the relay's, with no state) and a doc to hang off.
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null); // the relay itself is no member
  // Presence lives as long as its member's connection (removed on leave), so the 3 s timer that
  // expires silent entries is not needed; on Workers it would keep every room's object awake.
  clearInterval((awareness as unknown as { _checkInterval: ReturnType<typeof setInterval> })._checkInterval);
  const controlled = new Map<P, Set<number>>();
  const owners = createPresenceOwners<P>(4 * MAX_PRESENCE_IDS * options.maxMembers);
  const pending = new Set<number>();
  // Members who left: their metadata goes once the flush has told everyone they left.
  const forget = new Set<number>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushQueued = false;
  let members = 0;
  const thresholds = fieldThresholds(options.fieldAbove);
  // Set while the room is a field: where its frames come from, and the timer that sends them.
  let field: { source: FieldSource; timer: ReturnType<typeof setTimeout> | undefined; since: number } | null = null;
  // A shard's: the room's last field frame, sent to its newcomers.
  let relayedFrame: Uint8Array | null = null;
  const rotate = createFaceRotation();
  const counter = createFieldCounter();
  const total = () => members + (options.outside?.members() ?? 0);
  /** Whether the field may end: few enough here and nobody elsewhere, and it lasted FIELD_MIN_MS. */
  const mayLeave = (now: number) =>
    field !== null && total() <= thresholds.leaveAt && !options.outside?.members() && now - field.since >= FIELD_MIN_MS;
  // Members who left while the room was a field, and when: clients that still show them from
  // before are told at the end of field mode (those gone longer the clients dropped themselves).
  const departed = new Map<number, number>();

  const toEveryone = (frame: Uint8Array) => {
    for (const peer of options.members()) {
      if (peer.bufferedAmount > SOFT_BUFFER_BYTES) options.dropped('presence-backlog', peer);
      else options.send(peer, frame);
    }
  };

  function nextField(started: number): void {
    if (field) field.timer = setTimeout(sendField, nextFieldInMs(started, Date.now()));
  }

  function sendField(): void {
    if (!field) return;
    const now = Date.now();
    if (mayLeave(now)) {
      leaveField();
      return;
    }
    try {
      const frame = awarenessFrame(field.source.next(now));
      toEveryone(frame);
      options.onField?.(frame);
    } finally {
      // Whatever this frame met, the next is set (a repeating timer kept going too).
      nextField(now);
    }
    for (const [id, at] of departed) {
      if (at > now - CLIENT_KEEPS_SILENT_MS) break; // in order of leaving
      departed.delete(id);
      if (!awareness.getStates().has(id)) awareness.meta.delete(id);
    }
  }

  function enterField(): void {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    flushQueued = false;
    pending.clear();
    const now = Date.now();
    for (const id of forget) departed.set(id, now);
    forget.clear();
    field = {
      source: createFieldSource(() => awareness.getStates().values(), options.outside?.parts),
      timer: undefined,
      since: now,
    };
    sendField();
  }

  function leaveField(): void {
    if (!field) return;
    if (field.timer !== undefined) clearTimeout(field.timer);
    const end = awarenessFrame(field.source.end());
    toEveryone(end);
    options.onField?.(end);
    field = null;
    // Everyone present, and the removal of whoever left meanwhile, as list mode tells them.
    // Only ids the relay holds a clock for: one a member claimed but never had applied (its update
    // over the presence rate, or carried across a Durable Object's hibernation) was never told.
    const ids = [...departed.keys(), ...awareness.getStates().keys()].filter((id) => awareness.meta.has(id));
    if (ids.length > 0) toEveryone(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, ids)));
    for (const id of departed.keys()) if (!awareness.getStates().has(id)) awareness.meta.delete(id);
    departed.clear();
  }

  function flush(): void {
    flushTimer = undefined;
    flushQueued = false;
    if (pending.size === 0) return;
    const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [...pending]));
    pending.clear();
    for (const id of forget) if (!awareness.getStates().has(id)) awareness.meta.delete(id);
    forget.clear();
    toEveryone(frame);
  }

  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const mine = controlled.get(origin as P);
    if (mine) {
      for (const c of removed) {
        mine.delete(c);
        owners.drop(c);
      }
    }
    if (field || options.relayed) return; // nobody's presence is relayed in a field: the next frame counts it
    for (const c of [...added, ...updated, ...removed]) pending.add(c);
    if (flushQueued) return;
    flushQueued = true;
    const wait = flushIntervalMs(members);
    // A microtask: after the message that changed presence has been handled, before the next is read.
    if (wait === 0) queueMicrotask(flush);
    else flushTimer = setTimeout(flush, wait);
  });

  return {
    join(peer, nowMs, ids = []) {
      const mine = new Set<number>();
      for (const id of ids) {
        if (id === FIELD_PRESENCE_ID || mine.size >= MAX_PRESENCE_IDS || !owners.mayClaim(id, peer.client, nowMs)) continue;
        mine.add(id);
        owners.claim(id, peer);
      }
      controlled.set(peer, mine);
      members++;
      if (!field && !options.relayed && total() > thresholds.above) enterField();
    },
    receive(peer, update, nowMs, rate) {
      const mine = controlled.get(peer)!;
      // The stock client echoes everyone's presence back; only a member's own entries count.
      // Another member's are dropped, and nobody can add more than MAX_PRESENCE_IDS of its own.
      const kept: PresenceEntry[] = [];
      const entries = readPresence(update);
      for (const entry of entries) {
        if (entry.state.length > MAX_PRESENCE_BYTES) return 'malformed';
        if (entry.clientId === FIELD_PRESENCE_ID) continue; // the relay's own: nobody may speak for it
        const owner = owners.owner(entry.clientId);
        if (owner === peer) kept.push(entry);
        else if (!owner && entry.state !== 'null' && mine.size < MAX_PRESENCE_IDS && owners.mayClaim(entry.clientId, peer.client, nowMs)) {
          mine.add(entry.clientId);
          owners.claim(entry.clientId, peer);
          kept.push(entry);
        }
      }
      if (kept.length === 0) return null;
      if (!rate.take(nowMs)) {
        options.dropped('presence-rate', peer);
        return null;
      }
      // A member's own update, whole (the usual case), is applied as it came: encoding it again was
      // two fifths of the relay's JavaScript per presence message in a field of 10,000.
      awarenessProtocol.applyAwarenessUpdate(awareness, kept.length === entries.length ? update : writePresence(kept), peer);
      return null;
    },
    all: () => {
      if (options.relayed) return relayedFrame;
      // In a field a newcomer gets the field alone: everyone's presence is what field mode saves.
      if (field) return awarenessFrame(field.source.last(Date.now()));
      if (awareness.getStates().size === 0) return null;
      return awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]));
    },
    isField: () => field !== null || options.relayed === true,
    owned: (peer) => [...(controlled.get(peer) ?? [])],
    leave(peer) {
      const mine = controlled.get(peer);
      if (!mine) return;
      controlled.delete(peer);
      members--;
      if (mine.size > 0) {
        awarenessProtocol.removeAwarenessStates(awareness, [...mine], null);
        const now = Date.now();
        for (const id of mine) {
          if (options.relayed) {
            // A shard's members never see presence, only the room's field: nobody has its entry to remove.
            if (!awareness.getStates().has(id)) awareness.meta.delete(id);
          } else if (field) {
            departed.delete(id); // kept in order of leaving
            departed.set(id, now);
          } else forget.add(id);
          owners.release(id, peer.client, now);
        }
      }
      if (mayLeave(Date.now())) leaveField();
    },
    recount() {
      if (!field && total() > thresholds.above) enterField();
      else if (mayLeave(Date.now())) leaveField();
    },
    relayField(frame) {
      relayedFrame = frame;
      toEveryone(frame);
    },
    part: (at) => sumPart(awareness.getStates().values(), at, rotate, counter),
    destroy() {
      if (field?.timer !== undefined) clearTimeout(field.timer);
      field = null;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      pending.clear(); // a flush still queued as a microtask finds nothing to send
      awareness.destroy();
    },
  };
}
