/**
 * Presence (awareness) entries on the wire, and who owns which presence id. An id belongs to the
 * connection that first used it; when that connection goes, the id stays reserved for its client
 * (the same tab reconnecting after a dropped network, known by a secret it offers, or else the same
 * address) for a while, so another connection cannot take it over and have the real member's
 * presence dropped when it comes back. Reservations are bounded, and a full table never gives up
 * one that is still running: a flood of joins and leaves cannot push a member's reservation out.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface PresenceEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: string;
}

/** Reads an awareness update's entries without applying it. Throws on a malformed update. */
export function readPresence(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
  }
  return entries;
}

/** Encodes entries as an awareness update. */
export function writePresence(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

/** How long a departed member's presence ids stay reserved for its client. */
export const PRESENCE_RESERVE_MS = 10 * 60_000;

/** Who owns presence ids in one room; `O` is the adapter's connection (a Peer). */
export interface PresenceOwners<O> {
  owner(id: number): O | undefined;
  /** Whether `claimant` (of client `key`) may take `id`: nobody holds it and no other client reserved it. */
  mayClaim(id: number, key: string | undefined, nowMs: number): boolean;
  claim(id: number, claimant: O): void;
  /** The owner dropped `id` itself (a null state): it is free again. */
  drop(id: number): void;
  /** The owner left: its ids are reserved for its client `key` until `nowMs + PRESENCE_RESERVE_MS` (if the table has room). */
  release(id: number, key: string | undefined, nowMs: number): void;
}

/** `maxReserved` bounds the memory: past it expired reservations go, and new ones are not made until there is room. */
export function createPresenceOwners<O>(maxReserved: number): PresenceOwners<O> {
  const owners = new Map<number, O>();
  // Insertion order is release order, so the first entry is always the oldest.
  const reserved = new Map<number, { key: string | undefined; until: number }>();
  return {
    owner: (id) => owners.get(id),
    mayClaim(id, key, nowMs) {
      if (owners.has(id)) return false;
      const r = reserved.get(id);
      if (!r) return true;
      if (r.until <= nowMs) {
        reserved.delete(id);
        return true;
      }
      return key !== undefined && r.key === key;
    },
    claim(id, claimant) {
      reserved.delete(id);
      owners.set(id, claimant);
    },
    drop: (id) => void owners.delete(id),
    release(id, key, nowMs) {
      owners.delete(id);
      reserved.delete(id);
      // Insertion order is expiry order (all last as long): the oldest is the first to have run out.
      for (const [old, r] of reserved) {
        if (reserved.size < maxReserved || r.until > nowMs) break;
        reserved.delete(old);
      }
      if (reserved.size < maxReserved) reserved.set(id, { key, until: nowMs + PRESENCE_RESERVE_MS });
    },
  };
}
