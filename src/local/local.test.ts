import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { InvalidPatternError } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { openLocalDb } from './db.ts';
import { createPatternLibrary, newPatternId, PresetPatternError } from './patterns.ts';
import { DEFAULT_SETTINGS, openSettingsStore, parseSettings } from './settings.ts';

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
    await expect(lib.save(PRESETS[0])).rejects.toEqual(new PresetPatternError(PRESETS[0]!.id));
    expect(await lib.list()).toEqual([]);
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
  it('start from defaults, apply a change at once (reactively, in a Solid root) and keep it across reopenings', async () => {
    const name = `settings-${++dbCount}`;
    const store = await openSettingsStore(await openLocalDb(name));
    // The effect is made before any await, while the root is still the owner.
    await createRoot(async (dispose) => {
      const themes: string[] = [];
      createEffect(() => themes.push(store().theme));
      expect(store()).toEqual(DEFAULT_SETTINGS);
      await vi.waitFor(() => expect(themes).toEqual(['system']));
      const written = store.update({ tones: true, theme: 'dark' });
      expect(store()).toEqual({ ...DEFAULT_SETTINGS, tones: true, theme: 'dark' });
      await vi.waitFor(() => expect(themes).toEqual(['system', 'dark']));
      await written;
      await store.update({ prepSeconds: 5 });
      // A change to another field reruns what reads the settings, with the theme kept.
      await vi.waitFor(() => expect(themes).toEqual(['system', 'dark', 'dark']));
      dispose();
    });
    const reopened = await openSettingsStore(await openLocalDb(name));
    expect(reopened()).toEqual({ ...DEFAULT_SETTINGS, tones: true, theme: 'dark', prepSeconds: 5 });
  });

  it('keep a change that could not be written for this visit, and say so in the console', async () => {
    const db = await freshDb();
    const store = await openSettingsStore(db);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await createRoot(async (dispose) => {
      const vibration: boolean[] = [];
      createEffect(() => vibration.push(store().vibration));
      await vi.waitFor(() => expect(vibration).toEqual([true]));
      db.close(); // every later write fails
      await store.update({ vibration: false });
      expect(store().vibration).toBe(false);
      await vi.waitFor(() => expect(vibration).toEqual([true, false]));
      dispose();
    });
    expect(logged).toHaveBeenCalledWith('settings not saved', expect.anything());
    logged.mockRestore();
  });

  it('repair bad stored fields one by one', () => {
    expect(parseSettings({ tones: 'yes', prepSeconds: 1e9, theme: 'neon', vibration: false })).toEqual({
      ...DEFAULT_SETTINGS,
      vibration: false,
    });
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    // A length is one of the offered choices, or the pattern's own.
    expect(parseSettings({ minutes: 7 }).minutes).toBe(0);
    expect(parseSettings({ minutes: '10' }).minutes).toBe(0);
    expect(parseSettings({ minutes: 10 }).minutes).toBe(10);
  });

  it('keep the sound choices that are valid and repair the rest', () => {
    const sound = {
      chimes: 'bowl',
      soundscape: 'ocean',
      voice: true,
      voiceCount: true,
      voiceName: 'Google UK English Female',
      voiceRate: 0.85,
      voiceVolume: 0.4,
      chimeVolume: 0,
      ambienceVolume: 1,
    };
    expect(parseSettings(sound)).toEqual({ ...DEFAULT_SETTINGS, ...sound });
    expect(
      parseSettings({
        chimes: 'gong',
        soundscape: 'rain',
        voice: 'on',
        voiceCount: 1,
        voiceName: 'x'.repeat(300),
        voiceRate: 2,
        voiceVolume: -0.1,
        chimeVolume: Number.NaN,
        ambienceVolume: '0.5',
      }),
    ).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ voiceRate: 0.7 }).voiceRate).toBe(0.7);
    expect(parseSettings({ voiceRate: 1.3 }).voiceRate).toBe(1.3);
    expect(parseSettings({ voiceRate: 0.69 }).voiceRate).toBe(1);
    expect(parseSettings({}).voiceCount).toBe(false);
    expect(parseSettings({ voiceCount: 'yes' }).voiceCount).toBe(false);
  });

  it('remember the last pattern and length across reopenings', async () => {
    const name = `settings-${++dbCount}`;
    const store = await openSettingsStore(await openLocalDb(name));
    await store.update({ patternId: 'preset:box', minutes: 3 });
    const reopened = await openSettingsStore(await openLocalDb(name));
    expect(reopened()).toMatchObject({ patternId: 'preset:box', minutes: 3 });
  });
});
