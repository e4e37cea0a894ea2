/**
 * The app-wide state handed to routes through context: device services, settings, the pattern
 * list and whether a session is running. Data is loaded here, at the edge; components render it.
 */
import { createContext, createResource, createSignal, useContext, type Accessor, type Resource } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import type { PatternLibrary } from '../local/patterns.ts';
import { DEFAULT_SETTINGS, type Settings, type SettingsStore } from '../local/settings.ts';
import type { Clock } from '../practice/clock.ts';
import type { TonePlayer } from '../practice/tones.ts';

export interface Services {
  readonly library: PatternLibrary;
  readonly settingsStore: SettingsStore;
  readonly clock: Clock;
  readonly tones: TonePlayer;
}

export interface AppState {
  readonly services: Services;
  readonly settings: Accessor<Settings>;
  updateSettings(patch: Partial<Settings>): void;
  /** Custom patterns; `allPatterns` puts the presets first. */
  readonly customPatterns: Resource<Pattern[]>;
  readonly allPatterns: Accessor<readonly Pattern[]>;
  refreshPatterns(): void;
  readonly sessionActive: Accessor<boolean>;
  setSessionActive(active: boolean): void;
}

const AppContext = createContext<AppState>();

export function createAppState(services: Services, initialSettings: Settings = DEFAULT_SETTINGS): AppState {
  const [settings, setSettings] = createSignal(initialSettings);
  const [customPatterns, { refetch }] = createResource(() => services.library.list(), { initialValue: [] });
  const [sessionActive, setSessionActive] = createSignal(false);
  return {
    services,
    settings,
    updateSettings(patch) {
      const next = { ...settings(), ...patch };
      setSettings(next);
      // The setting applies now either way; a failed write (storage full) only loses it on reload.
      services.settingsStore.save(next).catch((error: unknown) => console.error('settings not saved', error));
    },
    customPatterns,
    allPatterns: () => [...PRESETS, ...(customPatterns.latest ?? [])],
    refreshPatterns: () => void refetch(),
    sessionActive,
    setSessionActive,
  };
}

export const AppProvider = AppContext.Provider;

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp() outside <AppProvider>');
  return state;
}

/**
 * m:ss for a duration. Countdowns round up (a phase shows 1 until it is over); clocks of time
 * already spent round down.
 */
export function formatDuration(ms: number, rounding: 'up' | 'down' = 'up'): string {
  const total = Math.max(0, rounding === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
