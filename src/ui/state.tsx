/**
 * The app-wide state handed to routes through context: device services, settings, the pattern
 * list and whether a session is running. Data is loaded here, at the edge; components render it.
 */
import { createContext, createResource, createSignal, useContext, type Accessor, type Resource } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import type { LocalDb } from '../local/db.ts';
import type { PatternLibrary } from '../local/patterns.ts';
import { DEFAULT_SETTINGS, type Settings, type SettingsStore } from '../local/settings.ts';
import type { Clock } from '../practice/clock.ts';
import type { TonePlayer } from '../practice/tones.ts';
import type { EraseReport } from '../vault/erase.ts';
import { createJournalStore, type JournalStore } from '../vault/store.ts';
import type { Vault } from '../vault/vault.ts';

export interface Services {
  /** The device-local database (patterns, settings, own glyphs). */
  readonly db: LocalDb;
  readonly library: PatternLibrary;
  readonly settingsStore: SettingsStore;
  readonly clock: Clock;
  readonly tones: TonePlayer;
  /** The opened journal, or why it could not be opened (practice works either way). */
  readonly vault: Vault | Error;
  /** Names of every database the app keeps, and a way to close the non-journal ones (for erase). */
  readonly databases: readonly string[];
  closeLocalStorage(): void;
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
  readonly journal: JournalStore;
  /** Deletes everything the app keeps on this device; `erased` then holds the proof. */
  eraseEverything(): Promise<void>;
  readonly erased: Accessor<EraseReport | null>;
}

const AppContext = createContext<AppState>();

export function createAppState(services: Services, initialSettings: Settings = DEFAULT_SETTINGS): AppState {
  const [settings, setSettings] = createSignal(initialSettings);
  const [customPatterns, { refetch }] = createResource(() => services.library.list(), { initialValue: [] });
  const [sessionActive, setSessionActive] = createSignal(false);
  const journal = createJournalStore(services.vault, {
    autoLockMs: () => settings().autoLockMinutes * 60_000,
    busy: sessionActive,
    databases: services.databases,
  });
  const [erased, setErased] = createSignal<EraseReport | null>(null);
  return {
    journal,
    erased,
    async eraseEverything() {
      setErased(await journal.erase(services.closeLocalStorage));
    },
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
