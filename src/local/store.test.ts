/** The patterns store over a real library (fake-indexeddb), read inside a reactive root as the UI does. */
import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { InvalidPatternError, type Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { openLocalDb } from './db.ts';
import { createPatternLibrary, newPatternId } from './patterns.ts';
import { createPatternsStore, PresetPatternError } from './store.ts';

let n = 0;
const freshStore = async () => createPatternsStore(createPatternLibrary(await openLocalDb(`patterns-store-${++n}`)));

const mine = (name: string) => ({
  id: newPatternId(),
  name,
  phases: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ],
  length: { unit: 'minutes', value: 8 },
});

describe('patterns store', () => {
  it('lists presets first, then custom patterns by name, and follows saves and removals by itself', async () => {
    const store = await freshStore();
    await createRoot(async (dispose) => {
      const seen: (readonly Pattern[])[] = [];
      createEffect(() => seen.push(store.all()));
      expect(store.all()).toEqual(PRESETS);

      const zeta = await store.save(mine('Zeta'));
      const alpha = await store.save(mine('Alpha'));
      expect(store.custom()).toEqual([alpha, zeta]);
      expect(store.all()).toEqual([...PRESETS, alpha, zeta]);
      await vi.waitFor(() => expect(seen.at(-1)).toEqual([...PRESETS, alpha, zeta]));

      await store.save({ ...zeta, name: 'Beta' });
      expect(store.custom().map((p) => p.name)).toEqual(['Alpha', 'Beta']);
      expect(await store.get(zeta.id)).toEqual({ ...zeta, name: 'Beta' });

      await store.remove(alpha.id);
      expect(store.custom().map((p) => p.name)).toEqual(['Beta']);
      await vi.waitFor(() => expect(seen.at(-1)?.length).toBe(PRESETS.length + 1));
      dispose();
    });
  });

  it('finds what an earlier visit stored once it has read it', async () => {
    const name = `patterns-store-${++n}`;
    const saved = await createPatternsStore(createPatternLibrary(await openLocalDb(name))).save(mine('Kept'));
    const later = createPatternsStore(createPatternLibrary(await openLocalDb(name)));
    await vi.waitFor(() => expect(later.custom()).toEqual([saved]));
  });

  it('refuses an invalid pattern or a preset with named errors and lists nothing new', async () => {
    const store = await freshStore();
    const invalid = await store.save({ ...mine(''), phases: [{ kind: 'hold', seconds: 0.1 }] }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidPatternError);
    expect((invalid as InvalidPatternError).problems).toContainEqual({ code: 'phase-too-short', phase: 1, min: 0.5 });
    await expect(store.save(PRESETS[1])).rejects.toBeInstanceOf(PresetPatternError);
    expect(store.custom()).toEqual([]);
    expect(await store.get(PRESETS[1]!.id)).toBeUndefined();
  });
});
