/** The guarded document: every known poison is refused before it is applied, and what loads is what members got. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from './policy.ts';
import { POISON_FIXTURES } from './poison-fixtures.ts';
import { createGuardedDoc } from './room-doc.ts';
import { fromHex } from './yjs-fuzz.ts';

const sorted = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const content = (doc: Y.Doc) => [...doc.share.keys()].sort().map((k) => `${k}=${sorted(doc.getMap(k).toJSON())}`).join(';');

describe('guarded room document', () => {
  for (const fixture of POISON_FIXTURES) {
    it(`keeps the room whole against ${fixture.name}`, () => {
      const room = createGuardedDoc([], DEFAULT_LIMITS);
      const member = new Y.Doc();
      for (const hex of fixture.updates) {
        const applied = room.apply(fromHex(hex), 'attacker', false);
        if (applied.change) Y.applyUpdate(member, applied.change);
      }
      const { state, restored } = room.checkpoint();
      expect(restored).toBe(false); // refused up front, not found at the checkpoint
      const joiner = new Y.Doc();
      Y.applyUpdate(joiner, state);
      expect(joiner.store.pendingStructs).toBeNull();
      expect(Y.encodeStateVector(joiner)).toEqual(Y.encodeStateVector(member));
      expect(content(joiner)).toBe(content(member));
      room.destroy();
    });
  }

  it('holds an update whose dependency has not come, and applies it when it does', () => {
    const room = createGuardedDoc([], DEFAULT_LIMITS);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'first');
    source.getText('t').insert(5, ' second');
    expect(room.apply(updates[1]!, 'a', false).change).toBeNull();
    expect(room.doc.store.pendingStructs).toBeNull();
    const both = room.apply(updates[0]!, 'a', false);
    expect(both.change).not.toBeNull();
    expect(room.doc.getText('t').toString()).toBe('first second');
  });
});
