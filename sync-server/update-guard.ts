/**
 * A guard in front of Y.applyUpdate for the relay. Yjs trusts its peers: an update that passes
 * Y.decodeUpdate can still hold structs Yjs cannot integrate consistently (zero-length structs,
 * references to ids the same client has not written yet, an origin and right origin in different
 * parents, a parent id that is no type, a map entry with a right origin) and leave the room's doc
 * throwing on reload or different for a fresh joiner than for the members
 * (sync-server/testing/poison-fixtures.ts). The guard reads each update once (update-reader.ts,
 * O(update)), inspects it against the doc (one binary search per reference) and refuses those.
 * An update that references ids the doc does not have is not applied ('incomplete'): Yjs would
 * keep it as pendingStructs/pendingDs, which encodeStateAsUpdate merges into the stored state and
 * sends to joiners though the members never got it. The relay refuses it and its sender syncs
 * again (room-doc.ts).
 */
import * as Y from 'yjs';
import {
  readUpdate,
  refuse,
  type GuardOptions,
  type ParsedStruct,
  type ParsedUpdate,
  type Ref,
  type UpdateCounts,
} from './update-reader.ts';

/** Where a struct lives: a parent key ('root:name' or '#client:clock' of the type item) and map key; or 'gc'. */
type Place = { parent: string; sub: string | null } | 'gc';

/** The outcome of inspecting an update against the doc: complete (apply now) or waiting for ids. */
export type Inspection = { complete: true; counts: UpdateCounts } | { complete: false; counts: UpdateCounts; waitingFor: Ref };

