/** The update guard: every poison fixture refused, legit traffic never refused, a guarded fuzz run clean. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { POISON_FIXTURES } from './testing/poison-fixtures.ts';
import { proveLoadsBack } from './room-doc.ts';
import { applyChecked, inspectUpdate } from './update-guard.ts';
import { UpdateRefusedError } from './update-reader.ts';
import {
  checkSequence,
  createRng,
  FAILURES,
  fromHex,
  generateCase,
  legitScenario,
  relayApply,
  snapshotDoc,
  type ApplyHooks,
} from './testing/yjs-fuzz.ts';

/** The relay's apply for the oracle, recording any exception other than a refusal (none may escape). */
const strictHooks = (escaped: unknown[]): ApplyHooks => ({
  apply(doc, update) {
    try {
      relayApply.apply(doc, update);
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

/** Sends every update until all are applied, as members resyncing would; none may ever be refused, and each round must apply some. */
function applyAll(doc: Y.Doc, updates: readonly Uint8Array[], roots: readonly string[]): void {
  let waiting = [...updates];
  while (waiting.length > 0) {
    const before = waiting.length;
    waiting = waiting.filter((u) => applyChecked(doc, u, 'member', { roots }) === 'incomplete');
    expect(waiting.length).toBeLessThan(before);
  }
}

describe('update guard', () => {
  for (const fixture of POISON_FIXTURES) {
    it(`neutralises ${fixture.name}`, () => {
      const doc = new Y.Doc();
      for (const hex of fixture.updates) {
        try {
          applyChecked(doc, fromHex(hex), 'attacker');
        } catch (e) {
          expect(e).toBeInstanceOf(UpdateRefusedError);
        }
      }
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
      expect(proveLoadsBack(doc)).not.toBeNull();
      const escaped: unknown[] = [];
      const verdict = checkSequence(fixture.updates.map(fromHex), strictHooks(escaped));
      expect(escaped).toEqual([]);
      expect([...verdict.classes]).toEqual([]);
    });
  }

  it('never refuses legit sessions; out of order, what it calls incomplete applies once what it builds on came (as after a resync)', () => {
    const rng = createRng(42);
    for (let i = 0; i < 300; i++) {
      const { updates } = legitScenario(rng);
      const order = i % 2 === 0 ? updates : [...updates].sort(() => rng.next() - 0.5);
      const doc = new Y.Doc();
      applyAll(doc, order, ['room', 'members', 'list', 'notes']);
      expect(snapshotDoc(doc)).toBe(reference(updates));
      expect(doc.store.pendingStructs).toBeNull();
    }
  }, 60_000);

  it('never refuses the app-only kinds of edit with the app roots', () => {
    const rng = createRng(7);
    for (let i = 0; i < 100; i++) {
      const { updates } = legitScenario(rng, { coverage: false });
      const doc = new Y.Doc();
      applyAll(doc, updates, ['room', 'members']);
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

  it('applies nothing of an update that references what the doc lacks, deletions on an unknown client included', () => {
    const a = new Y.Doc();
    a.clientID = 1;
    const updates: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 2; i++) a.getMap('room').set('k', i);
    const doc = new Y.Doc();
    expect(applyChecked(doc, updates[1]!, 'x')).toBe('incomplete');
    expect(applyChecked(doc, Uint8Array.from([0, 1, 9, 1, 0, 1]), 'z')).toBe('incomplete');
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.store.pendingDs).toBeNull();
    expect(applyChecked(doc, updates[0]!, 'x')).toBe('applied');
    expect(applyChecked(doc, updates[1]!, 'x')).toBe('applied');
    expect(doc.getMap('room').get('k')).toBe(1);
  });

  it('refuses garbage as malformed', () => {
    const doc = new Y.Doc();
    for (const bytes of [[], [1], [1, 1, 1, 0, 4], [0, 0, 0]])
      expect(() => inspectUpdate(doc, Uint8Array.from(bytes))).toThrow(UpdateRefusedError);
  });

  it('the load-back proof tells a loadable doc from a poisoned one', () => {
    const doc = new Y.Doc();
    doc.getMap('room').set('k', 1);
    expect(proveLoadsBack(doc)).not.toBeNull();
    Y.applyUpdate(doc, fromHex(POISON_FIXTURES[0]!.updates[0]!));
    expect(proveLoadsBack(doc)).toBeNull();
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
