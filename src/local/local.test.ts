import { describe, expect, it } from 'vitest';
import { InvalidPatternError } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { openLocalDb } from './db.ts';
import { createPatternLibrary, newPatternId } from './patterns.ts';
import { createSettingsStore, DEFAULT_SETTINGS, parseSettings } from './settings.ts';

let dbCount = 0;
const freshDb = () => openLocalDb(`test-${++dbCount}`);

const mine = () => ({
  id: newPatternId(),
  name: 'Evening 4-6',
  phases: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ],
  length: { unit: 'minutes', value: 8 },
});

describe('pattern library', () => {
  it('creates, lists, edits and deletes custom patterns across reopenings', async () => {
    const name = `lib-${++dbCount}`;
    const lib = createPatternLibrary(await openLocalDb(name));
    const p = await lib.save(mine());
    await lib.save({ ...p, name: 'Evening, longer', length: { unit: 'cycles', value: 40 } });

    const reopened = createPatternLibrary(await openLocalDb(name));
    expect(await reopened.list()).toEqual([{ ...p, name: 'Evening, longer', length: { unit: 'cycles', value: 40 } }]);
    await reopened.remove(p.id);
    expect(await reopened.list()).toEqual([]);
  });

  it('refuses an invalid pattern and stores nothing', async () => {
    const lib = createPatternLibrary(await freshDb());
    await expect(lib.save({ ...mine(), phases: [] })).rejects.toBeInstanceOf(InvalidPatternError);
    expect(await lib.list()).toEqual([]);
  });

  it('refuses to store a preset as a custom pattern', async () => {
    const lib = createPatternLibrary(await freshDb());
    await expect(lib.save(PRESETS[0])).rejects.toThrow(/Presets/);
  });

  it('skips a stored record that no longer validates', async () => {
    const db = await freshDb();
    const lib = createPatternLibrary(db);
    const good = await lib.save(mine());
    await db.put('patterns', { id: 'broken', name: 'x', phases: [{ kind: 'hold', seconds: -1 }] } as never);
    expect(await lib.list()).toEqual([good]);
    expect(await lib.get('broken')).toBeUndefined();
  });
});

describe('settings', () => {
  it('start from defaults and round-trip', async () => {
    const store = createSettingsStore(await freshDb());
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    const changed = { ...DEFAULT_SETTINGS, tones: true, theme: 'dark' as const, prepSeconds: 5 };
    await store.save(changed);
    expect(await store.load()).toEqual(changed);
  });

  it('repair bad stored fields one by one', () => {
    expect(parseSettings({ tones: 'yes', prepSeconds: 1e9, theme: 'neon', vibration: false })).toEqual({
      ...DEFAULT_SETTINGS,
      vibration: false,
    });
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
  });
});