/**
 * Checks an update against the doc without applying it: refuses (throws UpdateRefusedError) what
 * Yjs would integrate inconsistently, and says whether everything it references is present. Takes
 * the bytes, or the update as `readUpdate` read it (the relay reads once for its limits and this).
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array | ParsedUpdate, options: GuardOptions = {}): Inspection {
  const parsed = update instanceof Uint8Array ? readUpdate(update, options) : update;
  if (parsed.flaw) throw parsed.flaw;
  const store = doc.store;
  // A shared type as Yjs types the values of its share map (taken from there, so no `any` is written here).
  type AnyType = Parameters<Y.Doc['share']['set']>[1];
  const rootNames = new Map<AnyType, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  // How far each client's clock reaches with this update: the doc's state, extended by the update's
  // section when that starts no later than the state (Skips and gaps end it).
  const reach = new Map<number, number>();
  let waitingFor: Ref | null = null;
  for (const [client, structs] of parsed.sections) {
    let r = Y.getState(store, client);
    for (const s of structs) {
      if (s.clock > r) {
        waitingFor ??= { client, clock: r };
        break;
      }
      if (s.kind !== 'skip') r = Math.max(r, s.clock + s.length);
    }
    reach.set(client, r);
  }
  const reachOf = (client: number): number => reach.get(client) ?? Y.getState(store, client);
  const findInUpdate = (ref: Ref): ParsedStruct | undefined => {
    const structs = parsed.sections.get(ref.client);
    if (!structs) return undefined;
    let lo = 0;
    let hi = structs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = structs[mid]!;
      if (ref.clock < s.clock) hi = mid - 1;
      else if (ref.clock >= s.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  };
  const typeKey = (type: AnyType): string =>
    type._item ? `#${type._item.id.client}:${type._item.id.clock}` : `root:${rootNames.get(type) ?? '?'}`;
  /** The type an explicit parent reference names, or 'gc' when it is gone. */
  const parentPlace = (parent: string | Ref, sub: string | null): Place => {
    if (typeof parent === 'string') return { parent: `root:${parent}`, sub };
    if (parent.clock < Y.getState(store, parent.client)) {
      const p = Y.getItem(store, Y.createID(parent.client, parent.clock)) as Y.Item | Y.GC;
      if (p instanceof Y.GC || p.deleted) return 'gc'; // Yjs turns the child into GC as well
      if (!(p.content instanceof Y.ContentType)) refuse('parent-not-type', `${parent.client}:${parent.clock}`);
      return { parent: typeKey((p.content as Y.ContentType).type), sub };
    }
    const s = findInUpdate(parent);
    if (s?.kind === 'gc') return 'gc';
    if (s?.kind !== 'item' || s.contentKind !== 7 || s.clock !== parent.clock)
      return refuse('parent-not-type', `${parent.client}:${parent.clock}`);
    return { parent: `#${parent.client}:${parent.clock}`, sub };
  };
  const memo = new Map<string, Place>();
  /** Where the struct holding `ref` lives (Yjs copies an item's parent from its left, else its right). */
  const placeOf = (ref: Ref, depth: number): Place => {
    if (ref.clock < Y.getState(store, ref.client)) {
      const s = Y.getItem(store, Y.createID(ref.client, ref.clock)) as Y.Item | Y.GC;
      if (s instanceof Y.GC) return 'gc';
      return { parent: typeKey(s.parent as AnyType), sub: s.parentSub };
    }
    const key = `${ref.client}:${ref.clock}`;
    const known = memo.get(key);
    if (known) return known;
    const s = findInUpdate(ref);
    // GC, or an id this update does not hold (the caller checked reach, so only a Skip's).
    if (s?.kind !== 'item') return 'gc';
    if (depth > 10_000) return refuse('malformed', 'reference chain too long');
    const place = s.origin
      ? placeOf(s.origin, depth + 1)
      : s.rightOrigin
        ? placeOf(s.rightOrigin, depth + 1)
        : parentPlace(s.parent!, s.parentSub);
    memo.set(key, place);
    return place;
  };
  const needs = (ref: Ref, client: number, clock: number): void => {
    if (ref.client === client ? ref.clock >= clock : false) refuse('forward-reference', `${client}:${clock} -> ${ref.client}:${ref.clock}`);
    if (ref.clock >= reachOf(ref.client)) waitingFor ??= ref;
  };
  for (const [client, structs] of parsed.sections) {
    for (const s of structs) {
      if (s.kind !== 'item') continue;
      if (s.origin) needs(s.origin, client, s.clock);
      if (s.rightOrigin) needs(s.rightOrigin, client, s.clock);
      if (s.parent && typeof s.parent !== 'string') needs(s.parent, client, s.clock);
    }
  }
  for (const r of parsed.ds) if (r.clock + r.length > reachOf(r.client)) waitingFor ??= { client: r.client, clock: r.clock + r.length - 1 };
  if (waitingFor) return { complete: false, counts: parsed.counts, waitingFor };
  // Everything referenced is present: check that references agree on where each item goes.
  /** Whether splitting the stored struct at `ref` (+1 for an origin: after it) cuts a surrogate pair. */
  const splitsSurrogate = (ref: Ref, after: number): boolean => {
    if (ref.clock >= Y.getState(store, ref.client)) return false;
    const item = Y.getItem(store, Y.createID(ref.client, ref.clock)) as Y.Item | Y.GC;
    if (item instanceof Y.GC || !(item.content instanceof Y.ContentString)) return false;
    const at = ref.clock - item.id.clock + after;
    const code = item.content.str.charCodeAt(at - 1);
    return at > 0 && at < item.length && code >= 0xd800 && code <= 0xdbff;
  };
  const samePlace = (a: Place, b: Place): boolean => a === b || (a !== 'gc' && b !== 'gc' && a.parent === b.parent && a.sub === b.sub);
  for (const [client, structs] of parsed.sections) {
    const state = Y.getState(store, client);
    for (const s of structs) {
      if (s.kind !== 'item') continue;
      let place: Place;
      if (!s.origin && !s.rightOrigin) place = parentPlace(s.parent!, s.parentSub);
      else {
        const left = s.origin ? placeOf(s.origin, 0) : null;
        const right = s.rightOrigin ? placeOf(s.rightOrigin, 0) : null;
        // Yjs resolves references even where it then drops them (a struct it already has, an item
        // that becomes GC) or writes another origin (the new part of an overlapping struct), so a
        // split there is never relayed. A split is harmless, but inside a surrogate pair it turns
        // both halves into U+FFFD in the relay's copy alone. (Elsewhere the split is relayed.)
        const unrelayed = s.clock < state || left === 'gc' || right === 'gc';
        if (unrelayed && ((s.origin && splitsSurrogate(s.origin, 1)) || (s.rightOrigin && splitsSurrogate(s.rightOrigin, 0))))
          refuse('surrogate-split', `${client}:${s.clock}`);
        if (left === 'gc' || right === 'gc') continue; // Yjs writes the item as GC
        if (left && right && !samePlace(left, right)) refuse('mixed-parents', `${client}:${s.clock}`);
        if (right && (left ?? right).sub !== null) refuse('map-right-origin', `${client}:${s.clock}`);
        place = (left ?? right)!;
      }
      // Yjs integrates the part past the doc's state with the item before it as its left,
      // keeping the struct's own parent: the two must agree (they always do for a real re-send).
      if (s.clock < state && state < s.clock + s.length && place !== 'gc' && !samePlace(place, placeOf({ client, clock: state - 1 }, 0))) {
        refuse('overlap-mismatch', `${client}:${s.clock}`);
      }
    }
  }
  return { complete: true, counts: parsed.counts };
}

/**
 * What the relay does with one update: refuses (throws UpdateRefusedError) what Yjs would
 * integrate inconsistently, and applies it with `origin` when everything it references is in the
 * doc; 'incomplete' when it is not, with nothing applied.
 */
export function applyChecked(
  doc: Y.Doc,
  update: Uint8Array | ParsedUpdate,
  origin: unknown,
  options: GuardOptions = {},
): 'applied' | 'incomplete' {
  const parsed = update instanceof Uint8Array ? readUpdate(update, options) : update;
  if (!inspectUpdate(doc, parsed).complete) return 'incomplete';
  Y.applyUpdate(doc, parsed.bytes, origin);
  return 'applied';
}
