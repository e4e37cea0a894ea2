/** The update guard: every poison fixture refused or held, legit traffic never refused, a guarded fuzz run clean. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { POISON_FIXTURES } from './testing/poison-fixtures.ts';
import { createUpdateGuard, guardedApply, inspectUpdate, loadsBack, UpdateRefusedError } from './update-guard.ts';
import { checkSequence, createRng, FAILURES, fromHex, generateCase, legitScenario, snapshotDoc, type ApplyHooks } from './testing/yjs-fuzz.ts';

/** Guarded apply for the oracle that records any exception other than a refusal (none may escape). */
const strictHooks = (escaped: unknown[]): ApplyHooks => ({
  apply(doc, update) {
    try {
      guardedApply(doc, update, 'peer');
    } catch (e) {
      if (!(e instanceof UpdateRefusedError)) escaped.push(e);
      throw e;
    }
  },
});

const reference = (updates: readonly Uint8Array[]): string => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return snapshotDoc(doc);
};

describe('update guard', () => {
  for (const fixture of POISON_FIXTURES) {
    it(`neutralises ${fixture.name}`, () => {
      const doc = new Y.Doc();
      const guard = createUpdateGuard(doc);
      for (const hex of fixture.updates) {
        try {
          guard.receive(fromHex(hex), 'attacker');
        } catch (e) {
          expect(e).toBeInstanceOf(UpdateRefusedError);
        }
      }
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
      expect(loadsBack(doc)).toBe(true);
      const escaped: unknown[] = [];
      const verdict = checkSequence(fixture.updates.map(fromHex), strictHooks(escaped));
      expect(escaped).toEqual([]);
      expect([...verdict.classes]).toEqual([]);
    });
  }

  it('never refuses legit sessions, in order (nothing held) or out of order (all released)', () => {
    const rng = createRng(42);
    for (let i = 0; i < 300; i++) {
      const { updates } = legitScenario(rng);
      const order = i % 2 === 0 ? updates : [...updates].sort(() => rng.next() - 0.5);
      const doc = new Y.Doc();
      const guard = createUpdateGuard(doc, { roots: ['room', 'members', 'list', 'notes'] });
      for (const u of order) guard.receive(u, 'member');
      expect(guard.held()).toBe(0);
      expect(snapshotDoc(doc)).toBe(reference(updates));
      expect(doc.store.pendingStructs).toBeNull();
    }
  }, 60_000);

  it('never refuses the app-only kinds of edit with the app roots', () => {
    const rng = createRng(7);
    for (let i = 0; i < 100; i++) {
      const { updates } = legitScenario(rng, { coverage: false });
      const doc = new Y.Doc();
      const guard = createUpdateGuard(doc, { roots: ['room', 'members'] });
      for (const u of updates) guard.receive(u, 'member');
      expect(snapshotDoc(doc)).toBe(reference(updates));
    }
  });

  it('refuses roots the room does not use, too many types, and subdocuments', () => {
    const a = new Y.Doc();
    const updates: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => updates.push(u));
    a.getArray('elsewhere').insert(0, [1]);
    a.getMap('room').set('m', new Y.Map());
    a.getMap('room').set('d', new Y.Doc());
    const doc = new Y.Doc();
    expect(() => inspectUpdate(doc, updates[0]!, { roots: ['room'] })).toThrow(expect.objectContaining({ reason: 'root-not-allowed' }));
    expect(() => inspectUpdate(doc, updates[1]!, { maxTypesPerUpdate: 0 })).toThrow(expect.objectContaining({ reason: 'too-many-types' }));
    expect(inspectUpdate(doc, updates[1]!).counts).toMatchObject({ structs: 1, types: 1 });
    expect(() => inspectUpdate(doc, updates[2]!)).toThrow(expect.objectContaining({ reason: 'subdocument' }));
  });

  it('holds an update until what it references arrives, per origin up to a limit, and forgets a leaver', () => {
    const a = new Y.Doc();
    a.clientID = 1;
    const updates: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 4; i++) a.getMap('room').set('k', i);
    const doc = new Y.Doc();
    const relayed: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => relayed.push(u));
    const guard = createUpdateGuard(doc, { maxHeldPerOrigin: 2 });
    expect(guard.receive(updates[3]!, 'x').applied).toBe(false);
    expect(guard.receive(updates[2]!, 'x').applied).toBe(false);
    expect(() => guard.receive(updates[1]!, 'x')).toThrow(expect.objectContaining({ reason: 'held-overflow' }));
    expect(guard.receive(updates[1]!, 'y').applied).toBe(false);
    expect(guard.receive(updates[0]!, 'y')).toMatchObject({ applied: true, released: 3, held: 0 });
    expect(doc.getMap('room').get('k')).toBe(3);
    expect(relayed).toHaveLength(4);
    guard.receive(Uint8Array.from([0, 1, 9, 1, 0, 1]), 'z'); // deletes on a client never seen
    expect(guard.held()).toBe(1);
    guard.forget('z');
    expect(guard.held()).toBe(0);
    expect(doc.store.pendingDs).toBeNull();
  });

  it('refuses garbage as malformed', () => {
    const doc = new Y.Doc();
    for (const bytes of [[], [1], [1, 1, 1, 0, 4], [0, 0, 0]]) expect(() => inspectUpdate(doc, Uint8Array.from(bytes))).toThrow(UpdateRefusedError);
  });

  it('loadsBack tells a loadable doc from a poisoned one', () => {
    const doc = new Y.Doc();
    doc.getMap('room').set('k', 1);
    expect(loadsBack(doc)).toBe(true);
    Y.applyUpdate(doc, fromHex(POISON_FIXTURES[0]!.updates[0]!));
    expect(loadsBack(doc)).toBe(false);
  });

  it('lets no exception escape and keeps every accepted state loadable and convergent (seeded fuzz, 2,000 cases)', () => {
    const escaped: unknown[] = [];
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const c = generateCase(2024, i);
      const v = checkSequence(c.updates, strictHooks(escaped));
      for (const k of [...FAILURES, 'pending' as const]) if (v.classes.has(k)) failures.push(`case ${i}: ${k}`);
    }
    expect(escaped).toEqual([]);
    expect(failures).toEqual([]);
  });
});
