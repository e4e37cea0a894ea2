/**
 * Update sequences that break a relay applying Yjs updates as they come (Y.decodeUpdate, then
 * Y.applyUpdate): each update passes Y.decodeUpdate. Found by sync-server/testing/yjs-fuzz.ts (bench/yjs-fuzz.ts)
 * and minimized; v1 updates as hex, in the order a relay receives them, each with its mechanism.
 * The guard (sync-server/update-guard.ts) refuses or holds every one of them.
 */
import type { FindingClass } from './yjs-fuzz.ts';

/** One poisoning sequence. */
export interface PoisonFixture {
  readonly name: string;
  /** The mechanism, in one line. */
  readonly mechanism: string;
  /** What a bare relay shows (the first class is the one the fixture was minimized for). */
  readonly expect: readonly FindingClass[];
  /** Updates as hex, in order. */
  readonly updates: readonly string[];
}

/** The fixtures; the hostile relay suite sends them all to a live relay. */
export const POISON_FIXTURES: readonly PoisonFixture[] = [
  {
    name: 'zero-length-gc',
    mechanism:
      'A GC struct of length 0 integrates as a no-op, but the stored delete set then holds a 0-length range that the reload parks as pendingDs, and re-encoding it throws (writeDsLen: Unexpected case): the room never loads again.',
    expect: ['reload-throws'],
    updates: ['01010100000000'],
  },
  {
    name: 'pending-forward-origin',
    mechanism:
      "Update 2 re-sends a stored id with an origin on a client nobody has (parked as pendingStructs), then an item whose origin is a later clock of the same client; encodeStateAsUpdate merges the stored struct over the parked one, so the reload no longer waits and Item.getMissing's getItemCleanEnd on the id that does not exist throws.",
    expect: ['reload-throws', 'pending'],
    updates: [
      '0101b5f0c0de08002801076d656d626572730a32333435363738393031017601046e616d6577026d3500',
      '0102b5f0c0de0800880100017d0d88b5f0c0de0803017601046e616d6577026d3500',
    ],
  },
  {
    name: 'pending-equivocation',
    mechanism:
      "Update 2 re-sends an integrated id as a different struct whose origin is on an absent client (parked as pending); encodeStateAsUpdate's mergeUpdates keeps the parked struct in place of the integrated one, so a fresh joiner lacks the member entry the members have.",
    expect: ['joiner-diverges', 'pending'],
    updates: [
      '0101c3843d002801076d656d626572730731303030303033017602046e616d6577036d3333086a6f696e656441747d5500',
      '0201c3843d00880102017602046e616d6577036d3333086a6f696e656441747d5501c4843d00880102017602046e616d6577036d3333086a6f696e656441747d5500',
    ],
  },
  {
    name: 'mixed-parents',
    mechanism:
      "An item whose origin is an entry of a nested map and whose right origin is that map's own item in root 'room': Yjs takes the parent from the left and scans for a right that is not in that list, so the relayed event and the stored state (integrated in another order) place it differently.",
    expect: ['joiner-diverges'],
    updates: ['01020100270104726f6f6d066e657374656401280001000175027d087702783100', '01010200c40100010108627265617468652000'],
  },
  {
    name: 'overlap-mismatch',
    mechanism:
      "A struct whose first clock the relay already has is integrated from the next clock on with the client's previous item as its left (a map entry of 'room') but keeps its declared parent ('notes', key 'phase'); it is stored with an origin only, so a reload puts it under the left's parent: the stored room differs from the live one.",
    expect: ['reload-differs'],
    updates: ['01016400270104726f6f6d0573746570730000', '010164002401056e6f74657305706861736508726561746865202800'],
  },
  {
    name: 'map-right-origin',
    mechanism:
      "An item with only a right origin, on a map entry (Yjs writes map entries with an origin only): it takes the entry's key and is linked before it, and where it lands depends on the order structs are integrated, so the reloaded room differs from the live one.",
    expect: ['reload-differs'],
    updates: [
      '0102c3843d00270104726f6f6d057374657073000800c3843d00017d0700',
      '010107000401056e6f74657304f09f8cac00',
      '01010702280104726f6b370175027d027702783800',
      '0101c3843d0144070204f09f8cac00',
    ],
  },
  {
    name: 'surrogate-split',
    mechanism:
      "A re-sent struct the relay already has, with a right origin inside a stored emoji: Yjs skips it but resolves its references first, splitting the string between the surrogates, which turns both halves into U+FFFD in the relay's copy; nothing new is relayed, so joiners get text the members never had.",
    expect: ['joiner-diverges'],
    updates: [
      '01016400270104726f6f6d0573746570730000',
      '010103000401056e6f74657304f09f8cac00',
      '01016400680301017602046e616d6577026d31086a6f696e656441747d0e00',
    ],
  },
  {
    name: 'surrogate-split-gc',
    mechanism:
      "A new item whose left is GC (so Yjs stores and relays it as GC, references dropped) and whose right origin is inside a stored emoji: resolving the right origin splits the surrogates in the relay's copy alone (U+FFFD), and joiners get text the members never had.",
    expect: ['joiner-diverges'],
    updates: ['010102000401056e6f74657304f09f8cac00', '0101010084020102c3b600', '01010101000100', '01010202c40101020104f09f8cac00'],
  },
  {
    name: 'self-parent',
    mechanism:
      "An item whose parent id is its own id: the same client, so getMissing does not wait for it, and getItem on an id not in the store throws from inside applyUpdate's transaction.",
    expect: ['apply-throws'],
    updates: ['0101c3843d002800c3843d00026b36017d0700'],
  },
  {
    name: 'zero-length-deleted',
    mechanism:
      'ContentDeleted of length 0 under a map key: applyUpdate throws (Unexpected case) from inside its transaction, and the half-applied room it leaves throws on reload as well.',
    expect: ['apply-throws', 'reload-throws'],
    updates: ['010107002101076d656d626572730573746570730000'],
  },
  {
    name: 'delete-set-junk',
    mechanism:
      'A delete set for a client the relay never saw is kept as pendingDs for ever and stored with the room (junk under client ids nobody owns); nothing ever applies it.',
    expect: ['pending'],
    updates: ['000109010001'],
  },
];
