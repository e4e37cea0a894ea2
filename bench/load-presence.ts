/**
 * What the load bench's members say and how a run is planned, shared by the parent (relay-load)
 * and every load process (load-client), so each process knows the same members, rooms and
 * probe schedule without talking to the others.
 */
import * as encoding from 'lib0/encoding';

/** y-websocket's message type for awareness (presence). */
export const MESSAGE_AWARENESS = 1;
// 5.5 breaths a minute, the app's resonance preset: onsets every 10.9 s.
const PERIOD_MS = 10_909;
const ONSETS = 4;

/** The shape of the bench (the same in every process). */
export interface Layout {
  readonly members: number;
  readonly roomSize: number;
  /** Observer members in all (the first few of each room). */
  readonly observers: number;
}

/**
 * When the measured window is and when the probes change (epoch ms), sent to every load process.
 * Change k presses probe k (all start released), so a field showing `pressing` >= k + 1 shows
 * change k, whatever came late: the count only grows, and no two changes look alike.
 */
export interface Plan {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly changes: readonly number[];
}

export const roomsOf = (l: Layout): number => Math.ceil(l.members / l.roomSize);
/** Member `i`'s room. */
export const roomOf = (l: Layout, i: number): number => i % roomsOf(l);
/** Whether member `i` is an observer: the first few members of each room, `observers` in all (at least one a room). */
export const isObserver = (l: Layout, i: number): boolean => Math.floor(i / roomsOf(l)) < Math.max(1, Math.ceil(l.observers / roomsOf(l)));

/** Member `i`'s last inhale onsets before `now` (server ms): a steady breath, each member at its own phase, so the field has phases to count. */
export function onsetsOf(i: number, now: number): number[] {
  const offset = (i * 7919) % PERIOD_MS;
  const last = now - ((((now - offset) % PERIOD_MS) + PERIOD_MS) % PERIOD_MS);
  return Array.from({ length: ONSETS }, (_, j) => last - (ONSETS - 1 - j) * PERIOD_MS);
}

/**
 * Member `i`'s presence as the app sends it (memberId, name, pressed, onsets, score) plus `t`, its
 * send time, by which list-mode observers measure latency; framed as a y-websocket awareness message.
 */
export function presenceMessage(i: number, clock: number, pressed: boolean): Uint8Array {
  const now = Date.now();
  const state = { t: now, memberId: `m${i}`, name: `Member ${i}`, pressed, onsets: onsetsOf(i, now), score: 80 };
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientIdOf(i));
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** Member `i`'s awareness client id. */
export const clientIdOf = (i: number): number => 1_000_000 + i;

/** A histogram of milliseconds (value -> count), cheap to send between processes. */
export type Histogram = Record<number, number>;

export const addTo = (h: Histogram, ms: number): void => {
  const k = Math.max(0, Math.round(ms));
  h[k] = (h[k] ?? 0) + 1;
};

/** The `p` quantile (0..1) of histograms taken together, or NaN when empty. */
export function quantile(hs: readonly Histogram[], p: number): number {
  const merged = new Map<number, number>();
  for (const h of hs) for (const [k, n] of Object.entries(h)) merged.set(Number(k), (merged.get(Number(k)) ?? 0) + n);
  const keys = [...merged.keys()].sort((a, b) => a - b);
  const total = [...merged.values()].reduce((s, n) => s + n, 0);
  if (total === 0) return NaN;
  let seen = 0;
  const rank = Math.min(total - 1, Math.floor(p * total));
  for (const k of keys) {
    seen += merged.get(k)!;
    if (seen > rank) return k;
  }
  return keys[keys.length - 1]!;
}
