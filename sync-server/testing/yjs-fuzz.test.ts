/** The fuzzer's own parts: the update model, determinism, the oracle, and the fixtures it found. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { POISON_FIXTURES } from './poison-fixtures.ts';
import {
  checkSequence,
  createRng,
  fromHex,
  generateCase,
  legitScenario,
  minimize,
  parseUpdate,
  runCases,
  snapshotDoc,
  toHex,
  writeUpdate,
} from './yjs-fuzz.ts';

describe('yjs-fuzz', () => {
  it('writes back every legit update byte for byte', () => {
    const rng = createRng(3);
    for (let i = 0; i < 40; i++) for (const u of legitScenario(rng).updates) expect(toHex(writeUpdate(parseUpdate(u)))).toBe(toHex(u));
  });

  it('makes the same case from the same seed and index', () => {
    const a = generateCase(5, 123);
    const b = generateCase(5, 123);
    expect(a.updates.map(toHex)).toEqual(b.updates.map(toHex));
    expect(generateCase(5, 124).updates.map(toHex)).not.toEqual(a.updates.map(toHex));
  });

  it('finds nothing in legit sessions, in order or shuffled', () => {
    const rng = createRng(9);
    for (let i = 0; i < 60; i++) {
      const { updates } = legitScenario(rng);
      expect([...checkSequence(updates).classes]).toEqual([]);
      const shuffled = [...updates].sort(() => rng.next() - 0.5);
      expect([...checkSequence(shuffled).classes]).toEqual([]);
    }
  });

  it('snapshots converged docs equally and different content differently', () => {
    const a = new Y.Doc();
    a.getMap('room').set('k', 1);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(snapshotDoc(b)).toBe(snapshotDoc(a));
    b.getMap('room').set('k', 2);
    expect(snapshotDoc(b)).not.toBe(snapshotDoc(a));
  });

  for (const fixture of POISON_FIXTURES) {
    it(`reproduces ${fixture.name} on a bare relay`, () => {
      const updates = fixture.updates.map(fromHex);
      for (const u of updates) expect(() => Y.decodeUpdate(u)).not.toThrow();
      const verdict = checkSequence(updates);
      for (const c of fixture.expect) expect(verdict.classes, `${fixture.name}: ${c}`).toContain(c);
    });
  }

  it('minimizes a finding to a sequence that still shows it', () => {
    const padded = [...legitScenario(createRng(1)).updates, fromHex(POISON_FIXTURES[0]!.updates[0]!)];
    const small = minimize(padded, 'reload-throws', true);
    expect(small.length).toBe(1);
    expect(checkSequence(small).classes).toContain('reload-throws');
  });

  it('runs a seeded batch and reports per class', () => {
    const stats = runCases(1, 0, 200);
    expect(stats.cases).toBe(200);
    expect(stats.counts.pending ?? 0).toBeGreaterThan(0);
  });
});
