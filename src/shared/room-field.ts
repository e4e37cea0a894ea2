/**
 * The room field, written once for the relay that makes it and the app that shows it. Above
 * `FIELD_ABOVE` members a room stops relaying every member's presence (N^2 bytes) and the relay
 * instead publishes one small summary several times a second: how many are here, how many press,
 * the group's phase consistency computed exactly from everyone's phases, a coarse histogram of
 * those phases, and a rotating sample of named members for faces.
 *
 * It travels as an ordinary awareness (presence) entry, owned by the relay under the reserved
 * client id `FIELD_PRESENCE_ID` with the state `{ "field": RoomField }`. So the stock y-websocket
 * client needs nothing new: it stores one more presence state (a message type it did not know
 * would make it log "Unable to compute message" for every frame). No member may claim that id.
 * Leaving field mode, the relay removes the entry and the members' own presence flows again.
 *
 * Members who share their heart coherence (presence `heart`, a score 0-100, never beats) are summed
 * into an optional `heart` of the frame: how many share and the sum of their scores (sums, so parts
 * of a room made in different places add up; the mean is taken by the reader). Still `v: 1`: a
 * reader from before it ignores the key, and a frame from before it has none.
 */

/** The awareness client id of the relay's field entry (a Yjs client id is a random uint32: 0 is reserved). */
export const FIELD_PRESENCE_ID = 0;
/** Field mode begins when a room has more members than this (the relay's RELAY_FIELD_ABOVE). */
export const FIELD_ABOVE = 150;
/** ...and ends when it has this share of `above` or fewer again: a room at the edge does not flap. */
export const FIELD_LEAVE_RATIO = 0.8;
/** A field frame every this many ms (5 Hz). */
export const FIELD_INTERVAL_MS = 200;
/** Phase histogram bins (30° each), bin 0 starting at phase 0 (an inhale onset). */
export const FIELD_BINS = 12;
/** Named members sent as faces in each frame, rotating through the room. */
export const FIELD_FACES = 6;
/** In a field a member sends its presence at most this often (the relay reads it; nobody else does). */
export const FIELD_PRESENCE_INTERVAL_MS = 1000;

/** Under this many sharers no group heart figure is shown (one person's figure is not a group's) nor sent. */
export const MIN_HEART_SHARERS = 2;

/** The sharers' heart coherence in a frame: how many share and the sum of their scores. */
export interface FieldHeart {
  readonly sharing: number;
  readonly sum: number;
}

/** The group's heart coherence as shown: the mean score (0-100, whole) and how many share. */
export interface GroupHeart {
  readonly mean: number;
  readonly sharing: number;
}

/** A shared heart coherence score (0-100, whole), or null for anything else a client may send (a string, 1e9, NaN). */
export const readHeartScore = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 ? Math.round(v) : null;

/** The group figure of `sharing` scores summing to `sum`, or null under `MIN_HEART_SHARERS`. */
export const groupHeartOf = (sum: number, sharing: number): GroupHeart | null =>
  sharing >= MIN_HEART_SHARERS ? { mean: Math.round(sum / sharing), sharing } : null;

/** One face of the rotating sample. */
export interface FieldFace {
  /** The member id (the app takes the name the room's document holds for it first). */
  readonly id: string;
  readonly name: string;
}

/**
 * What a field frame says; every count is of distinct member ids (one person in two tabs is one),
 * except on Workers across Durable Object shards, where ids are merged within each object only.
 */
export interface RoomField {
  readonly v: 1;
  /** Relay time (epoch ms) the field was computed for: phases are taken at this instant. */
  readonly at: number;
  readonly here: number;
  /** Pressing now, or pressed within the last 20 s. */
  readonly breathing: number;
  readonly pressing: number;
  /** Members with a phase now (two recent presses): those the figure counts. */
  readonly counted: number;
  /** Pairwise phase consistency of the counted members' phases at `at`, 0..1 (0 below two). */
  readonly ppc: number;
  /** Counted members by phase at `at`, `FIELD_BINS` bins. */
  readonly hist: readonly number[];
  readonly faces: readonly FieldFace[];
  /** Heart coherence of the members who share it, when `MIN_HEART_SHARERS` or more do (absent in frames from before it). */
  readonly heart?: FieldHeart;
}

/** The relay's presence state that carries `field`. */
export interface FieldState {
  readonly field: RoomField;
}

/** The thresholds of a room with `above` (field mode above it, list mode again at `leaveAt` or fewer). */
export const fieldThresholds = (above: number): { readonly above: number; readonly leaveAt: number } => ({
  above,
  leaveAt: Math.floor(above * FIELD_LEAVE_RATIO),
});

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/**
 * The field in a presence state, or null when the state is not a well-formed field frame. The
 * app calls it on the entry of `FIELD_PRESENCE_ID` only, whatever the entry holds.
 */
export function readField(state: unknown): RoomField | null {
  if (typeof state !== 'object' || state === null) return null;
  const f = (state as { field?: unknown }).field;
  if (typeof f !== 'object' || f === null) return null;
  const r = f as Record<keyof RoomField, unknown>;
  const here = count(r.here);
  const breathing = count(r.breathing);
  const pressing = count(r.pressing);
  const counted = count(r.counted);
  if (r.v !== 1 || typeof r.at !== 'number' || here === null || breathing === null || pressing === null || counted === null) return null;
  if (typeof r.ppc !== 'number' || !(r.ppc >= 0 && r.ppc <= 1)) return null;
  if (!Array.isArray(r.hist) || r.hist.length !== FIELD_BINS || !r.hist.every((n) => count(n) !== null)) return null;
  if (!Array.isArray(r.faces)) return null;
  const faces = r.faces
    .slice(0, FIELD_FACES * 4)
    .filter((x): x is FieldFace => typeof x?.id === 'string' && typeof x?.name === 'string' && x.id !== '' && x.name !== '');
  const heart = readFieldHeart(r.heart);
  return { v: 1, at: r.at, here, breathing, pressing, counted, ppc: r.ppc, hist: r.hist as number[], faces, ...(heart ? { heart } : {}) };
}

/** A frame's `heart`, or null when absent or not well formed (then the rest of the frame still counts). */
function readFieldHeart(v: unknown): FieldHeart | null {
  if (typeof v !== 'object' || v === null) return null;
  const h = v as Record<keyof FieldHeart, unknown>;
  const sharing = count(h.sharing);
  if (sharing === null || typeof h.sum !== 'number' || !(h.sum >= 0 && h.sum <= 100 * sharing)) return null;
  return { sharing, sum: h.sum };
}
