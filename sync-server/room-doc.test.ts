/** The guarded document: every known poison is refused before it is applied, and what loads is what members got. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from './policy.ts';
import { POISON_FIXTURES } from './testing/poison-fixtures.ts';
import { createGuardedDoc } from './room-doc.ts';
import { fromHex, writeUpdate } from './testing/yjs-fuzz.ts';
import * as encoding from 'lib0/encoding';

const sorted = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const content = (doc: Y.Doc) =>
  [...doc.share.keys()]
    .sort()
    .map((k) => `${k}=${sorted(doc.getMap(k).toJSON())}`)
    .join(';');

describe('guarded room document', () => {
  for (const fixture of POISON_FIXTURES) {
    it(`keeps the room whole against ${fixture.name}`, () => {
      const room = createGuardedDoc([], DEFAULT_LIMITS);
      const member = new Y.Doc();
      for (const hex of fixture.updates) {
        const applied = room.apply(fromHex(hex), 'attacker', false);
        if (applied.change) Y.applyUpdate(member, applied.change);
      }
      const { state, restored } = room.checkpoint(0)!;
      expect(restored).toBe(false); // refused up front, not found at the checkpoint
      const joiner = new Y.Doc();
      Y.applyUpdate(joiner, state);
      expect(joiner.store.pendingStructs).toBeNull();
      expect(Y.encodeStateVector(joiner)).toEqual(Y.encodeStateVector(member));
      expect(content(joiner)).toBe(content(member));
      room.destroy();
    });
  }

  it('refuses an update whose dependency it lacks (the sender syncs again), and takes both in order', () => {
    const room = createGuardedDoc([], DEFAULT_LIMITS);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'first');
    source.getText('t').insert(5, ' second');
    expect(room.apply(updates[1]!, 'a', false).refusal).toBe('incomplete');
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.apply(updates[0]!, 'a', false).change).not.toBeNull();
    expect(room.apply(updates[1]!, 'a', false).change).not.toBeNull();
    expect(room.doc.getText('t').toString()).toBe('first second');
  });

  it('refuses deletions that would split the document into more structs than the limit', () => {
    const room = createGuardedDoc([], { ...DEFAULT_LIMITS, maxRoomStructs: 1000 });
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'x'.repeat(5000));
    expect(room.apply(updates[0]!, 'a', false).refusal).toBeNull();
    source.transact(() => {
      for (let i = 4998; i > 0; i -= 2) source.getText('t').delete(i, 1);
    });
    expect(room.apply(updates[1]!, 'b', false).refusal).toBe('roomTooLarge');
    expect(room.doc.getText('t').length).toBe(5000); // refused whole
    expect(room.stats().structs).toBeLessThanOrEqual(1000);
  });

  it('reads an update once, as Yjs would: JSON it cannot parse is malformed (no rebuild), a zero-length struct a bad update after the limits', () => {
    const room = createGuardedDoc([], DEFAULT_LIMITS);
    /** ContentJSON (kind 2) under the root map 'room', key 'k': its clock length is the number of values. */
    const item = (...values: string[]) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, values.length);
      for (const v of values) encoding.writeVarString(e, v);
      return {
        kind: 'item' as const,
        info: 2,
        origin: null,
        rightOrigin: null,
        parent: 'room',
        parentSub: 'k',
        content: encoding.toUint8Array(e),
        length: values.length,
      };
    };
    const bad = writeUpdate({ sections: [{ client: 5, clock: 0, structs: [item('{not json')] }], ds: [] });
    expect(room.apply(bad, 'a', false)).toEqual({ refusal: 'malformed', change: null, work: bad.length, droppedPending: false });
    // A zero-length struct before one that grows the room: the limits have their say first.
    const zero = writeUpdate({ sections: [{ client: 5, clock: 0, structs: [item(), item('1')] }], ds: [] });
    expect(room.apply(zero, 'a', true).refusal).toBe('storageFull');
    expect(room.apply(zero, 'a', false).refusal).toBe('badUpdate');
    const good = writeUpdate({ sections: [{ client: 5, clock: 0, structs: [item('{"a":1}')] }], ds: [] });
    expect(room.apply(good, 'a', false).change).not.toBeNull();
    expect(room.doc.getMap('room').get('k')).toEqual({ a: 1 });
    room.destroy();
  });

  it('paces its proofs: a second checkpoint right after a change waits, the changes stay unproved', () => {
    const room = createGuardedDoc([], DEFAULT_LIMITS);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getMap('m').set('a', 1);
    source.getMap('m').set('b', 2);
    room.apply(updates[0]!, 'a', false);
    expect(room.checkpoint(1000)).not.toBeNull();
    room.apply(updates[1]!, 'a', false);
    expect(room.checkpoint(2000)).toBeNull();
    expect(room.unproved).toBe(true);
    expect(room.checkpoint(1000 + 60_000)?.restored).toBe(false);
    expect(room.unproved).toBe(false);
  });
});
