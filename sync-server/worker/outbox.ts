/**
 * What a room's Durable Object sends, paced per socket when the isolate is busy. On Workers every
 * `ws.send` is a round trip between the isolate and the runtime (it starts the socket's pump, and
 * the pump's end comes back into JavaScript): in local workerd about 50 µs of CPU each, while
 * receiving a whole message costs about 140, and a room relays each presence update to every
 * member. Rooms of 10 sending presence once a second cost 600 µs per message, 3/4 of it sends, and
 * 2,000 members in 200 such rooms needed 1.2 cores of the one core a workerd process runs its
 * isolate on.
 *
 * So while the isolate is offered more than PACE_ABOVE_PER_SECOND awareness frames a second (every
 * object in it counted, a field's frames too: they cost the same sends, though they are never held), a socket that was sent something less than the spacing ago has its next
 * presence frames held until then and sent as one awareness update (the latest entry per presence
 * id, which is all the client keeps). The spacing is PRESENCE_SPACING_MS at the threshold and grows
 * with the load, up to MAX_SPACING_MS, so the sends stay near a fixed rate however many members the
 * isolate serves. A quiet socket gets its frame at once, and so does every socket of a quiet
 * isolate: only load waits. Any other frame (document sync, a field's frame) first sends what is
 * held and goes at once, so a member receives everything in the order the room sent it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { FIELD_INTERVAL_MS, FIELD_PRESENCE_ID } from '../../src/shared/room-field.ts';
import { MESSAGE_AWARENESS } from '../room-presence.ts';

/** Paced at the threshold, a member receives at most one presence frame per this many ms (5 a second, the field's own rate). */
export const PRESENCE_SPACING_MS = FIELD_INTERVAL_MS;
/** Presence waits at most this long, however busy the isolate. */
export const MAX_SPACING_MS = 1000;
/**
 * Pacing starts past this many presence frames offered a second in the isolate: about 0.4 of a
 * core of sends unpaced in local workerd (2,000 members in rooms of 10 offer 20,000; one room of
 * 10, 100).
 */
export const PACE_ABOVE_PER_SECOND = 8000;

/** The spacing for a load of `offeredPerSecond` frames: 0 (no pacing) up to the threshold. */
export const spacingFor = (offeredPerSecond: number): number =>
  offeredPerSecond <= PACE_ABOVE_PER_SECOND
    ? 0
    : Math.min(MAX_SPACING_MS, (PRESENCE_SPACING_MS * offeredPerSecond) / PACE_ABOVE_PER_SECOND);

export interface Outbox<S> {
  /** Sends `frame` to `socket` now, or holds it (a presence frame to a socket sent to less than the spacing ago). */
  send(socket: S, frame: Uint8Array): void;
  /** The socket is gone: what is held for it is dropped. */
  drop(socket: S): void;
}

export interface OutboxOptions {
  readonly now?: () => number;
  readonly setTimer?: (fire: () => void, ms: number) => unknown;
  /** Counts each presence frame offered and says the spacing now (the isolate's meter by default). */
  readonly load?: { note(nowMs: number): void; spacing(nowMs: number): number };
}

/** Frames offered, counted over whole seconds. */
export interface LoadMeter {
  note(nowMs: number): void;
  /** How many the last whole second saw. */
  lastSecond(nowMs: number): number;
}

/** A meter of frames offered, not sent, so that pacing (which sends fewer) does not switch itself off. */
export function createLoadMeter(): LoadMeter {
  let second = 0;
  let count = 0;
  let last = 0;
  const roll = (nowMs: number) => {
    const s = Math.floor(nowMs / 1000);
    if (s === second) return;
    last = s === second + 1 ? count : 0;
    second = s;
    count = 0;
  };
  return {
    note(nowMs) {
      roll(nowMs);
      count++;
    },
    lastSecond(nowMs) {
      roll(nowMs);
      return last;
    },
  };
}

/** Module state: the objects one isolate runs share its core, so they share the meter. */
const isolateMeter = createLoadMeter();
const isolateLoad = { note: isolateMeter.note, spacing: (nowMs: number) => spacingFor(isolateMeter.lastSecond(nowMs)) };

/** Whether `frame` is presence a member sent (held when paced); not a field's frame (its reserved id first) nor any other message. */
function isMemberPresence(frame: Uint8Array): boolean {
  if (frame[0] !== MESSAGE_AWARENESS) return false;
  const outer = decoding.createDecoder(frame);
  decoding.readVarUint(outer);
  const update = decoding.createDecoder(decoding.readVarUint8Array(outer));
  const count = decoding.readVarUint(update);
  return count > 0 && decoding.readVarUint(update) !== FIELD_PRESENCE_ID;
}

/** One entry of an awareness update, its state left as the bytes it came in. */
interface RawEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: Uint8Array;
}

/**
 * Awareness frames as one: each presence id's last entry, in the order they were last seen. The
 * states are copied as bytes (a state is a var-length string on the wire, the same layout as
 * var-length bytes), never decoded.
 */
export function mergeAwareness(frames: readonly Uint8Array[]): Uint8Array {
  const latest = new Map<number, RawEntry>();
  for (const frame of frames) {
    const outer = decoding.createDecoder(frame);
    decoding.readVarUint(outer); // MESSAGE_AWARENESS
    const update = decoding.createDecoder(decoding.readVarUint8Array(outer));
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      const entry = {
        clientId: decoding.readVarUint(update),
        clock: decoding.readVarUint(update),
        state: decoding.readVarUint8Array(update),
      };
      latest.delete(entry.clientId);
      latest.set(entry.clientId, entry);
    }
  }
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, latest.size);
  for (const e of latest.values()) {
    encoding.writeVarUint(update, e.clientId);
    encoding.writeVarUint(update, e.clock);
    encoding.writeVarUint8Array(update, e.state);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/** An outbox writing through `write`; one timer at a time, for every socket held. */
export function createOutbox<S>(write: (socket: S, frame: Uint8Array) => void, options: OutboxOptions = {}): Outbox<S> {
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
  // A room's flush sends every member the same frames, so members held together hold the same
  // list: the last merge is kept and given again to the next socket whose list is the same frames.
  let lastMerge: { frames: Uint8Array[]; merged: Uint8Array } | null = null;
  const merged = (frames: Uint8Array[]) => {
    if (frames.length === 1) return frames[0]!;
    if (lastMerge?.frames.length === frames.length && frames.every((f, i) => f === lastMerge!.frames[i])) return lastMerge.merged;
    lastMerge = { frames, merged: mergeAwareness(frames) };
    return lastMerge.merged;
  };
  const release = (socket: S) => {
    const frames = held.get(socket);
    if (!frames) return;
    held.delete(socket);
    sendNow(socket, merged(frames));
  };
  // Sockets held together were sent to together (a room's flush reaches every member in one go),
  // so they are due together: one timer releases them all.
  const fire = () => {
    timerSet = false;
    for (const socket of [...held.keys()]) release(socket);
    lastMerge = null;
  };

  return {
    send(socket, frame) {
      const at = now();
      if (frame[0] === MESSAGE_AWARENESS) load.note(at);
      if (!isMemberPresence(frame)) {
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
      const wait = last === undefined ? 0 : last + load.spacing(at) - at;
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
