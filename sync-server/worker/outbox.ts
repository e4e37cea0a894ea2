/**
 * What a room's Durable Object sends, paced per socket when the isolate is busy. On Workers every
 * `ws.send` is a round trip between the isolate and the runtime (it starts the socket's pump, and
 * the pump's end comes back into JavaScript): in local workerd about 45 µs of CPU each, a third of
 * what receiving a whole message costs, and a room relays each presence update to every member.
 * Rooms of 10 sending presence once a second spent three quarters of their CPU on sends, and 2,000
 * members in 200 such rooms needed more than the one core a workerd process runs its isolate on.
 *
 * So while the isolate is offered more than PACE_ABOVE_PER_SECOND presence frames a second (every
 * object in it counted), a socket that was sent something less than PRESENCE_SPACING_MS ago has
 * its next presence frames held until then and sent as one awareness update (the latest entry per
 * presence id, which is all the client keeps). A quiet socket gets its frame at once, and so does
 * every socket of a quiet isolate: only load waits, and at most that long. Any other frame
 * (document sync) first sends what is held, so a member receives everything in the order the room
 * sent it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { FIELD_INTERVAL_MS } from '../../src/shared/room-field.ts';
import { readPresence, writePresence, type PresenceEntry } from '../presence.ts';
import { MESSAGE_AWARENESS } from '../room-presence.ts';

/**
 * Paced, a member receives at most one presence frame per this many ms: 5 a second, the field's
 * own rate, so a field's frames (one per FIELD_INTERVAL_MS) go as they come.
 */
export const PRESENCE_SPACING_MS = FIELD_INTERVAL_MS;
/**
 * Pacing starts past this many presence frames offered a second in the isolate: about a third of a
 * core of sends unpaced in local workerd (2,000 members in rooms of 10 offer 20,000; one room of
 * 10, 100).
 */
export const PACE_ABOVE_PER_SECOND = 8000;

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
  /** Where presence frames offered are counted, and whether to pace (the isolate's meter by default). */
  readonly load?: LoadMeter;
}

/** Presence frames offered per second, and whether that is past a threshold. */
export interface LoadMeter {
  note(nowMs: number): void;
  /** Whether the last whole second saw more than the threshold. */
  busy(nowMs: number): boolean;
}

/**
 * A meter over whole seconds. It counts frames offered, not frames sent, so pacing (which sends
 * fewer) does not switch itself off.
 */
export function createLoadMeter(threshold: number): LoadMeter {
  let second = 0;
  let count = 0;
  let lastSecond = 0;
  const roll = (nowMs: number) => {
    const s = Math.floor(nowMs / 1000);
    if (s === second) return;
    lastSecond = s === second + 1 ? count : 0;
    second = s;
    count = 0;
  };
  return {
    note(nowMs) {
      roll(nowMs);
      count++;
    },
    busy(nowMs) {
      roll(nowMs);
      return lastSecond > threshold;
    },
  };
}

/** Module state: the objects one isolate runs share its core, so they share the meter. */
const isolateLoad = createLoadMeter(PACE_ABOVE_PER_SECOND);

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
  const load = options.load ?? isolateLoad;
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
      const at = now();
      load.note(at);
      const frames = held.get(socket);
      if (frames) {
        frames.push(frame);
        return;
      }
      const last = lastSent.get(socket);
      const wait = last === undefined || !load.busy(at) ? 0 : last + spacing - at;
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
