/**
 * What a room's Durable Object sends, paced per socket. On Workers every `ws.send` is a round trip
 * between the isolate and the runtime (it starts the socket's pump, and the pump's end comes back
 * into JavaScript): in local workerd about 45 µs of CPU each, a third of what receiving a whole
 * message costs, and a room relays each presence update to every member. Rooms of 10 sending
 * presence once a second spent three quarters of the object's CPU on sends, and 2,000 members in
 * 200 such rooms needed more than the one core a workerd process runs its isolate on.
 *
 * So a socket that was sent something less than PRESENCE_SPACING_MS ago has its next presence
 * frames held until then and sent as one awareness update (the latest entry per presence id, which
 * is all the client keeps). A socket that was quiet gets its frame at once: only a busy room waits,
 * and at most that long. Any other frame (document sync) first sends what is held, so a member
 * receives everything in the order the room sent it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readPresence, writePresence, type PresenceEntry } from '../presence.ts';
import { MESSAGE_AWARENESS } from '../room-presence.ts';

/**
 * A member receives at most one presence frame per this many ms from a busy room (5 a second, the
 * field's own rate, FIELD_INTERVAL_MS): field frames are never held, presence waits at most this.
 */
export const PRESENCE_SPACING_MS = 200;

export interface Outbox<S> {
  /** Sends `frame` to `socket` now, or holds it (a presence frame to a socket sent to less than the spacing ago). */
  send(socket: S, frame: Uint8Array): void;
  /** The socket is gone: what is held for it is dropped. */
  drop(socket: S): void;
}

export interface OutboxOptions {
  readonly spacingMs?: number;
  readonly now?: () => number;
  readonly setTimer?: (fire: () => void, ms: number) => unknown;
}

/** Awareness frames as one: each presence id's last entry, in the order they were last seen. */
export function mergeAwareness(frames: readonly Uint8Array[]): Uint8Array {
  const latest = new Map<number, PresenceEntry>();
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder); // MESSAGE_AWARENESS
    for (const entry of readPresence(decoding.readVarUint8Array(decoder))) {
      latest.delete(entry.clientId);
      latest.set(entry.clientId, entry);
    }
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, writePresence([...latest.values()]));
  return encoding.toUint8Array(encoder);
}

/** An outbox writing through `write`; one timer at a time, for every socket held. */
export function createOutbox<S>(write: (socket: S, frame: Uint8Array) => void, options: OutboxOptions = {}): Outbox<S> {
  const spacing = options.spacingMs ?? PRESENCE_SPACING_MS;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fire, ms) => setTimeout(fire, ms));
  const lastSent = new Map<S, number>();
  const held = new Map<S, Uint8Array[]>();
  let timerSet = false;

  const sendNow = (socket: S, frame: Uint8Array) => {
    write(socket, frame);
    lastSent.set(socket, now());
  };
  const release = (socket: S) => {
    const frames = held.get(socket);
    if (!frames) return;
    held.delete(socket);
    sendNow(socket, frames.length === 1 ? frames[0]! : mergeAwareness(frames));
  };
  // Sockets held together were sent to together (a room's flush reaches every member in one go),
  // so they are due together: one timer releases them all.
  const fire = () => {
    timerSet = false;
    for (const socket of [...held.keys()]) release(socket);
  };

  return {
    send(socket, frame) {
      if (frame[0] !== MESSAGE_AWARENESS) {
        release(socket);
        sendNow(socket, frame);
        return;
      }
      const frames = held.get(socket);
      if (frames) {
        frames.push(frame);
        return;
      }
      const last = lastSent.get(socket);
      const wait = last === undefined ? 0 : last + spacing - now();
      if (wait <= 0) {
        sendNow(socket, frame);
        return;
      }
      held.set(socket, [frame]);
      if (!timerSet) {
        timerSet = true;
        setTimer(fire, wait);
      }
    },
    drop(socket) {
      held.delete(socket);
      lastSent.delete(socket);
    },
  };
}
